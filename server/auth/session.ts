import { headers } from 'next/headers';
import { auth } from '@/server/auth';
import { resolveSessionUser, type SessionUser } from '@/server/auth/current-user';
import { db } from '@/server/db';
import { noteRequestUser } from '@/server/http/request-meta';

/** The signed-in, still-valid user for a server component, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const user = await resolveSessionUser(db(), await auth());
  noteRequestUser(await headers(), user);
  return user;
}
