'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';

export function AuditLog() {
  const trpc = useTRPC();
  const user = useUser();
  const [isVerifying, setVerifying] = useState(false);
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const q = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ limit: 50, search: applied || undefined }, {
    getNextPageParam: (last) => last.nextCursor ?? undefined, refetchInterval: 5000,
  }));
  const verify = useQuery(trpc.audit.verify.queryOptions(undefined, { enabled: isVerifying }));
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every login and control action, hash-chained: editing or deleting a row breaks the chain.">
        {user.can('ADMIN') && <button type="button" className="btn" onClick={() => { setVerifying(true); void verify.refetch(); }}>Verify chain</button>}
      </PageHeader>
      {verify.data && (
        <p data-testid="audit-verdict">{verify.data.ok ? <Badge tone="ok">{verify.data.message}</Badge> : <Badge tone="bad">{verify.data.message}</Badge>}</p>
      )}
      <ErrorNote error={q.error ?? verify.error} />
      <Card>
        <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); setApplied(search.trim()); }}>
          <label>Search who, what or target
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. stage, operator@, position.close" data-testid="audit-search" />
          </label>
          <button type="submit" className="btn btn-small">Search</button>
          {applied && <button type="button" className="btn btn-small btn-ghost" onClick={() => { setSearch(''); setApplied(''); }}>Clear</button>}
        </form>
        {rows.length === 0 && !q.isPending && <p className="muted">{applied ? `No audit entry matches “${applied}”.` : 'No audit entry yet.'}</p>}
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>#</th><th>Time</th><th>Who</th><th>Action</th><th>Target</th><th>Details</th><th>Hash</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={String(r.seq)} data-testid="audit-row">
                  <td className="mono">{String(r.seq)}</td>
                  <td className="nowrap">{fmtTime(r.at)}</td>
                  <td>{r.actorLabel}{r.ip && <div className="muted small">{r.ip}</div>}</td>
                  <td className="mono">{r.action}</td>
                  <td className="small">{r.targetType ?? '—'}{r.targetId ? <div className="mono muted">{r.targetId.slice(0, 8)}…</div> : null}</td>
                  <td className="mono small">
                    {open === String(r.seq)
                      ? <pre className="raw">{JSON.stringify(r.details, null, 2)}</pre>
                      : <button type="button" className="link-button details" onClick={() => setOpen(String(r.seq))} title="Show all details">{JSON.stringify(r.details)}</button>}
                  </td>
                  <td className="mono small" title={r.hash}>{r.hash.slice(0, 10)}…</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {q.hasNextPage && <button type="button" className="btn" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>Load older</button>}
      </Card>
    </>
  );
}
