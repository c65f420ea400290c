'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, Card, ErrorNote, PageHeader, Stat } from '@/components/ui/card';
import { fmtAgo, fmtEnum, fmtMoney, fmtPct, fmtShortTime, fmtSignedMoney, fmtTime } from '@/components/ui/format';
import { OpenPositionCells } from '@/components/positions/position-cells';
import { VenueBadge } from '@/components/positions/venue-badge';
import { ExchangeStat } from '@/components/exchange/exchange-stat';
import { Gauge } from '@/components/ui/gauge';
import { SafeModeControl } from './safe-mode-control';
import { WorkersLine } from './workers-line';

const STATE_TONE = { ACTIVE: 'ok', REDUCED: 'warn', PAUSED: 'warn', HALTED: 'bad', LOCKED: 'bad' } as const;
const STATE_TEXT = {
  ACTIVE: 'normal sizing', REDUCED: 'half size (drawdown > 10%)', PAUSED: 'paused (drawdown > 15%)',
  HALTED: 'halted for the day (daily loss limit)', LOCKED: 'locked: manual reset required',
} as const;

/**
 * Overview: polled every second so a change in the database shows within ~1 s. Live lists
 * render into stable slots (keyed by position in the list, fixed table layout, one line a
 * row, fixed-height panels): a row that opens or closes changes what a slot shows, never
 * where anything sits, so live updates shift nothing (CLS 0, asserted in e2e).
 */
export function Overview() {
  const trpc = useTRPC();
  const q = useQuery(trpc.overview.get.queryOptions(undefined, { refetchInterval: 1000, refetchIntervalInBackground: false }));
  useEffect(() => {
    if (q.data) performance.mark('overview-ready');
  }, [q.data]);

  if (q.isPending) return <PageHeader title="Overview" subtitle="Loading…" />;
  if (q.isError) return <><PageHeader title="Overview" /><ErrorNote error={q.error} /></>;
  const o = q.data;
  const cur = o.account.quoteCurrency;
  const worker = o.workers[0];
  const dayPnl = Number(o.risk.dayPnl);
  const dayLossFraction = Number(o.risk.dayStartEquity) > 0 ? Math.max(0, -dayPnl / Number(o.risk.dayStartEquity)) : 0;
  const alerts = o.openAlerts.CRITICAL + o.openAlerts.WARNING + o.openAlerts.INFO;

  return (
    <>
      <PageHeader title="Overview" subtitle={`${o.account.name} · ${o.account.exchange}${o.account.isSandbox ? ' (sandbox)' : ''}`} />

      <div className="status-strip" data-testid="status-strip">
        <Stat label="Trading state" tone={STATE_TONE[o.risk.tradingState]} testId="trading-state"
          value={o.risk.tradingState} sub={o.risk.stateReason ?? STATE_TEXT[o.risk.tradingState]} />
        <Stat label="Safe mode" tone={o.safeMode.applied ? 'warn' : 'ok'} testId="safe-mode-stat"
          value={o.safeMode.applied ? 'ON' : 'OFF'}
          sub={o.safeMode.desired !== o.safeMode.applied ? `requested ${o.safeMode.desired ? 'on' : 'off'} — waiting for worker` : o.safeMode.applied ? 'no new positions' : 'entries allowed'} />
        <Stat label="Worker" testId="worker-status"
          tone={worker?.liveness === 'alive' ? 'ok' : 'bad'}
          value={worker ? worker.liveness.toUpperCase() : 'NONE'}
          sub={worker ? `last beat ${fmtAgo(worker.lastBeatAt, o.serverTime)} · ${fmtTime(worker.lastBeatAt)}` : 'no worker has ever started'} />
        <Stat label="Trading mode" tone={o.tradingMode === 'live' ? 'warn' : 'info'} testId="trading-mode"
          value={o.tradingMode.toUpperCase()} sub={`TRADING_MODE · allocation cap ${fmtPct(o.capitalAllocationCap, 0)}`} />
        <Stat label="Stage" tone="info" testId="stage"
          value={o.stage ? `${o.stage.ordinal} · ${o.stage.name}` : '—'}
          sub={o.stage ? `${fmtPct(o.stage.effectiveAllocation, 0)} of account (${o.stage.mode.toLowerCase()})` : undefined} />
        <ExchangeStat x={o.exchange} now={o.serverTime} />
      </div>
      {o.replay && (
        <p className="muted" data-testid="replay-clock">
          Paper replay of recorded candles · market time {o.replay.cursorTime ? fmtTime(o.replay.cursorTime) : 'starting…'}
        </p>
      )}
      <WorkersLine />

      <div className="grid-2">
        <Card title="Equity" testId="equity-card">
          <div className="equity-row">
            <Stat label="Bot equity" value={<span data-testid="equity">{fmtMoney(o.risk.equity, cur)}</span>} sub={`stage capital ${fmtMoney(o.risk.stageCapital, cur)}`} />
            <Stat label="Today's P&L" tone={dayPnl < 0 ? 'bad' : 'ok'} value={fmtSignedMoney(dayPnl, cur)} sub={`daily loss used ${fmtPct(dayLossFraction)} of 5%`} />
            <Stat label="Drawdown from peak" tone={o.risk.drawdownFraction > 0.1 ? 'bad' : 'ok'} value={fmtPct(o.risk.drawdownFraction)} sub={`peak ${fmtMoney(o.risk.peakEquity, cur)} · tiers 10 / 15 / 20%`} />
          </div>
        </Card>
        <SafeModeControl accountId={o.account.id} safeMode={o.safeMode} />
      </div>

      <div className="grid-2">
        <Card title="Risk at a glance" testId="risk-glance">
          <Gauge label="Total exposure" value={o.exposure.total} max={o.exposure.limits.total * 1.25} marks={[{ at: o.exposure.limits.total, label: 'limit' }]} />
          <Gauge label="Daily loss (halts the day)" value={o.exposure.dayLossFraction} max={o.exposure.limits.dailyLoss * 1.25} marks={[{ at: o.exposure.limits.dailyLoss, label: 'halt' }]} />
          <Gauge label={`Drawdown from peak · ${STATE_TEXT[o.risk.tradingState]}`} value={o.risk.drawdownFraction} max={o.exposure.limits.lock * 1.25}
            marks={[{ at: o.exposure.limits.reduce, label: 'half' }, { at: o.exposure.limits.pause, label: 'pause' }, { at: o.exposure.limits.lock, label: 'lock' }]} />
        </Card>
        <Card title="Exposure per asset" testId="exposure-assets">
          <div className="live-box live-box-assets" tabIndex={0} role="region" aria-label="Exposure per asset">
            {o.exposure.byAsset.length === 0 ? <p className="muted">No exposure: nothing is open.</p>
              : o.exposure.byAsset.map((a, i) => (
                <Gauge key={i} label={a.asset} value={a.fraction} max={o.exposure.limits.asset * 1.25} marks={[{ at: o.exposure.limits.asset, label: 'limit' }]} />
              ))}
          </div>
        </Card>
      </div>

      <Card title={`Open positions (${o.positions.length})`} testId="open-positions">
        <div className="live-box live-box-positions" tabIndex={0} role="region" aria-label="Open positions">
        {o.positions.length === 0 ? <p className="muted">No open position.</p> : (
          <div className="table-wrap"><table className="table table-live table-compact">
            {/* fixed layout, widths measured at 1280 px (a 980 px table): every column fits its widest value, the badges under symbol and stop included */}
            <colgroup><col style={{ width: '11%' }} /><col style={{ width: '15%' }} /><col style={{ width: '7.2%' }} /><col style={{ width: '9.2%' }} /><col style={{ width: '9%' }} />
              <col style={{ width: '9.2%' }} /><col style={{ width: '9.2%' }} /><col style={{ width: '10.6%' }} /><col style={{ width: '5.2%' }} /><col style={{ width: '14.4%' }} /></colgroup>
            <thead><tr><th>Symbol</th><th>Strategy</th><th>Qty</th><th>Entry</th><th>Mark</th><th>Stop</th><th>Target</th><th>Unrealised</th><th>R</th><th>Opened (UTC)</th></tr></thead>
            <tbody>
              {o.positions.map((p, i) => (
                <tr key={i} data-testid="position-row" data-position-id={p.id}>
                  <OpenPositionCells p={p} cur={cur} status={p.status === 'CLOSING' ? <Badge tone="warn">closing</Badge> : null} />
                </tr>
              ))}
            </tbody>
          </table></div>
        )}
      </div>
      </Card>

      <Card title="Last closed trades" testId="recent-trades">
        <div className="live-box live-box-trades" tabIndex={0} role="region" aria-label="Last closed trades">
        {o.recentTrades.length === 0 ? <p className="muted">No closed trade yet.</p> : (
          <div className="table-wrap"><table className="table table-live">
            {/* the symbol's column wide enough for its venue badge on the same line */}
            <colgroup><col style={{ width: '17%' }} /><col style={{ width: '22%' }} /><col style={{ width: '20%' }} /><col style={{ width: '15%' }} /><col style={{ width: '16%' }} />
              <col style={{ width: '10%' }} /></colgroup>
            <thead><tr><th>Closed (UTC)</th><th>Symbol</th><th>Strategy</th><th>Exit</th><th>P&amp;L</th><th>R</th></tr></thead>
            <tbody>
              {o.recentTrades.map((t, i) => (
                <tr key={i} data-testid="trade-row">
                  <td className="nowrap">{fmtShortTime(t.closedAt)}</td>
                  <td>{t.symbol} <VenueBadge venue={t.venue} /></td>
                  <td>{t.strategy}</td>
                  <td>{fmtEnum(t.exitReason)}</td>
                  <td className={Number(t.realizedPnl) < 0 ? 'tone-text-bad' : 'tone-text-ok'}>{fmtSignedMoney(Number(t.realizedPnl), cur)}</td>
                  <td>{t.rMultiple === null ? '—' : t.rMultiple.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        )}
      </div>
      </Card>

      <Card title="Last decisions" testId="last-decisions">
        <div className="live-box live-box-decisions" tabIndex={0} role="region" aria-label="Last decisions">
        {o.lastDecisions.length === 0 ? <p className="muted">No decision yet.</p> : (
          <ul className="decision-list">
            {o.lastDecisions.map((d, i) => (
              <li key={i} data-testid="decision-row">
                <span className="muted nowrap">{fmtShortTime(d.at)}</span>{' '}
                <Badge tone={d.outcome === 'APPROVED' ? 'ok' : d.outcome === 'SHRUNK' ? 'warn' : d.outcome === 'REJECTED' ? 'bad' : 'muted'}>{(d.outcome ?? 'skipped').toLowerCase()}</Badge>{' '}
                <a className="link" href={`/journal?${new URLSearchParams({ ...(d.symbol ? { symbol: d.symbol } : {}), ...(d.outcome ? { outcome: d.outcome } : {}) })}`}>{d.message}</a>
              </li>
            ))}
          </ul>
        )}
      </div>
      </Card>

      <div className="grid-2">
        <Card title="Workers">
          {o.workers.length === 0 ? <p className="muted">No worker has reported yet. Start one with <code>npm run worker</code>.</p> : (
            <div className="table-wrap"><table className="table">
              <thead><tr><th>Worker</th><th>Status</th><th>Mode</th><th>Last beat</th><th>Loop lag</th></tr></thead>
              <tbody>
                {o.workers.map((w) => (
                  <tr key={w.workerId}>
                    <td className="mono">{w.workerId}</td>
                    <td><Badge tone={w.liveness === 'alive' ? 'ok' : w.liveness === 'stopped' ? 'muted' : 'bad'}>{w.liveness}</Badge></td>
                    <td>{w.mode.toLowerCase()}</td>
                    <td title={fmtTime(w.lastBeatAt)}>{fmtAgo(w.lastBeatAt, o.serverTime)}</td>
                    <td>{w.loopLagMs} ms</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          )}
        </Card>
        <Card title="Open alerts">
          {alerts === 0 ? <p className="muted">No open alerts.</p> : (
            <div className="alert-counts">
              <Badge tone="bad">{o.openAlerts.CRITICAL} critical</Badge>
              <Badge tone="warn">{o.openAlerts.WARNING} warning</Badge>
              <Badge tone="info">{o.openAlerts.INFO} info</Badge>
              <a href="/alerts" className="link">Review alerts →</a>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
