import { describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH } from '@/adapters/repo/audit-log';

type Row = Parameters<typeof auditHash>[1];

const row: Row = {
  at: new Date('2024-06-01T12:00:00.000Z'),
  actorId: 'user_1',
  actorLabel: 'ops@example.com',
  action: 'control.setSafeMode',
  accountId: 'acc_1',
  targetType: 'Account',
  targetId: 'acc_1',
  details: { on: true, reason: 'maintenance' },
  ip: '203.0.113.7',
};

describe('auditHash', () => {
  it('is a deterministic sha256 hex digest', () => {
    const hash = auditHash(GENESIS_HASH, row);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, { ...row, at: new Date(row.at.getTime()), details: { on: true, reason: 'maintenance' } })).toBe(hash);
  });

  const changes: { field: keyof Row; value: Row[keyof Row] }[] = [
    { field: 'at', value: new Date('2024-06-01T12:00:00.001Z') },
    { field: 'actorId', value: null },
    { field: 'actorLabel', value: 'worker:w1' },
    { field: 'action', value: 'control.setSafeModeX' },
    { field: 'accountId', value: 'acc_2' },
    { field: 'targetType', value: null },
    { field: 'targetId', value: 'acc_2' },
    { field: 'details', value: { on: false, reason: 'maintenance' } },
    { field: 'ip', value: null },
  ];

  it.each(changes)('changes when $field changes', ({ field, value }) => {
    expect(auditHash(GENESIS_HASH, { ...row, [field]: value })).not.toBe(auditHash(GENESIS_HASH, row));
  });

  it('changes when a nested detail changes', () => {
    expect(auditHash(GENESIS_HASH, { ...row, details: { on: true, reason: 'maintenance', extra: [1] } }))
      .not.toBe(auditHash(GENESIS_HASH, row));
  });

  it('changes when prevHash changes', () => {
    const other = `${'0'.repeat(63)}1`;
    expect(auditHash(other, row)).not.toBe(auditHash(GENESIS_HASH, row));
  });

  it('ignores the key order of details, at every depth', () => {
    const a = { ...row, details: { x: { b: 2, a: 1 }, on: true } };
    const b = { ...row, details: { on: true, x: { a: 1, b: 2 } } };
    expect(auditHash(GENESIS_HASH, a)).toBe(auditHash(GENESIS_HASH, b));
  });
});
