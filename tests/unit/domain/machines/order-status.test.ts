import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isOrderTerminal, ORDER_STATUSES, transitionOrder, type OrderEvent, type OrderStatus,
} from '@/domain/machines/order-status';

const EVENTS: readonly OrderEvent[] = ['SUBMIT', 'ACK', 'PARTIAL_FILL', 'FILL', 'CANCEL', 'REJECT', 'EXPIRE'];

// The expected table, written out independently of the source so a change there shows up here.
const expected: Record<OrderStatus, Partial<Record<OrderEvent, OrderStatus>>> = {
  PENDING_SUBMIT: { SUBMIT: 'SUBMITTED', ACK: 'OPEN', FILL: 'FILLED', PARTIAL_FILL: 'PARTIALLY_FILLED', REJECT: 'REJECTED', CANCEL: 'CANCELED' },
  SUBMITTED: { ACK: 'OPEN', PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED', REJECT: 'REJECTED', CANCEL: 'CANCELED', EXPIRE: 'EXPIRED' },
  OPEN: { PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED', CANCEL: 'CANCELED', EXPIRE: 'EXPIRED' },
  PARTIALLY_FILLED: { PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED', CANCEL: 'CANCELED', EXPIRE: 'EXPIRED' },
  FILLED: {},
  // the exchange may fill between our cancel (or its expiry) and the acknowledgement
  CANCELED: { PARTIAL_FILL: 'CANCELED', FILL: 'FILLED' },
  REJECTED: {},
  EXPIRED: { PARTIAL_FILL: 'EXPIRED', FILL: 'FILLED' },
};

const allPairs = ORDER_STATUSES.flatMap((from) => EVENTS.map((event) => ({ from, event, to: expected[from][event] })));

describe('transitionOrder', () => {
  it.each(allPairs.filter((p) => p.to !== undefined))('$from + $event -> $to', ({ from, event, to }) => {
    expect(transitionOrder(from, event)).toEqual({ ok: true, value: to });
  });

  it.each(allPairs.filter((p) => p.to === undefined))('$from + $event is refused with an error value', ({ from, event }) => {
    const result = transitionOrder(from, event);
    expect(result).toMatchObject({ ok: false, error: { kind: 'INVALID_TRANSITION', from, event } });
    if (!result.ok) {
      expect(result.error.message).toContain(from);
      expect(result.error.message).toContain(event);
    }
  });
});

describe('isOrderTerminal', () => {
  it.each(ORDER_STATUSES)('%s', (status) => {
    expect(isOrderTerminal(status)).toBe(['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'].includes(status));
  });

  it('FILLED and REJECTED accept no event at all', () => {
    for (const status of ['FILLED', 'REJECTED'] as const) {
      for (const event of EVENTS) expect(transitionOrder(status, event).ok).toBe(false);
    }
  });
});

describe('order life cycle properties', () => {
  const status = fc.constantFrom(...ORDER_STATUSES);
  const events = fc.array(fc.constantFrom(...EVENTS), { maxLength: 30 });

  it('any event sequence stays inside the enum, and a terminal order never becomes live again', () => {
    fc.assert(fc.property(status, events, (start, seq) => {
      let state: OrderStatus = start;
      for (const event of seq) {
        const result = transitionOrder(state, event);
        if (!result.ok) continue;
        expect(ORDER_STATUSES).toContain(result.value);
        if (isOrderTerminal(state)) expect(isOrderTerminal(result.value)).toBe(true);
        state = result.value;
      }
    }));
  });

  it('FILLED is absorbing', () => {
    fc.assert(fc.property(events, (seq) => {
      let state: OrderStatus = 'FILLED';
      for (const event of seq) {
        const result = transitionOrder(state, event);
        if (result.ok) state = result.value;
      }
      expect(state).toBe('FILLED');
    }));
  });
});

describe('transitionOrder with an unchecked event string', () => {
  it('does not find inherited properties such as toString', () => {
    expect(transitionOrder('OPEN', 'toString' as OrderEvent).ok).toBe(false);
  });
});
