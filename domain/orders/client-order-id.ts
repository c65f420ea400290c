/**
 * Client order ids are derived from the decision that created the order, so a retry or
 * a restart finds the order instead of placing it twice. Binance allows 36 characters
 * of [A-Za-z0-9-_]: "snl-<decision id>-<attempt>".
 */
export const CLIENT_ORDER_PREFIX = 'snl';

export function clientOrderIdFor(decisionId: bigint | number, attempt = 1): string {
  return `${CLIENT_ORDER_PREFIX}-${decisionId}-${attempt}`;
}

/** The orders that protect or close a position opened by decision `decisionId`: stop, target, exit (a refused exit is tried again as -x2, -x3). */
export function legOrderIdFor(decisionId: bigint | number, leg: 'sl' | 'tp' | 'x', attempt = 1): string {
  return `${CLIENT_ORDER_PREFIX}-${decisionId}-${leg}${attempt > 1 ? attempt : ''}`;
}
