import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeAlert, raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

describe('alert writer', () => {
  let t: TestDb;
  beforeAll(async () => { t = await createTestDb('alerts'); });
  afterAll(async () => { await t.drop(); });

  it('keeps one open alert per condition, counting occurrences and keeping the latest evidence', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const a = await raiseAlert(t.db, { severity: 'WARNING', code: 'DRAWDOWN', message: 'drawdown 11%', evidence: { dd: 0.11 } }, t0);
    const b = await raiseAlert(t.db, { severity: 'WARNING', code: 'DRAWDOWN', message: 'drawdown 12%', evidence: { dd: 0.12 } }, new Date('2026-01-01T00:05:00Z'));
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({ occurrences: 2, message: 'drawdown 12%', evidence: { dd: 0.12 }, status: 'OPEN', dedupKey: 'global:DRAWDOWN' });
    expect(b.firstSeenAt).toEqual(t0);
    expect(await t.db.alert.count()).toBe(1);
  });

  it('concurrent raises of one condition still make one alert', async () => {
    await Promise.all(Array.from({ length: 10 }, () =>
      raiseAlert(t.db, { severity: 'CRITICAL', code: 'EXCHANGE_DOWN', message: 'no answer', dedupKey: 'acct:EXCHANGE_DOWN' }, new Date())));
    const rows = await t.db.alert.findMany({ where: { dedupKey: 'acct:EXCHANGE_DOWN' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.occurrences).toBe(10);
  });

  it('after acknowledgement or resolution, a recurrence opens a new alert', async () => {
    const users = await seedUsers(t.db);
    const open = await t.db.alert.findFirstOrThrow({ where: { code: 'DRAWDOWN', status: 'OPEN' } });
    await callerAs(t.db, users.OPERATOR).alerts.acknowledge({ alertId: open.id });
    const acked = await t.db.alert.findUniqueOrThrow({ where: { id: open.id } });
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedById: users.OPERATOR.id, openDedupKey: null });
    expect(await acknowledgeAlert(t.db, open.id, users.OPERATOR.id, new Date())).toBe(false);

    const again = await raiseAlert(t.db, { severity: 'WARNING', code: 'DRAWDOWN', message: 'drawdown 13%' }, new Date());
    expect(again.id).not.toBe(open.id);
    expect(await resolveAlert(t.db, 'global:DRAWDOWN', new Date())).toBe(true);
    expect(await resolveAlert(t.db, 'global:DRAWDOWN', new Date())).toBe(false);
    expect(await t.db.auditLog.count({ where: { action: 'alert.acknowledged' } })).toBe(1);
  });
});
