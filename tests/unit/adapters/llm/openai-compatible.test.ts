import { describe, expect, it } from 'vitest';
import { createLlmAdvisor } from '@/adapters/llm/openai-compatible';
import { DEFAULT_ADVICE_POLICY } from '@/domain/advisory/advice';
import type { AdviceContext } from '@/domain/advisory/advice-context';

const ctx: AdviceContext = { symbol: 'BTC/USDT', side: 'LONG', strategy: 'ema_cross', score: 1, regime: 'up', volatilityPercentile: 0.4, recentReturns: [0.01], at: '2025-01-01T01:00:00.000Z' };
const cfg = { baseUrl: 'http://127.0.0.1:1/v1/', model: 'test-model', apiKey: 'sk-secret-never-logged', timeoutMs: 2000, policy: DEFAULT_ADVICE_POLICY };

/** A manual timer and clock: the time-out fires when the test says so, not after real time. */
function manualTime() {
  let t = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => { const e = { at: t + ms, fn }; timers.push(e); return () => { timers.splice(timers.indexOf(e), 1); }; },
    advance(ms: number) { t += ms; for (const e of timers.filter((x) => x.at <= t)) { timers.splice(timers.indexOf(e), 1); e.fn(); } },
    get pending() { return timers.length; },
  };
}

describe('the OpenAI-compatible advisor (fetch and timer injected)', () => {
  it('a request that never answers is abandoned at the time-out (fake clock): no advice, counted', async () => {
    const time = manualTime();
    let signal: AbortSignal | undefined;
    const never: typeof fetch = (_url, init) => { signal = init?.signal ?? undefined; return new Promise(() => {}); };
    const warnings: unknown[] = [];
    const log = { warn: (o: unknown) => warnings.push(o) } as never;
    const a = createLlmAdvisor(cfg, { fetch: never, setTimer: time.setTimer, now: time.now, log });
    const pending = a.ask(ctx);
    time.advance(1999);
    let isSettled = false;
    void pending.then(() => { isSettled = true; });
    await Promise.resolve();
    expect(isSettled).toBe(false);
    time.advance(1);
    await expect(pending).resolves.toEqual({ status: 'none', reason: 'timeout', model: 'test-model', latencyMs: 2000 });
    expect(signal?.aborted).toBe(true);
    expect(a.stats).toMatchObject({ asked: 1, timeout: 1, advised: 0 });
    expect(JSON.stringify(warnings)).not.toContain('sk-secret');
  });

  it('posts the model, JSON mode and the context; the key only in the Authorization header', async () => {
    const time = manualTime();
    const seen: { url: string; init: RequestInit }[] = [];
    const ok: typeof fetch = async (url, init) => {
      seen.push({ url: String(url), init: init! });
      time.advance(120);
      return new Response(JSON.stringify({ choices: [{ message: { content: JSON.stringify({ note: 'fine', confidenceAdjustment: 0.5 }) } }] }), { status: 200 });
    };
    const a = createLlmAdvisor(cfg, { fetch: ok, setTimer: time.setTimer, now: time.now });
    expect(await a.ask(ctx)).toEqual({ status: 'advice', note: 'fine', confidenceAdjustment: 0.2, requestedAdjustment: 0.5, model: 'test-model', latencyMs: 120 });
    expect(time.pending).toBe(0); // the time-out was cancelled
    expect(seen[0]!.url).toBe('http://127.0.0.1:1/v1/chat/completions');
    const body = JSON.parse(String(seen[0]!.init.body)) as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'test-model', response_format: { type: 'json_object' } });
    expect(JSON.parse((body.messages as { content: string }[])[1]!.content)).toEqual(ctx);
    expect(String(seen[0]!.init.body)).not.toContain('sk-secret');
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer sk-secret-never-logged');
  });

  it('a network failure is "unreachable", never a throw', async () => {
    const a = createLlmAdvisor(cfg, { fetch: async () => { throw new TypeError('fetch failed'); } });
    expect(await a.ask(ctx)).toMatchObject({ status: 'none', reason: 'unreachable' });
    expect(a.stats.unreachable).toBe(1);
  });
});
