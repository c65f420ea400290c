import { describe, expect, it } from 'vitest';
import { orderOutcome, orderSuccess } from '@/domain/metrics/order-success';

describe('order execution success', () => {
  it('REJECTED is refused; never-sent orders count neither way; everything the broker took is accepted', () => {
    expect(orderOutcome('REJECTED', true)).toBe('refused');
    expect(orderOutcome('PENDING_SUBMIT', false)).toBe('unsent');
    expect(orderOutcome('CANCELED', false)).toBe('unsent'); // cancelled before it went out (a newer candle closed)
    expect(orderOutcome('CANCELED', true)).toBe('accepted'); // an OCO leg cancelled by its sibling's fill
    for (const s of ['SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'EXPIRED']) expect(orderOutcome(s, true)).toBe('accepted');
  });

  it('ratio = accepted ÷ (accepted + refused); null with nothing sent', () => {
    expect(orderSuccess([{ status: 'FILLED', wasSubmitted: true, n: 18 }, { status: 'REJECTED', wasSubmitted: true, n: 2 }, { status: 'PENDING_SUBMIT', wasSubmitted: false, n: 5 }]))
      .toEqual({ accepted: 18, refused: 2, ratio: 0.9 });
    expect(orderSuccess([{ status: 'PENDING_SUBMIT', wasSubmitted: false, n: 3 }])).toEqual({ accepted: 0, refused: 0, ratio: null });
    expect(orderSuccess([])).toEqual({ accepted: 0, refused: 0, ratio: null });
  });
});
