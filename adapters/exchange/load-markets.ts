/**
 * ccxt's `loadMarkets` keeps its first promise and returns it to every later call: once the
 * exchange is unreachable at that moment (a loop starting during an outage, a takeover while
 * the network flaps), the rejection is cached and the client never asks again, so the account
 * stays untraded until a restart. This forgets a failed load, so the next call asks the exchange.
 */
export async function loadMarketsAfresh<E extends { loadMarkets: () => Promise<unknown> }>(ex: E): Promise<void> {
  try {
    await ex.loadMarkets();
  } catch (e) {
    const c = ex as unknown as { marketsLoading?: unknown; reloadingMarkets?: boolean };
    c.marketsLoading = undefined;
    c.reloadingMarkets = false;
    throw e;
  }
}
