import { transitionIn } from './result';

export const ORDER_STATUSES = ['PENDING_SUBMIT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderEvent = 'SUBMIT' | 'ACK' | 'PARTIAL_FILL' | 'FILL' | 'CANCEL' | 'REJECT' | 'EXPIRE';

/**
 * Order life cycle. PENDING_SUBMIT is written before the request leaves (write-ahead).
 * A canceled or expired order may still report a fill: the exchange can fill between
 * our cancel and its acknowledgement (nautilus_trader allows the same).
 */
export const orderTransitions = {
  PENDING_SUBMIT: { SUBMIT: 'SUBMITTED', ACK: 'OPEN', FILL: 'FILLED', PARTIAL_FILL: 'PARTIALLY_FILLED', REJECT: 'REJECTED', CANCEL: 'CANCELED' },
  SUBMITTED: { ACK: 'OPEN', PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED', REJECT: 'REJECTED', CANCEL: 'CANCELED', EXPIRE: 'EXPIRED' },
  OPEN: { PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED', CANCEL: 'CANCELED', EXPIRE: 'EXPIRED' },
  PARTIALLY_FILLED: { PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED', CANCEL: 'CANCELED', EXPIRE: 'EXPIRED' },
  FILLED: {},
  CANCELED: { PARTIAL_FILL: 'CANCELED', FILL: 'FILLED' },
  REJECTED: {},
  EXPIRED: { PARTIAL_FILL: 'EXPIRED', FILL: 'FILLED' },
} satisfies Record<OrderStatus, Partial<Record<OrderEvent, OrderStatus>>>;

export function transitionOrder(from: OrderStatus, event: OrderEvent) {
  return transitionIn<OrderStatus, OrderEvent>('order', orderTransitions, from, event);
}

export const isOrderTerminal = (s: OrderStatus) => s === 'FILLED' || s === 'REJECTED' || s === 'CANCELED' || s === 'EXPIRED';
