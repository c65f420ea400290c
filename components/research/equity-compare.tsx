'use client';

import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTRPC } from '@/components/providers/trpc';
import { Card, ErrorNote } from '@/components/ui/card';
import { runLabel, type RunIdentity } from './run-label';

/** Eight colours that stay apart on the dark panel (the comparison's maximum). */
export const LINE_COLOURS = ['#58a6ff', '#3fb950', '#d29922', '#f85149', '#bc8cff', '#39c5cf', '#ff9bce', '#e6edf3'] as const;
const C = { grid: '#223041', text: '#8b98a5' };
const axis = { stroke: C.text, fontSize: 11, tickLine: false } as const;
const tooltip = { contentStyle: { background: '#121821', border: '1px solid #223041', borderRadius: 8, color: '#e6edf3' }, labelStyle: { color: '#8b98a5' } };
const DAY_MS = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

type Run = RunIdentity & { id: string };

/**
 * The selected runs' equity curves on one chart. Runs over the same period share a
 * calendar axis; runs over different periods are laid over each other by days since
 * their start, so a 2022 run and a 2024 run can be compared shape to shape.
 */
export function EquityCompare({ runs }: { runs: Run[] }) {
  const trpc = useTRPC();
  const ids = runs.map((r) => r.id);
  const q = useQuery(trpc.research.curves.queryOptions({ runIds: ids }, { enabled: ids.length > 0 }));
  const isSamePeriod = runs.every((r) => r.fromTime.getTime() === runs[0]?.fromTime.getTime() && r.toTime.getTime() === runs[0]?.toTime.getTime());
  const series = runs.map((run, i) => {
    const points = q.data?.find((c) => c.runId === run.id)?.points ?? [];
    const start = points[0]?.t ?? 0;
    return { run, colour: LINE_COLOURS[i % LINE_COLOURS.length], data: points.map((p) => ({ x: isSamePeriod ? p.t : (p.t - start) / DAY_MS, equity: p.equity })) };
  });
  const hasCurves = series.some((s) => s.data.length > 1);

  return (
    <Card title="Equity curves" testId="research-compare">
      {runs.length === 0 && <p className="muted">Tick up to eight finished runs in the table above to lay their equity curves over each other.</p>}
      <ErrorNote error={q.error} />
      {runs.length > 0 && (
        <div className="chart-box chart-box-tall">
          {hasCurves ? (
            <ResponsiveContainer width="100%" height="100%">
              <LineChart margin={{ top: 6, right: 12, left: 8, bottom: 0 }}>
                <CartesianGrid stroke={C.grid} vertical={false} />
                <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} allowDuplicatedCategory={false} minTickGap={40} {...axis}
                  tickFormatter={(v: number) => (isSamePeriod ? day(v) : `day ${Math.round(v)}`)} />
                <YAxis domain={['auto', 'auto']} width={70} tickFormatter={(v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 })} {...axis} />
                <Tooltip {...tooltip} labelFormatter={(v) => (isSamePeriod ? day(Number(v)) : `day ${Number(v).toFixed(1)}`)}
                  formatter={(v) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 })} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {series.map((s) => (
                  <Line key={s.run.id} data={s.data} dataKey="equity" name={runLabel(s.run)} stroke={s.colour} dot={false} strokeWidth={1.6} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          ) : <p className="muted">{q.isPending ? 'Loading…' : 'These runs have no equity curve yet.'}</p>}
        </div>
      )}
      {runs.length > 0 && !isSamePeriod && <p className="muted small">The runs cover different periods: the axis counts days from each run&apos;s start.</p>}
    </Card>
  );
}
