import ccxt from 'ccxt';
import type { Db } from '@/adapters/db/client';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { canEnter, initialConnectivity, onFailure, onSuccess, type Connectivity, type ConnectivityEvent } from '@/domain/exchange/connectivity';

/**
 * Every exchange call of the live broker goes through `call`: success and outage are fed to
 * the connectivity machine (domain/exchange/connectivity.ts), and its events become alerts:
 * LOST raises the critical "exchange connectivity lost" (new entries stop: `canEnter`),
 * RESTORED resolves it and announces the recovery. `tick` checks for silence when no call
 * is being made. Refusals (bad order, insufficient funds) are answers and pass through.
 */
export class ExchangeHealth {
  state: Connectivity;

  constructor(private readonly db: Db, private readonly accountId: string, private readonly exchange: string, private readonly lostAfterMs: number, private readonly now: () => number) {
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

  async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      const r = onSuccess(this.state, this.now());
      this.state = r.state;
      await this.announce(r.event);
      return out;
    } catch (e) {
      // OperationFailed covers NetworkError, RequestTimeout, ExchangeNotAvailable, DDoSProtection (429/418) and 5xx
      if (e instanceof ccxt.OperationFailed) {
        const r = onFailure(this.state, this.now(), `${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 160)}`, this.lostAfterMs);
        this.state = r.state;
        await this.announce(r.event);
      }
      throw e;
    }
  }

  async tick() {
    const r = onFailure(this.state, this.now(), null, this.lostAfterMs);
    this.state = r.state;
    await this.announce(r.event);
  }
}
