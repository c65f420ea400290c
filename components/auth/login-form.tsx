'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

const MESSAGES: Record<string, string> = {
  invalid_credentials: 'Wrong e-mail or password.',
  rate_limited: 'Too many failed attempts from your network. Wait a few minutes and try again.',
  disabled: 'This account is disabled. Ask an administrator.',
  invalid_input: 'Enter your e-mail and password.',
  code_required: 'Enter the 6-digit code from your authenticator app, or a recovery code.',
  invalid_code: 'Wrong code. Enter the current code from your authenticator app, or an unused recovery code.',
};

/** `locked:<epoch ms>` from the server: the lock's end, shown in the browser's time zone. */
function messageFor(code: string | undefined): string {
  const [kind, until] = (code ?? '').split(':');
  if (kind === 'locked') {
    const at = Number(until);
    const when = Number.isFinite(at) && at > 0 ? new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : 'later';
    return `Too many failed attempts: this account is locked until ${when}. Try again then, or ask an administrator to unlock it.`;
  }
  return MESSAGES[kind ?? ''] ?? MESSAGES.invalid_credentials!;
}

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);
  // second step: the password was right and the account has TOTP on
  const [isCodeStep, setCodeStep] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const code = isCodeStep ? String(form.get('code') ?? '') : undefined;
    const res = await signIn('credentials', { email: form.get('email'), password: form.get('password'), ...(code ? { code } : {}), redirect: false });
    setPending(false);
    if (!res || res.error) {
      if (res?.code === 'code_required') {
        setCodeStep(true);
        if (isCodeStep) setError(MESSAGES.code_required!);
        return;
      }
      setError(messageFor(res?.code));
      return;
    }
    router.replace('/');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <label>
        E-mail
        <input name="email" type="email" autoComplete="username" required autoFocus readOnly={isCodeStep} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required readOnly={isCodeStep} />
      </label>
      {isCodeStep && (
        <label>
          Authentication code
          <input name="code" inputMode="numeric" autoComplete="one-time-code" required autoFocus placeholder="123456 or a recovery code" />
          <span className="muted small">From your authenticator app; a recovery code works once.</span>
        </label>
      )}
      {error && <p role="alert" className="form-error">{error}</p>}
      <button type="submit" className="btn btn-primary" disabled={isPending}>{isPending ? 'Signing in…' : isCodeStep ? 'Verify' : 'Sign in'}</button>
    </form>
  );
}
