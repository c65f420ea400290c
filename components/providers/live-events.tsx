'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/** at most one refetch per window: the first event at once, a burst's last one at the end (a fast replay NOTIFYs several times a second) */
const WINDOW_MS = 300;

/**
 * Listens to /api/events and refetches the active queries when the database says something
 * changed (a worker tick, a command applied, a stage change): the pages update within a
 * fraction of a second instead of waiting for their poll, which stays as the fallback.
 */
export function LiveEvents() {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/events');
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isPending = false;
    const refetch = () => { void qc.invalidateQueries({ type: 'active' }); };
    const close = () => {
      if (isPending) { isPending = false; refetch(); timer = setTimeout(close, WINDOW_MS); } else timer = undefined;
    };
    es.onmessage = () => {
      if (timer) { isPending = true; return; }
      refetch();
      timer = setTimeout(close, WINDOW_MS);
    };
    return () => { if (timer) clearTimeout(timer); es.close(); };
  }, [qc]);
  return null;
}
