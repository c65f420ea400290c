import ccxt from 'ccxt';

/** Binance's spot testnet (EXCHANGE_SANDBOX=true without an explicit EXCHANGE_API_URL) and production hosts. */
export const BINANCE_TESTNET_URL = 'https://testnet.binance.vision';
export const BINANCE_URL = 'https://api.binance.com';

export function exchangeBaseUrl(env: { EXCHANGE_API_URL?: string; EXCHANGE_SANDBOX: boolean }): string {
  return env.EXCHANGE_API_URL ?? (env.EXCHANGE_SANDBOX ? BINANCE_TESTNET_URL : BINANCE_URL);
}

/**
 * A real ccxt `binance` client for a base URL (Binance, its testnet, or the emulator):
 * every API URL's host replaced, spot markets only, no currency or margin calls at load,
 * no time-difference probe (stack-notes: loadMarkets then calls only /api/v3/exchangeInfo).
 * Rate limiting is the caller's (the broker honours 429/418 itself).
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

export type BinanceClient = ReturnType<typeof binanceClient>;

export interface KeyCheck {
  /** the key authenticated (a signed call succeeded) */
  isWorking: boolean;
  /** from /sapi/v1/account/apiRestrictions; null when the call failed */
  canWithdraw: boolean | null;
  canTrade: boolean | null;
  error: string | null;
}

/**
 * Ask the exchange what a key can do: a signed balance read (does it authenticate?) and the
 * key's restrictions (may it withdraw? trade?). Never throws: the answer is the evidence the
 * pre-deployment checklist stores.
 */
export async function checkKey(ex: BinanceClient): Promise<KeyCheck> {
  try {
    await ex.fetchBalance();
  } catch (e) {
    return { isWorking: false, canWithdraw: null, canTrade: null, error: `${(e as Error).constructor.name}: ${withoutSignature((e as Error).message).slice(0, 200)}` };
  }
  try {
    const r = await ex.sapiGetAccountApiRestrictions() as { enableWithdrawals?: boolean; enableSpotAndMarginTrading?: boolean };
    // a field the answer lacks is unknown, never "cannot": an unknown withdrawal permission blocks promotion
    const flag = (v: unknown) => (typeof v === 'boolean' ? v : null);
    const canWithdraw = flag(r.enableWithdrawals);
    return { isWorking: true, canWithdraw, canTrade: flag(r.enableSpotAndMarginTrading),
      error: canWithdraw === null ? 'restrictions answer without enableWithdrawals: whether the key can withdraw is unknown' : null };
  } catch (e) {
    return { isWorking: true, canWithdraw: null, canTrade: null, error: `restrictions unreadable: ${withoutSignature((e as Error).message).slice(0, 200)}` };
  }
}

/** ccxt's error text can carry the signed request URL: the evidence (audited, shown to viewers) keeps neither signature nor key */
function withoutSignature(message: string): string {
  return message.replace(/(signature|apiKey|X-MBX-APIKEY)=([^&\s"]+)/gi, '$1=[redacted]');
}
