'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';
import { QrCode } from './qr-code';

/**
 * Settings → Two-factor authentication, for the signed-in user. Enrolment: password →
 * secret (QR code, URI and base32) → first code → recovery codes, shown this once.
 */
export function TwoFactorSettings() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const status = useQuery(trpc.twoFactor.get.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.twoFactor.get.queryKey() });
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const start = useMutation(trpc.twoFactor.startEnrolment.mutationOptions({ onSuccess: (r) => { setEnrolment(r); void refresh(); } }));
  const confirm = useMutation(trpc.twoFactor.confirmEnrolment.mutationOptions({ onSuccess: (r) => { setEnrolment(null); setRecoveryCodes(r.recoveryCodes); void refresh(); } }));
  const disable = useMutation(trpc.twoFactor.disable.mutationOptions({ onSuccess: () => { setRecoveryCodes(null); void refresh(); } }));

  const field = (e: FormEvent<HTMLFormElement>, name: string) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get(name) ?? '');
    e.currentTarget.reset();
    return value;
  };

  const s = status.data;
  return (
    <Card title="Two-factor authentication" testId="two-factor">
      <p className="muted small">
        Optional for everyone, recommended for operators and admins: after the password, the login asks for a code from an
        authenticator app (any TOTP app). Lost the device? Use a recovery code, or ask an administrator to reset it.
      </p>
      <ErrorNote error={status.error ?? start.error ?? confirm.error ?? disable.error} />
      {s && (s.isEnabled
        ? <p><Badge tone="ok" testId="two-factor-state">on</Badge> since {fmtTime(s.enabledAt)} · {s.recoveryCodesLeft} recovery codes left</p>
        : <p><Badge tone="muted" testId="two-factor-state">off</Badge></p>)}

      {recoveryCodes && (
        <div className="secret-once" role="status" data-testid="recovery-codes">
          <div>
            <strong>Recovery codes</strong> — each works once, in place of a code. Store them somewhere safe now: they are shown only this once.
            <ul className="recovery-codes">{recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
          </div>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setRecoveryCodes(null)}>I have stored them</button>
        </div>
      )}

      {s && !s.isEnabled && !enrolment && (
        <form className="inline-form" onSubmit={(e) => start.mutate({ password: field(e, 'password') })}>
          <input name="password" type="password" autoComplete="current-password" placeholder="Your current password" required aria-label="Current password" />
          <button type="submit" className="btn btn-primary" disabled={start.isPending}>Set up two-factor authentication</button>
        </form>
      )}

      {enrolment && (
        <div className="two-factor-enrol">
          <QrCode text={enrolment.otpauthUri} label="QR code of the authenticator secret" />
          <div>
            <p className="small">Scan the QR code with your authenticator app, or enter the secret by hand:</p>
            <p><code data-testid="totp-secret">{enrolment.secret}</code></p>
            <p className="muted small">URI: <code data-testid="totp-uri">{enrolment.otpauthUri}</code></p>
            <form className="inline-form" onSubmit={(e) => confirm.mutate({ code: field(e, 'code') })}>
              <input name="code" inputMode="numeric" autoComplete="one-time-code" placeholder="6-digit code" required aria-label="Code from the authenticator app" />
              <button type="submit" className="btn btn-primary" disabled={confirm.isPending}>Confirm and turn on</button>
            </form>
          </div>
        </div>
      )}

      {s?.isEnabled && (
        <form className="inline-form" onSubmit={(e) => disable.mutate({ code: field(e, 'code') })}>
          <input name="code" autoComplete="one-time-code" placeholder="Current code or a recovery code" required aria-label="Code to turn two-factor authentication off" />
          <button type="submit" className="btn" disabled={disable.isPending}>Turn off</button>
        </form>
      )}
    </Card>
  );
}
