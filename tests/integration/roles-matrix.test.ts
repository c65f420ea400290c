import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { hasAccess, procedureAccess } from '@/server/api/access';
import type { SessionUser } from '@/server/auth/current-user';
import type { Role } from '@/generated/prisma/enums';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

/**
 * Every procedure in the router, called as anonymous, viewer, operator and admin.
 * The access table is the spec: denied callers get UNAUTHORIZED (anonymous) or
 * FORBIDDEN; allowed callers get past the gate (their call may still fail input
 * validation: they are called with no input, so no mutation changes anything).
 */
const procedures = Object.keys((appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures).sort();

describe('roles matrix', () => {
  let t: TestDb;
  let users: Record<Role, SessionUser>;
  beforeAll(async () => {
    t = await createTestDb('roles');
    await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 });
    users = await seedUsers(t.db);
  });
  afterAll(async () => { await t.drop(); });

  it('enumerates the router', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(10);
  });

  it('has an access rule for every procedure, and no rule for a procedure that does not exist', () => {
    expect(procedures.filter((p) => !(p in procedureAccess)), 'procedures without an entry in server/api/access.ts').toEqual([]);
    expect(Object.keys(procedureAccess).filter((p) => !procedures.includes(p)), 'stale entries').toEqual([]);
  });

  const callers: [string, Role | null][] = [['anonymous', null], ['viewer', 'VIEWER'], ['operator', 'OPERATOR'], ['admin', 'ADMIN']];
  for (const path of procedures) {
    for (const [who, role] of callers) {
      const required = procedureAccess[path] ?? 'ADMIN';
      const isAllowed = required !== undefined && hasAccess(role, required);
      it(`${path} as ${who}: ${isAllowed ? 'allowed' : 'refused'} (needs ${required.toLowerCase()})`, async () => {
        const caller = callerAs(t.db, role ? users[role] : null) as unknown as Record<string, Record<string, (i?: unknown) => Promise<unknown>>>;
        const [ns, name] = path.split('.') as [string, string];
        let error: unknown;
        try {
          await caller[ns]![name]!(undefined);
        } catch (e) {
          error = e;
        }
        const code = error instanceof TRPCError ? error.code : undefined;
        if (isAllowed) {
          expect(code, `${path} should let ${who} through: ${String(error)}`).not.toBe('FORBIDDEN');
          expect(code).not.toBe('UNAUTHORIZED');
          if (error) expect(code, `unexpected failure: ${String(error)}`).toBe('BAD_REQUEST');
        } else {
          expect(code).toBe(role ? 'FORBIDDEN' : 'UNAUTHORIZED');
        }
      });
    }
  }

  it('a viewer cannot set safe mode even with a valid input, and nothing is written', async () => {
    const account = await t.db.tradingAccount.findFirstOrThrow();
    const before = await t.db.controlCommand.count();
    await expect(callerAs(t.db, users.VIEWER).control.setSafeMode({ accountId: account.id, isOn: true, isCloseAll: false }))
      .rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.controlCommand.count()).toBe(before);
  });

  it('a viewer cannot request an emergency stop or extreme market mode even with a valid input, and nothing is written', async () => {
    const account = await t.db.tradingAccount.findFirstOrThrow();
    const before = await t.db.controlCommand.count();
    const viewer = callerAs(t.db, users.VIEWER);
    await expect(viewer.emergency.stop({ reason: 'a viewer pressing the red button', isCloseAll: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.emergency.setExtremeMode({ accountId: account.id, isOn: true, reason: 'a viewer switching extreme mode' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.controlCommand.count()).toBe(before);
  });

  it('a viewer cannot queue or cancel a backtest sweep even with a valid input, and nothing is written', async () => {
    const viewer = callerAs(t.db, users.VIEWER);
    const sweep = { name: 'viewer sweep', timeframe: '1h' as const, equity: 10_000, strategies: [{ name: 'ema_cross' as const, params: { fast: [50] } }],
      symbols: ['BTCUSDT'], periods: [{ from: '2024-01-01', to: '2024-02-01' }] };
    await expect(viewer.research.create(sweep)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.research.cancel({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.backtestSweep.count() + await t.db.backtestRun.count()).toBe(0);
  });
});
