import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { currentUser } from '@/server/auth/session';

export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  if (await currentUser()) redirect('/');
  return (
    <main className="login-shell">
      <div className="login-card">
        <div className="brand brand-lg"><span className="brand-mark" aria-hidden>◆</span> Sentinel</div>
        <p className="muted">Risk-first trading agent · control panel</p>
        <LoginForm />
      </div>
    </main>
  );
}
