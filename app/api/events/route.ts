import { currentUser } from '@/server/auth/session';
import { liveEvents } from '@/server/events/live-events';

export const dynamic = 'force-dynamic';

const PING_MS = 15_000;

/**
 * Server-sent events for a signed-in dashboard: a line per NOTIFY on the events channel
 * (ids only, never data: the page refetches through tRPC, where roles apply), plus a
 * comment every 15 s so proxies keep the stream open.
 */
export async function GET(req: Request) {
  if (!(await currentUser())) return new Response('log in first', { status: 401 });
  const enc = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let isOpen = true;
      // a client gone between two events makes enqueue throw: stop this stream, never the others
      const send = (s: string) => { if (!isOpen) return; try { controller.enqueue(enc.encode(s)); } catch { stop(); } };
      send('retry: 2000\n\n');
      const unsubscribe = liveEvents().subscribe((reason) => send(`data: ${JSON.stringify({ reason })}\n\n`));
      const ping = setInterval(() => send(': ping\n\n'), PING_MS);
      stop = () => {
        if (!isOpen) return;
        isOpen = false;
        clearInterval(ping);
        unsubscribe();
        try { controller.close(); } catch { /* already closed by the client */ }
      };
      req.signal.addEventListener('abort', stop);
      if (req.signal.aborted) stop();
    },
    cancel() { stop(); },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' } });
}
