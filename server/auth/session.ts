import { auth } from '@/server/auth';
import { resolveSessionUser, type SessionUser } from '@/server/auth/current-user';
import { db } from '@/server/db';

/** The signed-in, still-valid user for a server component, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  return resolveSessionUser(db(), await auth());
}
