import { describe, expect, it } from 'vitest';
import { LIVE_REPORT_STALE_AFTER_MS, toExchangeView, type LiveSyncRow } from '@/server/services/exchange/exchange-view';

const now = new Date('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const EMPTY = { updated: [], rejectedNeverSeen: [], adopted: [], foreign: [], unprotectedPositions: [], errors: [], isOk: true };
const row = (over: Partial<LiveSyncRow> = {}): LiveSyncRow => ({
  exchangeUrl: 'https://testnet.binance.vision', connectivity: 'UP', connectivitySince: ago(60_000), lastSuccessAt: ago(1000), lastError: null,
  lastReconcileAt: ago(5000), lastReconcile: EMPTY, lastCleanPassAt: ago(1000), updatedAt: ago(1000), ...over,
});

describe('toExchangeView', () => {
  it('a reconciliation that found nothing is clean', () => {
    expect(toExchangeView(row(), now).reconcile).toEqual({ at: ago(5000), outcome: 'CLEAN', discrepancies: 0, report: EMPTY });
  });

  it('counts every finding as a discrepancy: corrected, rejected, adopted, foreign and unprotected', () => {
    const report = { ...EMPTY, updated: [{ clientOrderId: 'a', from: 'OPEN', to: 'FILLED' }], rejectedNeverSeen: ['b'], adopted: ['c'],
      foreign: [{ symbol: 'BTC/USDT', id: '1', clientOrderId: null }], unprotectedPositions: ['p'] };
    expect(toExchangeView(row({ lastReconcile: report }), now).reconcile).toMatchObject({ outcome: 'DISCREPANCIES', discrepancies: 5 });
  });

  it('a reconciliation whose exchange calls failed is incomplete, whatever else it found', () => {
    expect(toExchangeView(row({ lastReconcile: { ...EMPTY, errors: ['BTC/USDT: timed out'], isOk: false, adopted: ['c'] } }), now).reconcile?.outcome).toBe('INCOMPLETE');
    expect(toExchangeView(row({ lastReconcile: { ...EMPTY, errors: ['x'], isOk: undefined } }), now).reconcile?.outcome).toBe('INCOMPLETE');
  });

  it('an unreadable report is said to be so; no reconciliation yet is null', () => {
    expect(toExchangeView(row({ lastReconcile: { updated: 'nonsense' } }), now).reconcile).toMatchObject({ outcome: 'UNKNOWN', report: null });
    expect(toExchangeView(row({ lastReconcileAt: null, lastReconcile: null }), now).reconcile).toBeNull();
  });

  it('a row the worker has not written for two minutes is not current', () => {
    expect(toExchangeView(row({ updatedAt: ago(LIVE_REPORT_STALE_AFTER_MS) }), now).isReportStale).toBe(false);
    expect(toExchangeView(row({ updatedAt: ago(LIVE_REPORT_STALE_AFTER_MS + 1) }), now).isReportStale).toBe(true);
  });

  it('refuses a connectivity state the worker never writes (a bug, not a state to show)', () => {
    expect(() => toExchangeView(row({ connectivity: 'up' }), now)).toThrow();
  });
});
