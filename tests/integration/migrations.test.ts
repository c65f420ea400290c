import { afterAll, describe, expect, it } from 'vitest';
import { deployMigrations, listMigrations, pendingSchemaDiff } from '@/adapters/db/migrations';
import { createTestDb, type TestDb } from '../support/test-db';

describe('migrations', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => { await Promise.all(dbs.map((d) => d.drop())); });

  it('apply on an empty database, record Prisma-format history, and are idempotent', async () => {
    const t = await createTestDb('migrate_empty', { isEmpty: true });
    dbs.push(t);
    const applied = await deployMigrations(t.url);
    expect(applied).toEqual(listMigrations());
    const rows = await t.db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(listMigrations());
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    const tables = await t.db.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
    for (const name of ['User', 'TradingAccount', 'RiskState', 'Order', 'Fill', 'Position', 'JournalEntry', 'AuditLog', 'ControlCommand', 'WorkerHeartbeat', 'Candle', 'BacktestRun', 'StrategyStat', 'Alert']) {
      expect(tables.map((r) => r.tablename)).toContain(name);
    }
    expect(await deployMigrations(t.url)).toEqual([]);
  });

  it('match the schema: the diff from the last migration snapshot to schema.prisma is empty', async () => {
    const t = await createTestDb('migrate_drift');
    dbs.push(t);
    const sql = await pendingSchemaDiff(t.url);
    expect(sql, 'prisma/schema.prisma changed without a migration: run `npm run db:migrate -- create NAME`').toBe('');
  });

  it('store money and quantities as numeric, never floating point', async () => {
    const t = await createTestDb('migrate_types');
    dbs.push(t);
    const floats = await t.db.$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('real', 'double precision')`;
    expect(floats).toEqual([]);
    const [col] = await t.db.$queryRaw<{ numeric_precision: number; numeric_scale: number }[]>`
      SELECT numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 'Order' AND column_name = 'quantity'`;
    expect(col).toEqual({ numeric_precision: 38, numeric_scale: 18 });
  });
});
