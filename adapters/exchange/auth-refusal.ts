import ccxt from 'ccxt';

/**
 * Whether an exchange request failed because the exchange refused the key itself, not the
 * request: the signal the API anomaly rules count as `exchange_auth_error`.
 *  - ccxt's AuthenticationError family (PermissionDenied and AccountSuspended extend it):
 *    HTTP 401, and Binance's codes -2014 (API-key format invalid), -2015 (invalid key, IP
 *    or permissions) and -1022 (signature not valid), which is what the exchange emulator
 *    answers for a bad key or secret;
 *  - HTTP 403: Binance's firewall refusing this client, which ccxt reports as
 *    ExchangeNotAvailable with the status in its message. It is not a credential error,
 *    but it is the exchange refusing access, and a burst of it deserves the same look.
 * A refused order (insufficient funds, bad quantity) or a time-out is not one.
 */
export function isAuthRefusal(e: unknown): boolean {
  if (e instanceof ccxt.AuthenticationError) return true;
  // ccxt's handleHttpStatusCode: "<id> <METHOD> <url> 403 <reason> <body>"
  return e instanceof ccxt.ExchangeNotAvailable && /\s403\s/.test((e as Error).message);
}
