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
  const q = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ limit: 50 }, {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
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
        <table className="table">
          <thead><tr><th>#</th><th>Time</th><th>Who</th><th>Action</th><th>Details</th><th>Hash</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.seq)}>
                <td className="mono">{String(r.seq)}</td>
                <td>{fmtTime(r.at)}</td>
                <td>{r.actorLabel}{r.ip && <div className="muted small">{r.ip}</div>}</td>
                <td className="mono">{r.action}</td>
                <td className="mono small details">{JSON.stringify(r.details)}</td>
                <td className="mono small" title={r.hash}>{r.hash.slice(0, 10)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
        {q.hasNextPage && <button type="button" className="btn" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>Load older</button>}
      </Card>
    </>
  );
}
