'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote, PageHeader, Stat } from '@/components/ui/card';
import { fmtMoney, fmtPct, fmtShortTime, fmtTime } from '@/components/ui/format';
import { Gauge } from '@/components/ui/gauge';
import { RiskSignals } from './risk-signals';

const STATE_TONE = { ACTIVE: 'ok', REDUCED: 'warn', PAUSED: 'warn', HALTED: 'bad', LOCKED: 'bad' } as const;

/** The limits an operator reads and an admin may tighten; `kind` says how the value is shown. */
const LIMIT_ROWS = [
  { key: 'riskPerTradeFraction', label: 'Risk per trade', kind: 'pct', note: 'default 1%; up to 2% with a written reason' },
  { key: 'maxAssetExposureFraction', label: 'Exposure per asset', kind: 'pct' },
  { key: 'maxTotalExposureFraction', label: 'Total exposure', kind: 'pct' },
  { key: 'maxLeverage', label: 'Leverage', kind: 'x' },
  { key: 'dailyLossFraction', label: 'Daily loss → halt', kind: 'pct' },
  { key: 'drawdownReduceFraction', label: 'Drawdown → half size', kind: 'pct' },
  { key: 'drawdownPauseFraction', label: 'Drawdown → pause', kind: 'pct' },
  { key: 'drawdownLockFraction', label: 'Drawdown → lock', kind: 'pct' },
  { key: 'minRewardRisk', label: 'Minimum reward:risk', kind: 'ratio', note: 'a floor: may only rise' },
] as const;
type LimitKey = (typeof LIMIT_ROWS)[number]['key'];

const show = (v: number | undefined, kind: 'pct' | 'x' | 'ratio') =>
  v === undefined ? '—' : kind === 'pct' ? fmtPct(v, 2) : kind === 'x' ? `${v}x` : String(v);

export function RiskPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const q = useQuery(trpc.risk.get.queryOptions(undefined, { refetchInterval: 2000 }));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.risk.get.queryKey() });
  const save = useMutation(trpc.risk.updateConfig.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.risk.resetLock.mutationOptions({ onSuccess: refresh }));
  const [resetReason, setResetReason] = useState('');
  const [isConfirmingReset, setConfirmingReset] = useState(false);

  if (q.isPending) return <PageHeader title="Risk" subtitle="Loading…" />;
  if (q.isError) return <><PageHeader title="Risk" /><ErrorNote error={q.error} /></>;
  const r = q.data;
  const s = r.state;

  function onSave(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const config: Record<string, number | string> = {};
    for (const row of LIMIT_ROWS) {
      const raw = String(f.get(row.key) ?? '').trim();
      if (raw === '') continue;
      const n = Number(raw);
      config[row.key] = row.kind === 'pct' ? n / 100 : n;
    }
    const reason = String(f.get('riskPerTradeReason') ?? '').trim();
    if (reason) config.riskPerTradeReason = reason;
    const tz = String(f.get('dayTimeZone') ?? '').trim();
    if (tz) config.dayTimeZone = tz;
    save.mutate({ accountId: r.accountId, config });
  }

  return (
    <>
      <PageHeader title="Risk" subtitle="Hard limits are constants in code; configuration may only tighten them. Every order passes this gate." />
      <div className="status-strip status-strip-4">
        <Stat label="Trading state" tone={STATE_TONE[s.tradingState]} value={<span data-testid="risk-state">{s.tradingState}</span>}
          sub={s.stateReason ?? 'normal sizing'} />
        <Stat label="Equity (bot)" value={fmtMoney(s.equity)} sub={`peak ${fmtMoney(s.peakEquity)} · day start ${fmtMoney(s.dayStartEquity)}`} />
        <Stat label="Safe mode" tone={s.isSafeMode ? 'warn' : 'ok'} value={s.isSafeMode ? 'ON' : 'OFF'} sub={s.isSafeMode ? 'no new entries' : 'entries allowed'} />
        <Stat label="Last change" value={fmtShortTime(s.stateChangedAt)} sub={s.stateChangedBy ? `UTC · by ${s.stateChangedBy}` : 'UTC'} />
      </div>

      <div className="grid-2">
        <Card title="Drawdown and daily loss">
          <Gauge label="Drawdown from peak" value={s.drawdown} marks={[
            { at: r.effective.drawdownReduceFraction, label: 'half size' },
            { at: r.effective.drawdownPauseFraction, label: 'pause' },
            { at: r.effective.drawdownLockFraction, label: 'lock' }]} max={r.effective.drawdownLockFraction * 1.25} />
          <Gauge label={`Daily loss (day starts 00:00 ${r.dayTimeZone})`} value={s.dayLoss}
            marks={[{ at: r.effective.dailyLossFraction, label: 'halt' }]} max={r.effective.dailyLossFraction * 1.25} />
          {s.tradingState === 'LOCKED' && user.can('ADMIN') && (
            <div className="confirm" role="group" aria-label="Reset lock">
              <p><strong>Reset the lock.</strong> Investigate and fix first; the reason is audited. The peak is rebased to current equity.</p>
              <label>Reason<input value={resetReason} onChange={(e) => setResetReason(e.target.value)} minLength={10} maxLength={1000} data-testid="reset-reason" /></label>
              <div className="confirm-actions">
                {!isConfirmingReset ? (
                  <button type="button" className="btn btn-warn" disabled={resetReason.trim().length < 10 || r.pendingReset !== null} data-testid="reset-lock"
                    onClick={() => setConfirmingReset(true)}>Reset lock…</button>
                ) : (
                  <>
                    <span>Trading resumes at normal size from current equity. Sure?</span>
                    <button type="button" className="btn btn-warn" disabled={reset.isPending} data-testid="reset-lock-confirm"
                      onClick={() => reset.mutate({ accountId: r.accountId, reason: resetReason }, { onSettled: () => setConfirmingReset(false) })}>Yes, reset</button>
                    <button type="button" className="btn btn-ghost" onClick={() => setConfirmingReset(false)}>Cancel</button>
                  </>
                )}
              </div>
              <ErrorNote error={reset.error} />
              {r.pendingReset && <p className="muted small" data-testid="reset-pending">Reset requested by {r.pendingReset.by ?? 'unknown'} at {fmtTime(r.pendingReset.requestedAt)}: waiting for the worker.</p>}
            </div>
          )}
        </Card>
        <Card title="Rules every entry passes">
          <ul className="rule-list">
            <li>Stop loss mandatory, on the losing side of the entry</li>
            <li>Reward:risk after fees ≥ {r.effective.minRewardRisk}</li>
            <li>No martingale: after a loss, a strategy may not risk more on its next entry</li>
            <li>No averaging down: no adding to a position in loss</li>
            <li>Safe mode, pause, halt and lock refuse entries; exits and stop tightening always pass</li>
            <li>A stop may only move towards the price</li>
          </ul>
        </Card>
      </div>

      <RiskSignals accountId={r.accountId} />

      <Card title="Limits">
        <form onSubmit={onSave}>
          <div className="table-wrap"><table className="table" data-testid="limits-table">
            <thead><tr><th>Limit</th><th>Hard limit</th><th>Configured</th><th>In force</th>{user.can('ADMIN') && <th>Set (empty = hard limit)</th>}</tr></thead>
            <tbody>
              {LIMIT_ROWS.map((row) => {
                const key: LimitKey = row.key;
                const configured = r.configured[key] as number | undefined;
                const hard = row.key === 'riskPerTradeFraction' ? r.hard.riskPerTradeFraction : r.hard[key];
                return (
                  <tr key={key}>
                    <td>{row.label}{'note' in row && <div className="muted small">{row.note}</div>}</td>
                    <td>{show(hard, row.kind)}{row.key === 'riskPerTradeFraction' && <span className="muted small"> (max {show(r.hard.riskPerTradeAbsoluteMax, 'pct')})</span>}</td>
                    <td>{configured === undefined ? <span className="muted">default</span> : show(configured, row.kind)}</td>
                    <td><strong>{show(r.effective[key], row.kind)}</strong></td>
                    {user.can('ADMIN') && (
                      <td><input name={key} aria-label={row.label} inputMode="decimal" className="input-small"
                        defaultValue={configured === undefined ? '' : row.kind === 'pct' ? String(Number((configured * 100).toFixed(6))) : String(configured)}
                        placeholder={row.kind === 'pct' ? '%' : ''} /></td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table></div>
          {user.can('ADMIN') && (
            <div className="limits-form">
              <label>Reason for raising risk per trade above 1% (audited)
                <input name="riskPerTradeReason" defaultValue={(r.configured.riskPerTradeReason as string | undefined) ?? ''} maxLength={1000} />
              </label>
              <label>Trading day time zone<input name="dayTimeZone" defaultValue={r.dayTimeZone} /></label>
              <div className="confirm-actions">
                <button type="submit" className="btn btn-primary" disabled={save.isPending}>Save limits</button>
                {save.isSuccess && <Badge tone="ok">saved</Badge>}
              </div>
              <ErrorNote error={save.error} />
            </div>
          )}
        </form>
      </Card>

      <Card title="Trading state history" testId="risk-history">
        {r.history.length === 0 ? <p className="muted">No halt, pause or lock yet: the account has traded at normal size throughout.</p> : (
          <div className="table-wrap"><table className="table">
            <thead><tr><th>When (UTC)</th><th>Event</th><th>From → to</th><th>By</th><th>Why</th></tr></thead>
            <tbody>
              {r.history.map((h, i) => (
                <tr key={i} data-testid="risk-history-row">
                  <td className="nowrap">{fmtTime(h.at).replace(' UTC', '')}</td>
                  <td className="mono">{h.event}</td>
                  <td>{h.from && h.to ? <><Badge tone={STATE_TONE[h.from as keyof typeof STATE_TONE] ?? 'muted'}>{h.from}</Badge> → <Badge tone={STATE_TONE[h.to as keyof typeof STATE_TONE] ?? 'muted'}>{h.to}</Badge></> : '—'}</td>
                  <td>{h.by}</td>
                  <td>{h.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        )}
      </Card>

      <Card title="Risk-rule violations" testId="risk-violations">
        <p className="muted small">Breaches found after the fact by the worker&apos;s monitor (not rejected orders, which the Journal lists). There should be none: from the second stage on, any one rolls the account back automatically (Stages page).</p>
        {r.violations.length === 0 ? <p className="muted">No violation recorded.</p> : (
          <div className="table-wrap"><table className="table">
            <thead><tr><th>When (UTC)</th><th>Rule</th><th>About</th><th>What</th></tr></thead>
            <tbody>
              {r.violations.map((v, i) => (
                <tr key={i} data-testid="risk-violation-row">
                  <td className="nowrap">{fmtTime(v.at).replace(' UTC', '')}</td>
                  <td className="mono">{v.rule}</td>
                  <td className="mono">{v.subject || '—'}</td>
                  <td>{v.message}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        )}
      </Card>
    </>
  );
}
