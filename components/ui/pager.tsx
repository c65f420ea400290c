'use client';

import { useState } from 'react';

/** The cursors of the keyset pages walked so far; page 1 (cursor null) is the live one. */
export function useKeysetPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    cursor: cursors.at(-1) ?? null,
    page: cursors.length,
    older: (next: string) => setCursors([...cursors, next]),
    newer: () => setCursors(cursors.slice(0, -1)),
    reset: () => setCursors([null]),
  };
}

/** Newer / page N / Older under a keyset-paged table. */
export function Pager({ pages, nextCursor, testId }: { pages: ReturnType<typeof useKeysetPages>; nextCursor: string | null | undefined; testId: string }) {
  return (
    <div className="pager">
      <button type="button" className="btn btn-small" disabled={pages.page === 1} onClick={pages.newer}>Newer</button>
      <span className="muted small" data-testid={`${testId}-page`}>page {pages.page}{pages.page === 1 ? ' (live)' : ''}</span>
      <button type="button" className="btn btn-small" data-testid={`${testId}-older`} disabled={!nextCursor}
        onClick={() => nextCursor && pages.older(nextCursor)}>Older</button>
    </div>
  );
}
