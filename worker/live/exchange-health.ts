import ccxt from 'ccxt';
import type { Db } from '@/adapters/db/client';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { canEnter, initialConnectivity, onFailure, onSuccess, type Connectivity, type ConnectivityEvent } from '@/domain/exchange/connectivity';
import { isAuthRefusal } from '@/adapters/exchange/auth-refusal';
import { endpointLabel } from '@/domain/metrics/system-metric-windows';

/**
 * Every exchange call of the live broker goes through `call`: success and outage are fed to
 * the connectivity machine (domain/exchange/connectivity.ts), and its events become alerts:
 * LOST raises the critical "exchange connectivity lost" (new entries stop: `canEnter`),
 * RESTORED resolves it and announces the recovery. `tick` checks for silence when no call
 * is being made. Refusals (bad order, insufficient funds) are answers and pass through.
 */
export class ExchangeHealth {
  state: Connectivity;

  constructor(private readonly db: Db, private readonly accountId: string, private readonly exchange: string, private readonly lostAfterMs: number, private readonly now: () => number,
    private readonly rateLimitHoldMs = 10_000) {
    this.state = initialConnectivity(now());
  }

  get canEnter() { return canEnter(this.state); }

  private get dedupKey() { return `${this.accountId}:EXCHANGE_CONNECTIVITY_LOST:${this.exchange}`; }

  private async announce(event: ConnectivityEvent) {
    const at = new Date(this.now());
    if (event === 'LOST') {
      await raiseAlert(this.db, { severity: 'CRITICAL', code: 'EXCHANGE_CONNECTIVITY_LOST', accountId: this.accountId, dedupKey: this.dedupKey,
        message: `exchange ${this.exchange} unreachable for over ${Math.round(this.lostAfterMs / 1000)} s (${this.state.lastError ?? 'no answer'}): new entries paused; resting stops keep positions protected`,
        evidence: { ...this.state } }, at);
    } else if (event === 'RESTORED') {
      await resolveAlert(this.db, this.dedupKey, at);
      await raiseAlert(this.db, { severity: 'INFO', code: 'EXCHANGE_CONNECTIVITY_RESTORED', accountId: this.accountId, dedupKey: `${this.accountId}:EXCHANGE_CONNECTIVITY_RESTORED:${at.getTime()}`,
        message: `exchange ${this.exchange} answering again: entries resume after reconciliation`, evidence: { ...this.state } }, at);
    }
  }

  /** after a 429 or a 418, no call leaves before this time (ms): calling inside the window is what earns a ban */
  holdUntil = 0;

  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.now() < this.holdUntil) throw new ccxt.DDoSProtection(`holding off the exchange's rate limit until ${new Date(this.holdUntil).toISOString()}`);
    try {
      const out = await fn();
      const r = onSuccess(this.state, this.now());
      this.state = r.state;
      await this.announce(r.event);
      return out;
    } catch (e) {
      // OperationFailed covers NetworkError, RequestTimeout, ExchangeNotAvailable, DDoSProtection (429/418) and 5xx
      if (e instanceof ccxt.DDoSProtection) {
        // 418 says until when ("IP banned until <ms>"); a 429 asks for a pause (Retry-After): honour both
        const until = /banned until (\d{12,})/.exec((e as Error).message)?.[1];
        this.holdUntil = Math.max(this.holdUntil, until ? Number(until) : this.now() + this.rateLimitHoldMs);
      }
      if (e instanceof ccxt.OperationFailed) {
        const r = onFailure(this.state, this.now(), `${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 160)}`, this.lostAfterMs);
        this.state = r.state;
        await this.announce(r.event);
      }
      throw e;
    }
  }

  /**
   * Route every request the client makes through this health: the rate-limit hold is
   * enforced for all of them (a call inside a 429's window is what earns a 418 ban), and
   * every answer or outage is counted, whichever module made the call (the broker, the
   * protection, reconciliation, candles). `onRequest` (the exchange_request metric) is told
   * of each request that left: its endpoint, duration and whether it failed (a network
   * error, a time-out or an HTTP error status: ccxt throws for each), and whether the
   * failure was the exchange refusing the key (`isAuthRefusal`: the exchange_auth_error metric).
   */
  attach<E extends { fetch: (...args: never[]) => Promise<unknown> }>(ex: E, onRequest?: (endpoint: string, durationUs: number, isError: boolean, isAuthError: boolean) => void): E {
    const inner = ex.fetch.bind(ex) as (...args: unknown[]) => Promise<unknown>;
    const headers = () => ((ex as unknown as { last_response_headers?: Record<string, string> }).last_response_headers ?? {});
    const sent = !onRequest ? inner : async (...args: unknown[]) => {
      const started = performance.now();
      let isError = true;
      let isAuthError = false;
      try {
        const out = await inner(...args);
        isError = false;
        return out;
      } catch (e) {
        isAuthError = isAuthRefusal(e);
        throw e;
      } finally {
        onRequest(endpointLabel(args[1] as string | undefined, String(args[0])), (performance.now() - started) * 1000, isError, isAuthError);
      }
    };
    (ex as unknown as { fetch: (...args: unknown[]) => Promise<unknown> }).fetch = (...args: unknown[]) => this.call(async () => {
      try {
        return await sent(...args);
      } catch (e) {
        // the exchange says how long to wait (Retry-After, seconds): never call back sooner
        const retryAfter = Number(headers()['retry-after'] ?? headers()['Retry-After']);
        if (e instanceof ccxt.DDoSProtection && retryAfter > 0) this.holdUntil = Math.max(this.holdUntil, this.now() + retryAfter * 1000 + 50);
        throw e;
      }
    });
    return ex;
  }

  /** The state as LiveSync stores it for the dashboard. */
  get row() {
    const h = this.state;
    return { connectivity: h.status.toUpperCase(), connectivitySince: new Date(h.since), lastSuccessAt: h.lastSuccessAt === null ? null : new Date(h.lastSuccessAt), lastError: h.lastError };
  }

  /** Whether a rate-limit hold is running (the caller skips its pass rather than call into it). */
  get isHolding() { return this.now() < this.holdUntil; }

  async tick() {
    const r = onFailure(this.state, this.now(), null, this.lostAfterMs);
    this.state = r.state;
    await this.announce(r.event);
  }
}
