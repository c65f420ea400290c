'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import type { RouterOutputs } from '@/components/providers/types';
import { Card, ErrorNote, Stat } from '@/components/ui/card';
import { fmtMoney, fmtPct, fmtSignedMoney } from '@/components/ui/format';
import { fmtZoned } from '@/domain/ops/describe';
import { ComplianceCard } from './compliance-card';

type Report = RouterOutputs['reports']['get'];

/** One report in full: the day's performance, then its compliance report. */
export function ReportDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.reports.get.queryOptions({ id }));
  if (q.isError) return <ErrorNote error={q.error} />;
  if (!q.data) return null;
  const r = q.data;
  return (
    <>
      <PerformanceCard r={r} />
      <ComplianceCard c={r.compliance} timeZone={r.timeZone} />
    </>
  );
}

function profitFactorText(p: Report['performance']): string {
  if (p.profitFactor !== null) return p.tradesClosed ? p.profitFactor.toFixed(2) : '—';
  return '∞ (no losing trade)';
}

function PerformanceCard({ r }: { r: Report }) {
  const p = r.performance;
  const cur = p.quoteCurrency;
  const span = `${fmtZoned(r.periodStart, r.timeZone)} → ${fmtZoned(r.periodEnd, r.timeZone)} ${r.timeZone}`;
  return (
    <Card title={`${r.accountName} · ${r.day} · performance`} testId="report-performance">
      <p className="muted small report-meta">
        {span}{p.clock === 'candle' ? ' on the paper replay\'s candle clock' : ''} · written {fmtZoned(r.generatedAt, r.timeZone)} · {p.equitySamples} equity samples
      </p>
      <div className="status-strip status-strip-4">
        <Stat label="P&L" value={p.pnl === null ? '—' : fmtSignedMoney(p.pnl, cur)} sub={p.pnlPct === null ? 'no equity recorded' : fmtPct(p.pnlPct, 2)}
          tone={p.pnl === null ? undefined : p.pnl >= 0 ? 'ok' : 'bad'} testId="report-pnl" />
        <Stat label="Equity" value={p.equityEnd === null ? '—' : fmtMoney(p.equityEnd, cur)} sub={p.equityStart === null ? undefined : `from ${fmtMoney(p.equityStart, cur)}`} />
        <Stat label="Trades" value={`${p.tradesClosed} closed`} sub={`${p.tradesOpened} opened · realised ${fmtSignedMoney(p.realizedPnl, cur)}`} testId="report-trades" />
        <Stat label="Win rate" value={p.tradesClosed ? fmtPct(p.winRate, 0) : '—'} sub={`${p.wins} won · ${p.losses} lost`} />
        <Stat label="Average R" value={p.tradesClosed ? p.avgR.toFixed(2) : '—'} />
        <Stat label="Profit factor" value={profitFactorText(p)} />
        <Stat label="Max intraday drawdown" value={fmtPct(p.maxIntradayDrawdown, 2)} tone={p.maxIntradayDrawdown > 0.05 ? 'warn' : undefined} />
        <Stat label="Fees" value={fmtMoney(p.fees, cur)} sub="paid on the day's fills" />
      </div>
    </Card>
  );
}
