import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { CriticalBanner } from '@/components/alerts/critical-banner';
import { EmergencyStopButton } from '@/components/emergency/emergency-stop-button';
import { Nav } from '@/components/layout/nav';
import { LogoutButton } from '@/components/layout/logout-button';
import { UserProvider } from '@/components/layout/user-context';
import { LiveEvents } from '@/components/providers/live-events';
import { Providers } from '@/components/providers/trpc';
import { currentUser } from '@/server/auth/session';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <Providers>
      <UserProvider user={user}>
        <LiveEvents />
        <div className="shell">
          <aside className="sidebar">
            <div className="sidebar-inner">
              <div className="brand"><span className="brand-mark" aria-hidden>◆</span> Sentinel</div>
              <Nav />
            </div>
          </aside>
          <div className="main">
            <header className="topbar">
              <div><EmergencyStopButton /></div>
              <div className="topbar-user">
                <span className="muted" data-testid="current-user">{user.email}</span>
                <span className={`role role-${user.role.toLowerCase()}`}>{user.role.toLowerCase()}</span>
                <LogoutButton />
              </div>
            </header>
            <CriticalBanner />
            <main className="content">{children}</main>
          </div>
        </div>
      </UserProvider>
    </Providers>
  );
}
