'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { SessionUser } from '@/server/auth/current-user';

const UserContext = createContext<SessionUser | null>(null);

export function UserProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

const RANK = { VIEWER: 1, OPERATOR: 2, ADMIN: 3 } as const;

/** For showing or hiding controls only; the server enforces every role itself. */
export function useUser() {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser outside the dashboard layout');
  return { ...user, can: (role: keyof typeof RANK) => RANK[user.role] >= RANK[role] };
}
