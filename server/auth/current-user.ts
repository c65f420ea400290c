import type { Db } from '@/adapters/db/client';
import type { Role } from '@/generated/prisma/enums';

export interface SessionUser { id: string; email: string; name: string | null; role: Role }

export interface SessionClaims { user?: { id?: string | null } | null; sessionVersion?: number; sessionId?: string }

/**
 * The user behind a session, read fresh from the database on every request (one
 * query). Logged out when: the session row is revoked (logout) or expired, the user
 * is disabled, or the user's session version moved on since login (password reset,
 * role change, disable: every session of the user ends at once).
 */
export async function resolveSessionUser(db: Db, claims: SessionClaims | null, now = new Date()): Promise<SessionUser | null> {
  const userId = claims?.user?.id;
  if (!userId || !claims.sessionId || claims.sessionVersion === undefined) return null;
  const session = await db.userSession.findUnique({ where: { id: claims.sessionId }, include: { user: true } });
  if (!session || session.userId !== userId || session.revokedAt || session.expiresAt <= now) return null;
  const { user } = session;
  if (user.disabledAt || user.sessionVersion !== claims.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
