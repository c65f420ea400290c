import { z } from 'zod';
import { seeded } from '@/domain/random/seeded';

/**
 * Faults on demand: what a real outage looks like from the client's side. Each fault
 * applies to the next `count` requests that match `routes` (all when omitted), or to every
 * such request while `count` is unset; `POST /emulator/faults` sets them, `DELETE` clears.
 *  - latency: answer after `ms` more
 *  - timeout: never answer (the client's own timeout fires)
 *  - http5xx: 503 with Binance's generic error body
 *  - rate429: 429 with Retry-After and -1003; a client that keeps calling during the
 *    Retry-After is banned with 418 (as Binance does)
 *  - refuse: stop listening for `ms` (connection refused), then listen again on the same port
 *  - dropResponse: carry the request out (an order IS placed) and then cut the connection
 *    without an answer: the client cannot know whether it happened
 *  - rejectOrder: refuse new orders with -2010
 *  - staleFeed: the market clock stops: prices and candles stay where they are
 * `random` mode picks one of `kinds` with probability `p` per request from a seeded PRNG,
 * so a chaos run is repeatable.
 */
export const faultKinds = ['latency', 'timeout', 'http5xx', 'rate429', 'refuse', 'dropResponse', 'rejectOrder', 'staleFeed'] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultSchema = z.object({
  kind: z.enum(faultKinds),
  routes: z.array(z.string().regex(/^(GET|POST|DELETE|PUT) \/\S+$/, 'routes: "METHOD /path" each')).optional(),
  count: z.number().int().min(1).optional(),
  ms: z.number().int().min(0).max(600_000).optional(),
});
export type Fault = z.infer<typeof faultSchema> & { used?: number };

export const faultsBody = z.object({
  faults: z.array(faultSchema).default([]),
  random: z.object({ seed: z.number().int(), p: z.number().min(0).max(1), kinds: z.array(z.enum(faultKinds)).min(1), ms: z.number().int().min(0).max(60_000).optional() }).optional(),
});

export class Faults {
  private list: Fault[] = [];
  private random?: { next: () => number; p: number; kinds: FaultKind[]; ms: number };

  set(body: z.infer<typeof faultsBody>) {
    this.list = body.faults.map((f) => ({ ...f, used: 0 }));
    this.random = body.random && { next: seeded(body.random.seed), p: body.random.p, kinds: body.random.kinds, ms: body.random.ms ?? 1000 };
  }

  clear() { this.list = []; this.random = undefined; }

  get isStale(): boolean { return this.list.some((f) => f.kind === 'staleFeed'); }

  /** The fault for this request, if any (consumes one use of a counted fault). */
  take(route: string): Fault | undefined {
    for (const f of this.list) {
      if (f.kind === 'staleFeed') continue;
      if (f.routes && !f.routes.includes(route)) continue;
      if (f.count !== undefined && (f.used ?? 0) >= f.count) continue;
      f.used = (f.used ?? 0) + 1;
      return f;
    }
    if (this.random && !route.startsWith('POST /emulator') && this.random.next() < this.random.p) {
      const kind = this.random.kinds[Math.floor(this.random.next() * this.random.kinds.length)]!;
      return { kind, ms: this.random.ms };
    }
    return undefined;
  }
}
