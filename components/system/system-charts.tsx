'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactElement, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTRPC } from '@/components/providers/trpc';
import { Card, ErrorNote } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';

const HOURS = [1, 6, 24] as const;
const MARGIN = { top: 6, right: 8, left: 8, bottom: 0 };
const C = { grid: '#223041', text: '#8b98a5', exchange: '#58a6ff', bad: '#f85149', probe: '#3fb950', statement: '#d29922', lag: '#bc8cff' };
const axis = { stroke: C.text, fontSize: 11, tickLine: false } as const;
const tooltip = { contentStyle: { background: '#121821', border: '1px solid #223041', borderRadius: 8, color: '#e6edf3' }, labelStyle: { color: '#8b98a5' } };
const clock = (t: number) => new Date(t).toISOString().slice(11, 16);
const msAxis = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);
/** counts (errors) as whole numbers, latencies in ms */
const tipValue = (v: unknown, name: string) => (v === null || v === undefined ? '—' : /errors/.test(name) ? String(v) : `${Number(v).toFixed(2)} ms`);

/** The last hours minute by minute: the exchange's p99 and its errors, the database's and the event loop's p99. */
export function SystemCharts() {
  const trpc = useTRPC();
  const [hours, setHours] = useState<(typeof HOURS)[number]>(6);
  const q = useQuery(trpc.system.series.queryOptions({ hours }, { placeholderData: keepPreviousData, refetchInterval: 15_000 }));
  const points = q.data?.points ?? [];
  const hasPoints = points.length > 1;
  const empty = <p className="muted">{q.isPending ? 'Loading…' : 'Not enough one-minute windows yet: the worker writes one a minute.'}</p>;
  const x = <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={clock} {...axis} minTickGap={40} />;
  const tip = <Tooltip {...tooltip} labelFormatter={(t) => fmtTime(new Date(Number(t)))} formatter={(v, name) => [tipValue(v, String(name ?? '')), name]} />;

  return (
    <>
      <div className="page-header">
        <h2 className="card-title">The last {hours} {hours === 1 ? 'hour' : 'hours'}, minute by minute</h2>
        <div className="segmented" role="group" aria-label="Chart period">
          {HOURS.map((h) => (
            <button key={h} type="button" className={`btn btn-small ${h === hours ? 'btn-primary' : ''}`} aria-pressed={h === hours} onClick={() => setHours(h)} data-testid={`hours-${h}`}>{h} h</button>
          ))}
        </div>
      </div>
      <ErrorNote error={q.error} />
      <div className="grid-2">
        <ChartCard title="Exchange p99 latency (worst endpoint per minute)" testId="chart-exchange-p99" empty={hasPoints ? null : empty}>
          <LineChart data={points} margin={MARGIN}>
            <CartesianGrid stroke={C.grid} vertical={false} />
            {x}
            <YAxis width={60} tickFormatter={msAxis} {...axis} />
            {tip}
            <Line type="monotone" dataKey="exchangeP99Ms" name="exchange p99" stroke={C.exchange} dot={false} isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </ChartCard>
        <ChartCard title="Exchange errors per minute" testId="chart-exchange-errors" empty={hasPoints ? null : empty}>
          <BarChart data={points} margin={MARGIN}>
            <CartesianGrid stroke={C.grid} vertical={false} />
            {x}
            <YAxis width={40} allowDecimals={false} {...axis} />
            {tip}
            <Bar dataKey="exchangeErrors" name="exchange errors" fill={C.bad} isAnimationActive={false} />
            <Bar dataKey="orderErrors" name="order errors" fill={C.statement} isAnimationActive={false} />
          </BarChart>
        </ChartCard>
      </div>
      <ChartCard title="Database and event loop p99" testId="chart-db-loop" empty={hasPoints ? null : empty}>
        <LineChart data={points} margin={MARGIN}>
          <CartesianGrid stroke={C.grid} vertical={false} />
          {x}
          <YAxis width={60} tickFormatter={msAxis} {...axis} />
          {tip}
          <Legend wrapperStyle={{ fontSize: 12, color: C.text }} />
          <Line type="monotone" dataKey="dbProbeP99Ms" name="SELECT 1 p99" stroke={C.probe} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="dbStatementP99Ms" name="statements p99" stroke={C.statement} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="loopLagP99Ms" name="loop lag p99" stroke={C.lag} dot={false} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
    </>
  );
}

/** A card holding one chart at the chart box's size, or the note saying why there is none yet. */
function ChartCard({ title, testId, empty, children }: { title: string; testId: string; empty: ReactNode; children: ReactElement }) {
  return (
    <Card title={title} testId={testId}>
      <div className="chart-box">
        {empty ?? <ResponsiveContainer width="100%" height="100%">{children}</ResponsiveContainer>}
      </div>
    </Card>
  );
}
