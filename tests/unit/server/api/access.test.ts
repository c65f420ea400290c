import { describe, expect, it } from 'vitest';
import { hasAccess, procedureAccess, type Access } from '@/server/api/access';
import type { Role } from '@/generated/prisma/enums';

const ROLES: (Role | null)[] = [null, 'VIEWER', 'OPERATOR', 'ADMIN'];
const REQUIRED: Access[] = ['PUBLIC', 'VIEWER', 'OPERATOR', 'ADMIN'];

describe('hasAccess', () => {
  // rank: anonymous < VIEWER < OPERATOR < ADMIN; PUBLIC needs nothing
  const cases = ROLES.flatMap((role, roleRank) =>
    REQUIRED.map((required, requiredRank) => ({ role, required, allowed: roleRank >= requiredRank })));

  it.each(cases)('$role calling a $required procedure: $allowed', ({ role, required, allowed }) => {
    expect(hasAccess(role, required)).toBe(allowed);
  });
});

describe('procedureAccess', () => {
  it('names only known access levels', () => {
    for (const access of Object.values(procedureAccess)) expect(REQUIRED).toContain(access);
  });
});
