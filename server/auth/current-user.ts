import type { Db } from '@/adapters/db/client';
import type { Role } from '@/generated/prisma/enums';

export interface SessionUser { id: string; email: string; name: string | null; role: Role }

/**
 * The user behind a session, read fresh from the database on every request: a
 * disabled user, or a session issued before the user's session version was bumped
 * (password reset, role change, disable), counts as logged out.
 */
export async function resolveSessionUser(
  db: Db, session: { user?: { id?: string | null } | null; sessionVersion?: number } | null,
): Promise<SessionUser | null> {
  const id = session?.user?.id;
  if (!id || session.sessionVersion === undefined) return null;
  const user = await db.user.findUnique({ where: { id } });
  if (!user || user.disabledAt || user.sessionVersion !== session.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
