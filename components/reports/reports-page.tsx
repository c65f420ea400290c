'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtPct, fmtSignedMoney } from '@/components/ui/format';
import { fmtZoned } from '@/domain/ops/describe';
import { ReportDetail } from './report-detail';

/**
 * Reports: each account's daily performance summary and risk compliance report, newest
 * first; the selected one (the newest unless the URL names one, as the Operations page's
 * links do) is shown in full below the list.
 */
export function ReportsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const accountId = params.get('account') || undefined;
  const q = useQuery(trpc.reports.list.queryOptions({ accountId, limit: 60 }, { placeholderData: keepPreviousData, refetchInterval: 30_000 }));
  const reports = q.data?.reports ?? [];
  const selectedId = params.get('id') ?? reports[0]?.id;
  const go = (next: { id?: string; account?: string }) => {
    const p = new URLSearchParams();
    const account = 'account' in next ? next.account : accountId;
    if (account) p.set('account', account);
    if (next.id) p.set('id', next.id);
    router.replace(`${pathname}${p.size ? `?${p}` : ''}`, { scroll: false });
  };
  return (
    <>
      <PageHeader title="Reports" subtitle="The daily performance summary and risk compliance report of each account, written once a day for the previous full day." />
      <ErrorNote error={q.error} />
      <Card title="Daily reports" testId="reports-list">
        {(q.data?.accounts.length ?? 0) > 1 && (
          <form className="filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
            <label>Account
              <select value={accountId ?? ''} onChange={(e) => go({ account: e.target.value || undefined })} data-testid="reports-account">
                <option value="">all accounts</option>
                {q.data!.accounts.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </select>
            </label>
          </form>
        )}
        {q.isPending && <p className="muted">Loading…</p>}
        {q.data && reports.length === 0 && (
          <p className="muted">No report yet: the worker writes each account&apos;s first report at the daily summary hour (the Operations page shows when).</p>
        )}
        {reports.length > 0 && (
          <div className="table-wrap">
            <table className="table table-compact">
              <thead><tr><th>Day</th><th>Account</th><th>P&amp;L</th><th>Trades</th><th>Win rate</th><th>Rejections</th><th>Near-misses</th><th>Violations</th><th>Written</th></tr></thead>
              <tbody>
                {reports.map((r) => (
                  <tr key={r.id} data-testid="report-row" data-id={r.id} data-selected={r.id === selectedId} className={r.id === selectedId ? 'row-selected' : undefined}>
                    <td><button type="button" className="link-button" onClick={() => go({ id: r.id })}>{r.day}</button></td>
                    <td>{r.accountName}</td>
                    <td className={`nowrap ${r.pnl === null ? '' : r.pnl >= 0 ? 'tone-text-ok' : 'tone-text-bad'}`}>
                      {r.pnl === null ? '—' : fmtSignedMoney(r.pnl, r.quoteCurrency)}{r.pnlPct === null ? null : <div className="small muted">{fmtPct(r.pnlPct, 2)}</div>}
                    </td>
                    <td>{r.tradesClosed}</td>
                    <td>{r.tradesClosed ? fmtPct(r.winRate, 0) : '—'}</td>
                    <td>{r.rejections}{r.shrinks ? <span className="muted small"> +{r.shrinks} shrunk</span> : null}</td>
                    <td>{r.nearMisses}</td>
                    <td><Badge tone={r.violations ? 'bad' : 'ok'}>{r.violations}</Badge></td>
                    <td className="nowrap small muted">{fmtZoned(r.generatedAt, r.timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {selectedId && <ReportDetail id={selectedId} />}
    </>
  );
}
