import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, ensureBaseData } from '@/adapters/repo/bootstrap';
import { createLogger } from '@/adapters/logging/logger';
import { verifyAuditChain } from '@/adapters/repo/audit-log';
import type { EntryIntent, MarketRules } from '@/domain/risk/types';
import type { OrderStatus, Role, Venue } from '@/generated/prisma/enums';
import type { SessionUser } from '@/server/auth/current-user';
import { processPendingCommands } from '@/worker/control/process-commands';
import { applyExtremeMode } from '@/worker/control/apply-set-extreme-mode';
import { validateAndRecord } from '@/worker/pipeline/risk-validator';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

const log = createLogger('test', 'silent');
const at = new Date('2026-03-02T10:00:00Z');
const MARKET: MarketRules = { qtyStep: 0.00001, minQty: 0.00001, minNotional: 5, feeRate: 0.001 };
const entry = (o: Partial<EntryIntent> = {}): EntryIntent => ({
  kind: 'ENTRY', strategy: 'ema_cross', symbol: 'BTC/USDT', asset: 'BTC', side: 'LONG',
  entryPrice: 50_000, stopPrice: 49_000, targetPrice: 53_000, quantity: 0.004, leverage: 1, ...o,
});
const REASON = 'exchange answers with stale prices since 09:55';

describe('emergency procedures against PostgreSQL', () => {
  let t: TestDb;
  let paperId: string;
  let secondId: string;
  let users: Record<Role, SessionUser>;
  const work = () => processPendingCommands(t.db, log, 'test-worker', () => at, { capitalAllocationCap: 1, extremeSizeMultiplier: 0.5 });
  const order = (accountId: string, n: number, venue: Venue, status: OrderStatus, purpose: 'ENTRY' | 'EXIT' = 'ENTRY', symbol = 'BTC/USDT') => t.db.order.create({
    data: { accountId, clientOrderId: `snl-emergency-${accountId.slice(0, 8)}-${n}`, symbol, side: purpose === 'ENTRY' ? 'BUY' : 'SELL', type: 'MARKET', purpose, status, quantity: 0.001, venue },
  });
  const openPosition = (accountId: string, symbol = 'ETH/USDT') => t.db.position.create({
    data: { accountId, symbol, strategy: 'ema_cross', status: 'OPEN', quantity: 0.1, entryPrice: 3_000, stopPrice: 2_900, targetPrice: 3_300, initialRisk: 10, openedAt: at },
  });
  const command = (id: string) => t.db.controlCommand.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    t = await createTestDb('emergency');
    paperId = (await ensureBaseData(t.db, { now: at, capitalAllocationCap: 1 })).account.id;
    secondId = (await t.db.$transaction((tx) => createAccount(tx, { name: 'Second exchange', kind: 'EXCHANGE', exchange: 'binance', accountEquity: '10000', stageOrdinal: 1,
      capitalAllocationCap: 1, now: at, reason: 'emergency test', apiUrl: 'http://127.0.0.1:9', isSandbox: true }))).id;
    users = await seedUsers(t.db);
  }, 60_000);
  afterAll(async () => { await t.drop(); });
  beforeEach(async () => {
    await t.db.controlCommand.deleteMany();
    await t.db.order.deleteMany();
    await t.db.position.deleteMany();
    await t.db.riskState.updateMany({ data: { equity: 10_000, peakEquity: 10_000, dayStartEquity: 10_000, dayStartedAt: at, tradingState: 'ACTIVE', isSafeMode: false, desiredSafeMode: false,
      isExtremeMode: false, extremeSizeMultiplier: null, extremeModeReason: null, extremeModeSince: null, extremeModeBy: null } });
  });

  it('emergency stop on every enabled account: safe mode on, pending entries cancelled by the venue rules, positions kept, alerted, audited', async () => {
    const op = callerAs(t.db, users.OPERATOR);
    const paperPending = await order(paperId, 1, 'PAPER', 'PENDING_SUBMIT');
    const paperSubmitted = await order(paperId, 2, 'PAPER', 'SUBMITTED', 'ENTRY', 'SOL/USDT');
    const exchangeUnsent = await order(paperId, 3, 'EXCHANGE', 'PENDING_SUBMIT', 'ENTRY', 'ETH/USDT');
    const exchangeSent = await order(paperId, 4, 'EXCHANGE', 'SUBMITTED');
    const filled = await order(paperId, 5, 'PAPER', 'FILLED');
    const exit = await order(paperId, 6, 'PAPER', 'SUBMITTED', 'EXIT');
    const position = await openPosition(paperId);

    // a double click: both requests return the same command per account
    const [a, b] = await Promise.all([op.emergency.stop({ reason: REASON }), op.emergency.stop({ reason: REASON })]);
    expect(a.requests.map((r) => r.accountId).sort()).toEqual([paperId, secondId].sort());
    expect(b.requests.map((r) => r.commandId).sort()).toEqual(a.requests.map((r) => r.commandId).sort());
    expect([...a.requests, ...b.requests].filter((r) => r.isDuplicate)).toHaveLength(2);
    expect(await t.db.controlCommand.count({ where: { type: 'EMERGENCY_STOP' } })).toBe(2);
    expect(await t.db.riskState.count({ where: { desiredSafeMode: true, isSafeMode: false } })).toBe(2);

    expect(await work()).toBe(2);
    expect(await t.db.riskState.count({ where: { isSafeMode: true, desiredSafeMode: true } })).toBe(2);
    const status = async (o: { id: string }) => (await t.db.order.findUniqueOrThrow({ where: { id: o.id } })).status;
    expect(await Promise.all([paperPending, paperSubmitted, exchangeUnsent].map(status))).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(await Promise.all([exchangeSent, filled, exit].map(status))).toEqual(['SUBMITTED', 'FILLED', 'SUBMITTED']);
    expect((await t.db.position.findUniqueOrThrow({ where: { id: position.id } })).status).toBe('OPEN');

    const paperCmd = await command(a.requests.find((r) => r.accountId === paperId)!.commandId);
    expect(paperCmd).toMatchObject({ status: 'APPLIED', appliedBy: 'test-worker' });
    expect(paperCmd.result).toEqual({ steps: [
      { step: 'safe_mode', status: 'done', detail: 'safe mode on: no new positions; every stop stays in place' },
      { step: 'cancel_orders', status: 'done', detail: '3 pending entry order(s) cancelled: BTC/USDT, SOL/USDT, ETH/USDT' },
      { step: 'close_positions', status: 'skipped', detail: 'not asked: 1 open position(s) keep their stops' },
    ] });
    const rs = await t.db.riskState.findUniqueOrThrow({ where: { accountId: paperId } });
    expect(rs.safeModeReason).toBe(`emergency stop by ${users.OPERATOR.email}: ${REASON}`);

    const alert = await t.db.alert.findFirstOrThrow({ where: { code: 'EMERGENCY_STOP', accountId: paperId, status: 'OPEN' } });
    expect(alert.severity).toBe('CRITICAL');
    expect(alert.message).toContain(`by ${users.OPERATOR.email}: ${REASON}. Safe mode on, 3 pending order(s) cancelled, positions kept with their stops`);
    expect(alert.evidence).toMatchObject({ requestedBy: users.OPERATOR.email, reason: REASON, isCloseAll: false, closingPositionIds: [],
      cancelledOrders: [{ id: paperPending.id, venue: 'PAPER' }, { id: paperSubmitted.id, venue: 'PAPER' }, { id: exchangeUnsent.id, venue: 'EXCHANGE' }] });
    expect(await t.db.alert.count({ where: { code: 'EMERGENCY_STOP', accountId: secondId, severity: 'CRITICAL' } })).toBe(1);

    expect(await t.db.auditLog.count({ where: { action: 'emergency.stop.requested', actorId: users.OPERATOR.id } })).toBe(2);
    expect(await t.db.auditLog.count({ where: { action: 'control.emergency-stop.applied', actorLabel: 'worker:test-worker' } })).toBe(2);
    expect(await t.db.journalEntry.count({ where: { accountId: paperId, kind: 'CONTROL', message: `emergency stop by ${users.OPERATOR.email}: ${REASON}` } })).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    const view = await callerAs(t.db, users.VIEWER).emergency.get();
    const paper = view.accounts.find((x) => x.id === paperId)!;
    expect(paper).toMatchObject({ safeMode: { applied: true, desired: true }, lastStop: { status: 'APPLIED', reason: REASON, requestedBy: users.OPERATOR.email, isCloseAll: false } });
    expect(paper.lastStop!.steps.map((s) => [s.step, s.status])).toEqual([['safe_mode', 'done'], ['cancel_orders', 'done'], ['close_positions', 'skipped']]);

    // after it was applied, a new stop is a new command
    const again = await op.emergency.stop({ accountId: paperId, reason: REASON });
    expect(again.requests).toEqual([{ accountId: paperId, accountName: paper.name, commandId: expect.any(String), isDuplicate: false }]);
    expect(again.requests[0]!.commandId).not.toBe(paperCmd.id);
  });

  it('with "also close all positions", on the chosen account only: positions go to CLOSE (exit reason SAFE_MODE) and the page follows them to CLOSED', async () => {
    const p1 = await openPosition(paperId);
    const p2 = await openPosition(paperId, 'BTC/USDT');
    const other = await openPosition(secondId);
    const { requests } = await callerAs(t.db, users.ADMIN).emergency.stop({ accountId: paperId, reason: REASON, isCloseAll: true });
    expect(requests).toHaveLength(1);
    expect(await work()).toBe(1);

    const closing = await t.db.position.findMany({ where: { id: { in: [p1.id, p2.id] } } });
    expect(closing.map((p) => [p.status, p.exitReason])).toEqual([['CLOSING', 'SAFE_MODE'], ['CLOSING', 'SAFE_MODE']]);
    expect((await t.db.position.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('OPEN');
    expect((await t.db.riskState.findUniqueOrThrow({ where: { accountId: secondId } })).isSafeMode).toBe(false);
    const alert = await t.db.alert.findFirstOrThrow({ where: { code: 'EMERGENCY_STOP', accountId: paperId, status: 'OPEN' } });
    expect((alert.evidence as { closingPositionIds: string[] }).closingPositionIds.sort()).toEqual([p1.id, p2.id].sort());

    const step = async () => (await callerAs(t.db, users.VIEWER).emergency.get()).accounts.find((x) => x.id === paperId)!.lastStop!.steps[2]!;
    expect(await step()).toMatchObject({ step: 'close_positions', status: 'in_progress', progress: { closed: 0, total: 2 } });
    await t.db.position.updateMany({ where: { id: { in: [p1.id, p2.id] } }, data: { status: 'CLOSED', closedAt: at } });
    expect(await step()).toMatchObject({ status: 'done', progress: { closed: 2, total: 2 } });
  });

  it('extreme market mode: on → safe mode and smaller sizes through the validator; a repeat only tightens; off → alert resolved, safe mode left as it is', async () => {
    const op = callerAs(t.db, users.OPERATOR);
    const full = await validateAndRecord(t.db, { accountId: paperId, intent: entry(), market: MARKET, marks: {}, at });
    expect(full.decision).toMatchObject({ outcome: 'APPROVED', quantity: 0.004 });

    // on, without a multiplier: the worker's EXTREME_SIZE_MULTIPLIER (0.5 here)
    const on = await op.emergency.setExtremeMode({ accountId: paperId, isOn: true, reason: 'BTC moved 12% in an hour' });
    expect((await op.emergency.setExtremeMode({ accountId: paperId, isOn: true, reason: 'BTC moved 12% in an hour' })).commandId).toBe(on.commandId);
    expect(await work()).toBe(1);
    let rs = await t.db.riskState.findUniqueOrThrow({ where: { accountId: paperId } });
    expect(rs).toMatchObject({ isExtremeMode: true, isSafeMode: true, desiredSafeMode: true, extremeModeReason: 'BTC moved 12% in an hour', safeModeReason: 'extreme market mode: BTC moved 12% in an hour' });
    expect(rs.extremeSizeMultiplier?.toNumber()).toBe(0.5);
    expect(rs.extremeModeBy).toBe(`${users.OPERATOR.email} (applied by worker:test-worker)`);
    expect(await t.db.alert.findFirst({ where: { code: 'EXTREME_MARKET_MODE', accountId: paperId, status: 'OPEN', severity: 'WARNING' } })).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: 'risk.extreme-mode.on', actorId: users.OPERATOR.id } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: 'emergency.extreme-mode.requested' } })).toBe(1);
    expect((await validateAndRecord(t.db, { accountId: paperId, intent: entry(), market: MARKET, marks: {}, at })).decision.rule).toBe('safe_mode');

    // the operator resumes with caution: safe mode off, sizes stay halved
    await op.control.setSafeMode({ accountId: paperId, isOn: false, reason: 'resume with caution' });
    await work();
    const half = await validateAndRecord(t.db, { accountId: paperId, intent: entry(), market: MARKET, marks: {}, at });
    expect(half.decision).toMatchObject({ outcome: 'SHRUNK', rule: 'extreme_mode', quantity: 0.002, requestedQuantity: 0.004 });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: half.orderId! } })).quantity.toNumber()).toBe(0.002);
    expect(await t.db.journalEntry.findUniqueOrThrow({ where: { id: half.journalId } })).toMatchObject({ outcome: 'SHRUNK', rule: 'extreme_mode' });

    // the high-volatility rule switching it on again: no safe mode behind the operator's back, no looser size; a smaller one is taken
    const system = { on: true, reason: 'BTC/USDT ATR percentile 0.99', actorLabel: 'system: high volatility' };
    const same = await t.db.$transaction((tx) => applyExtremeMode(tx, paperId, { ...system, sizeMultiplier: 0.5 }, at));
    expect(same).toMatchObject({ isChanged: false, isSafeMode: false, sizeMultiplier: 0.5 });
    const tighter = await t.db.$transaction((tx) => applyExtremeMode(tx, paperId, { ...system, sizeMultiplier: 0.25 }, at));
    expect(tighter).toMatchObject({ isChanged: true, isSafeMode: false, sizeMultiplier: 0.25 });
    expect((await validateAndRecord(t.db, { accountId: paperId, intent: entry(), market: MARKET, marks: {}, at })).decision).toMatchObject({ rule: 'extreme_mode', quantity: 0.001 });
    await expect(t.db.$transaction((tx) => applyExtremeMode(tx, paperId, { ...system, sizeMultiplier: 1.5 }, at))).rejects.toThrow(/must be in \(0, 1\]/);

    // off while safe mode is on: safe mode stays on, sizes back to normal once the operator lifts it
    await op.control.setSafeMode({ accountId: paperId, isOn: true, reason: 'volatility again' });
    await op.emergency.setExtremeMode({ accountId: paperId, isOn: false, reason: 'volatility back to normal' });
    expect(await work()).toBe(2);
    rs = await t.db.riskState.findUniqueOrThrow({ where: { accountId: paperId } });
    expect(rs).toMatchObject({ isExtremeMode: false, extremeSizeMultiplier: null, extremeModeReason: null, isSafeMode: true });
    expect(await t.db.alert.findFirst({ where: { code: 'EXTREME_MARKET_MODE', accountId: paperId, status: 'OPEN' } })).toBeNull();
    expect(await t.db.alert.count({ where: { code: 'EXTREME_MARKET_MODE', accountId: paperId, status: 'RESOLVED' } })).toBe(1);
    await op.control.setSafeMode({ accountId: paperId, isOn: false });
    await work();
    expect((await validateAndRecord(t.db, { accountId: paperId, intent: entry(), market: MARKET, marks: {}, at })).decision).toMatchObject({ outcome: 'APPROVED', quantity: 0.004 });
    expect((await t.db.$transaction((tx) => applyExtremeMode(tx, paperId, { ...system, on: false }, at))).isChanged).toBe(false);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('cancel pending orders and close all positions as their own commands, safe mode untouched', async () => {
    const pending = await order(paperId, 1, 'PAPER', 'SUBMITTED');
    const position = await openPosition(paperId);
    const r = await callerAs(t.db, users.OPERATOR).emergency.cancelOrders({ accountId: paperId, reason: 'exchange incident, entries unsafe' });
    await t.db.controlCommand.create({ data: { accountId: paperId, type: 'CLOSE_ALL_POSITIONS', payload: { reason: 'flatten before the maintenance', requestedBy: 'ops@test.local' }, requestedAt: at } });
    expect(await work()).toBe(2);
    expect(await command(r.commandId)).toMatchObject({ status: 'APPLIED', result: { cancelledOrders: 1, detail: '1 pending entry order(s) cancelled: BTC/USDT' } });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe('CANCELED');
    expect(await t.db.position.findUniqueOrThrow({ where: { id: position.id } })).toMatchObject({ status: 'CLOSING', exitReason: 'MANUAL' });
    expect((await t.db.riskState.findUniqueOrThrow({ where: { accountId: paperId } })).isSafeMode).toBe(false);
  });

  it('inputs are checked, naming the field', async () => {
    const op = callerAs(t.db, users.OPERATOR);
    await expect(op.emergency.stop({ reason: 'panic' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('reason: at least 10 characters') });
    await expect(op.emergency.setExtremeMode({ accountId: paperId, isOn: true, reason: REASON, sizeMultiplier: 2 }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('sizeMultiplier: at most 1') });
    await expect(op.emergency.setExtremeMode({ accountId: paperId, isOn: false, reason: REASON, sizeMultiplier: 0.5 }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('sizeMultiplier: only when switching extreme mode on') });
    await expect(op.emergency.stop({ accountId: '00000000-0000-4000-8000-000000000000', reason: REASON })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.controlCommand.count()).toBe(0);
  });

  it('roles: a viewer sees the state but cannot stop, switch extreme mode or cancel; contacts are the admins\'', async () => {
    const viewer = callerAs(t.db, users.VIEWER);
    await expect(viewer.emergency.stop({ reason: REASON })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.emergency.setExtremeMode({ accountId: paperId, isOn: true, reason: REASON })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.emergency.cancelOrders({ accountId: paperId, reason: REASON })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.controlCommand.count()).toBe(0);
    expect((await viewer.emergency.get()).accounts).toHaveLength(2);

    const contact = { name: 'Ada Operator', role: 'on-call operator', phone: '+41 44 123 45 67', email: '', notes: 'weekdays 7-19', sortOrder: 1 };
    await expect(callerAs(t.db, users.OPERATOR).emergencyContacts.add(contact)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = callerAs(t.db, users.ADMIN);
    await expect(admin.emergencyContacts.add({ ...contact, phone: '', email: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('phone: a phone or an e-mail is required') });
    await expect(admin.emergencyContacts.add({ ...contact, email: 'not-an-address' })).rejects.toMatchObject({ message: expect.stringContaining('email: must be an e-mail address') });
    const { id } = await admin.emergencyContacts.add(contact);
    await admin.emergencyContacts.add({ name: 'Exchange support', role: 'exchange', phone: '', email: 'support@exchange.example', sortOrder: 0 });
    await admin.emergencyContacts.update({ contactId: id, ...contact, phone: '+41 44 765 43 21' });
    const list = await viewer.emergencyContacts.list();
    expect(list.map((c) => [c.name, c.phone, c.email])).toEqual([['Exchange support', null, 'support@exchange.example'], ['Ada Operator', '+41 44 765 43 21', null]]);
    await admin.emergencyContacts.delete({ contactId: id });
    expect((await viewer.emergencyContacts.list()).map((c) => c.name)).toEqual(['Exchange support']);
    expect(await t.db.auditLog.findMany({ where: { targetType: 'EmergencyContact' }, orderBy: { seq: 'asc' }, select: { action: true, actorId: true } }))
      .toEqual([...['added', 'added', 'updated', 'deleted'].map((a) => ({ action: `emergencyContact.${a}`, actorId: users.ADMIN.id }))]);
  });
});
