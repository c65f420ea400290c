import { EVENTS_CHANNEL } from '@/adapters/db/channels';
import { startListener } from '@/adapters/db/listener';
import { serverEnv } from '@/server/env';
import { logger } from '@/server/logger';

type Subscriber = (reason: string) => void;
interface Hub { subscribe(fn: Subscriber): () => void; subscribers(): number }

const g = globalThis as unknown as { sentinelLiveEvents?: Hub };

/**
 * One LISTEN connection per web server process on the events channel (the worker NOTIFYs
 * after every committed tick, command and stage change), fanned out to every open
 * dashboard. A dropped connection reconnects and announces itself, so clients refetch
 * whatever they may have missed.
 */
export function liveEvents(): Hub {
  if (!g.sentinelLiveEvents) {
    const subs = new Set<Subscriber>();
    startListener(serverEnv().DATABASE_URL, EVENTS_CHANNEL, logger, (reason) => {
      for (const s of [...subs]) {
        try { s(reason); } catch (err) { logger.warn({ component: 'live-events', err: (err as Error).message }, 'a subscriber failed'); subs.delete(s); }
      }
    });
    g.sentinelLiveEvents = { subscribe: (fn) => { subs.add(fn); return () => { subs.delete(fn); }; }, subscribers: () => subs.size };
  }
  return g.sentinelLiveEvents;
}
