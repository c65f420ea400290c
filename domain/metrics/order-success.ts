/**
 * Order execution success: of the orders that reached a broker (the exchange, or paper's
 * simulated one), the fraction it accepted. REJECTED is a refusal; an order still
 * PENDING_SUBMIT, or cancelled before it was ever sent (no submittedAt), never reached one
 * and counts neither way. Everything else (SUBMITTED, OPEN, PARTIALLY_FILLED, FILLED, and
 * a CANCELED or EXPIRED order that rested first) was accepted.
 */
export type OrderOutcome = 'accepted' | 'refused' | 'unsent';

export function orderOutcome(status: string, wasSubmitted: boolean): OrderOutcome {
  if (status === 'REJECTED') return 'refused';
  if (status === 'PENDING_SUBMIT') return 'unsent';
  if ((status === 'CANCELED' || status === 'EXPIRED') && !wasSubmitted) return 'unsent';
  return 'accepted';
}

export interface OrderSuccess { accepted: number; refused: number; ratio: number | null }

/** `ratio` is accepted ÷ (accepted + refused), null when no order reached a broker. */
export function orderSuccess(groups: readonly { status: string; wasSubmitted: boolean; n: number }[]): OrderSuccess {
  let accepted = 0;
  let refused = 0;
  for (const g of groups) {
    const o = orderOutcome(g.status, g.wasSubmitted);
    if (o === 'accepted') accepted += g.n;
    else if (o === 'refused') refused += g.n;
  }
  return { accepted, refused, ratio: accepted + refused > 0 ? accepted / (accepted + refused) : null };
}
