import ccxt from 'ccxt';

/**
 * A real ccxt `binance` client pointed at an emulator (or any Binance-compatible base URL):
 * every API URL's host replaced, spot markets only, no currency or margin calls at load, no
 * time-difference probe (stack-notes: with these options loadMarkets calls only
 * /api/v3/exchangeInfo). The live broker builds its client the same way from EXCHANGE_API_URL.
 */
export function binanceClient(baseUrl: string, credentials?: { apiKey: string; secret: string }, extra: Record<string, unknown> = {}) {
  const ex = new ccxt.binance({
    ...(credentials ?? {}),
    enableRateLimit: false,
    options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false, adjustForTimeDifference: false, ...extra },
  });
  const api = ex.urls.api as Record<string, string>;
  for (const k of Object.keys(api)) api[k] = api[k]!.replace(/^https:\/\/[^/]+/, baseUrl);
  return ex;
}
