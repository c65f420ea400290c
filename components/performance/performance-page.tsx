'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTRPC } from '@/components/providers/trpc';
import { Card, ErrorNote, PageHeader, Stat } from '@/components/ui/card';
import { fmtMoney, fmtPct, fmtSignedMoney, fmtTime } from '@/components/ui/format';

const PERIODS = [['7d', '7 days'], ['30d', '30 days'], ['90d', '90 days'], ['365d', '1 year'], ['all', 'All']] as const;
type Period = (typeof PERIODS)[number][0];
const C = { grid: '#223041', text: '#8b98a5', equity: '#58a6ff', up: '#3fb950', down: '#f85149', dd: '#f85149' };
const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const axis = { stroke: C.text, fontSize: 11, tickLine: false } as const;
const tooltip = { contentStyle: { background: '#121821', border: '1px solid #223041', borderRadius: 8, color: '#e6edf3' }, labelStyle: { color: '#8b98a5' } };

/**
 * Performance: the backtest's metric functions over the account's equity snapshots and
 * closed trades in the chosen period (ending at the latest snapshot: the candle clock in
 * paper replay), with equity, daily P&L and drawdown charts and a per-strategy table.
 */
export function PerformancePage() {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<Period>('30d');
  const q = useQuery(trpc.performance.get.queryOptions({ period }, { placeholderData: keepPreviousData, refetchInterval: 5000 }));
  const d = q.data;
  const cur = d?.quoteCurrency ?? 'USDT';
  const m = d?.metrics;
  const isShortSample = m !== undefined && m.dailyReturns < 30;
  const hasTrades = m !== undefined && m.trades > 0;

  return (
    <>
      <PageHeader title="Performance" subtitle={d?.to ? `${fmtTime(d.from)} → ${fmtTime(d.to)}` : 'Equity, daily P&L, drawdown and per-strategy statistics.'}>
        <div className="segmented" role="group" aria-label="Period">
          {PERIODS.map(([p, label]) => (
            <button key={p} type="button" className={`btn btn-small ${p === period ? 'btn-primary' : ''}`} aria-pressed={p === period} onClick={() => setPeriod(p)} data-testid={`period-${p}`}>{label}</button>
          ))}
        </div>
      </PageHeader>
      <ErrorNote error={q.error} />
      <div className="status-strip" data-testid="perf-metrics">
        <Stat label="Sharpe" value={m ? m.sharpe.toFixed(2) : '—'} sub={m ? `${m.dailyReturns} daily returns${isShortSample ? ' (under 30: not yet meaningful)' : ''}` : undefined} tone={isShortSample ? undefined : m && m.sharpe > 1 ? 'ok' : 'warn'} testId="perf-sharpe" />
        <Stat label="Max drawdown" value={m ? fmtPct(m.maxDrawdown) : '—'} sub="peak to trough in the period" tone={m && m.maxDrawdown > 0.1 ? 'bad' : 'ok'} testId="perf-maxdd" />
        <Stat label="Win rate" value={hasTrades ? fmtPct(m.winRate) : '—'} sub={m ? `${m.trades} closed trades` : undefined} testId="perf-winrate" />
        <Stat label="Average R" value={hasTrades ? m.avgR.toFixed(2) : '—'} sub={hasTrades ? `expectancy ${fmtSignedMoney(m.expectancy, cur)} a trade` : 'no closed trade in the period'} tone={m && m.avgR < 0 ? 'bad' : undefined} testId="perf-avgr" />
        <Stat label="Profit factor" value={!hasTrades ? '—' : m.profitFactor === null ? '∞' : m.profitFactor.toFixed(2)} sub={m ? `return ${fmtPct(m.totalReturn)} · fees ${fmtMoney(m.totalFees, cur)}` : undefined} testId="perf-pf" />
      </div>
      {d?.isTruncated && <p className="muted small">This period holds more equity snapshots than one request reads: the figures cover its most recent part.</p>}

      <Card title="Equity" testId="chart-equity">
        <div className="chart-box">
          {d && d.curve.length > 1 ? (
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={d.curve} margin={{ top: 6, right: 8, left: 8, bottom: 0 }}>
                <CartesianGrid stroke={C.grid} vertical={false} />
                <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={day} {...axis} minTickGap={40} />
                <YAxis domain={['auto', 'auto']} width={70} tickFormatter={(v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 })} {...axis} />
                <Tooltip {...tooltip} labelFormatter={(t) => fmtTime(new Date(Number(t)))} formatter={(v) => [fmtMoney(Number(v), cur), 'equity']} />
                <Area type="monotone" dataKey="equity" stroke={C.equity} fill={C.equity} fillOpacity={0.12} isAnimationActive={false} dot={false} />
              </AreaChart>
            </ResponsiveContainer>
          ) : <p className="muted">{q.isPending ? 'Loading…' : 'No equity history in this period yet.'}</p>}
        </div>
      </Card>

      <div className="grid-2">
        <Card title="Daily P&L" testId="chart-daily">
          <div className="chart-box">
            {d && d.daily.length > 0 ? (
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={d.daily} margin={{ top: 6, right: 8, left: 8, bottom: 0 }}>
                  <CartesianGrid stroke={C.grid} vertical={false} />
                  <XAxis dataKey="day" tickFormatter={day} {...axis} minTickGap={30} />
                  <YAxis width={60} {...axis} />
                  <ReferenceLine y={0} stroke={C.text} />
                  <Tooltip {...tooltip} labelFormatter={(t) => day(Number(t))} formatter={(v) => [fmtSignedMoney(Number(v), cur), 'P&L']} />
                  <Bar dataKey="pnl" isAnimationActive={false}>
                    {d.daily.map((x) => <Cell key={x.day} fill={x.pnl < 0 ? C.down : C.up} />)}
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            ) : <p className="muted">{q.isPending ? 'Loading…' : 'Needs two days of equity history.'}</p>}
          </div>
        </Card>
        <Card title="Drawdown from peak" testId="chart-drawdown">
          <div className="chart-box">
            {d && d.curve.length > 1 ? (
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={d.curve.map((p) => ({ t: p.t, dd: -p.drawdown * 100 }))} margin={{ top: 6, right: 8, left: 8, bottom: 0 }}>
                  <CartesianGrid stroke={C.grid} vertical={false} />
                  <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={day} {...axis} minTickGap={40} />
                  <YAxis width={50} tickFormatter={(v: number) => `${v.toFixed(0)}%`} {...axis} domain={[(min: number) => Math.min(min, -21), 0]} ticks={[0, -5, -10, -15, -20]} />
                  <ReferenceLine y={-10} stroke="#d29922" strokeDasharray="4 4" label={{ value: 'half size', fill: C.text, fontSize: 10, position: 'insideBottomLeft' }} />
                  <ReferenceLine y={-15} stroke="#d29922" strokeDasharray="4 4" label={{ value: 'pause', fill: C.text, fontSize: 10, position: 'insideBottomLeft' }} />
                  <ReferenceLine y={-20} stroke={C.dd} strokeDasharray="4 4" label={{ value: 'lock', fill: C.text, fontSize: 10, position: 'insideBottomLeft' }} />
                  <Tooltip {...tooltip} labelFormatter={(t) => fmtTime(new Date(Number(t)))} formatter={(v) => [`${Number(v).toFixed(2)}%`, 'drawdown']} />
                  <Area type="monotone" dataKey="dd" stroke={C.dd} fill={C.dd} fillOpacity={0.15} isAnimationActive={false} dot={false} />
                </AreaChart>
              </ResponsiveContainer>
            ) : <p className="muted">{q.isPending ? 'Loading…' : 'No equity history in this period yet.'}</p>}
          </div>
        </Card>
      </div>

      <Card title="By strategy" testId="perf-strategies">
        {!d || d.byStrategy.length === 0 ? <p className="muted">{q.isPending ? 'Loading…' : 'No closed trade in this period.'}</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Strategy</th><th>Trades</th><th>Win rate</th><th>Average R</th><th>Expectancy</th><th>Profit factor</th><th>P&amp;L</th></tr></thead>
              <tbody>
                {d.byStrategy.map((s) => (
                  <tr key={s.strategy} data-testid="strategy-row">
                    <td>{s.strategy}</td>
                    <td>{s.trades}</td>
                    <td>{fmtPct(s.winRate)}</td>
                    <td className={s.avgR < 0 ? 'tone-text-bad' : undefined}>{s.avgR.toFixed(2)}</td>
                    <td>{fmtSignedMoney(s.expectancy, cur)}</td>
                    <td>{s.profitFactor === null ? '∞' : s.profitFactor.toFixed(2)}</td>
                    <td className={s.pnl < 0 ? 'tone-text-bad' : 'tone-text-ok'}>{fmtSignedMoney(s.pnl, cur)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
