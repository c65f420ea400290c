import type { Db } from '@/adapters/db/client';
import { createCaller } from '@/server/api/root';
import type { SessionUser } from '@/server/auth/current-user';
import { hashPassword } from '@/adapters/auth/password';
import type { Role } from '@/generated/prisma/enums';

/** tRPC callers as each role, through the real router and middleware (createCaller). */
export function callerAs(db: Db, user: SessionUser | null) {
  return createCaller({ db, user, ip: '127.0.0.1', now: () => new Date() });
}

let cachedHash: Promise<string> | undefined;

/** Users for tests, inserted directly (one shared password hash keeps scrypt out of the loop). */
export async function seedUsers(db: Db): Promise<Record<Role, SessionUser>> {
  cachedHash ??= hashPassword('correct horse battery staple');
  const passwordHash = await cachedHash;
  const out = {} as Record<Role, SessionUser>;
  for (const role of ['VIEWER', 'OPERATOR', 'ADMIN'] as const) {
    const u = await db.user.create({ data: { email: `${role.toLowerCase()}@test.local`, role, passwordHash } });
    out[role] = { id: u.id, email: u.email, name: u.name, role: u.role };
  }
  return out;
}
