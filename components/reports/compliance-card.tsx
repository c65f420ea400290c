'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { RouterOutputs } from '@/components/providers/types';
import { Badge, Card } from '@/components/ui/card';
import { fmtPct } from '@/components/ui/format';
import { fmtZoned } from '@/domain/ops/describe';

type Compliance = RouterOutputs['reports']['get']['compliance'];

/** A measured value in its rule's unit: fractions of equity as %, leverage as ×, reward:risk as a ratio. */
function measure(rule: string, v: number): string {
  if (rule === 'leverage') return `${v.toFixed(2)}×`;
  if (rule === 'reward_risk') return v.toFixed(2);
  return fmtPct(v, 2);
}

/**
 * The day's compliance: every rule's rejections, shrinks and near-misses (the rules with
 * something to say, or all of them), the closest calls, and the violations (there should
 * be none: a violation is a breach the validator should have prevented).
 */
export function ComplianceCard({ c, timeZone }: { c: Compliance; timeZone: string }) {
  const [isAll, setAll] = useState(false);
  const active = c.rules.filter((r) => r.rejections + r.shrinks + r.nearMisses > 0);
  const shown = isAll ? c.rules : active;
  const d = c.decisions;
  return (
    <Card title="Risk compliance" testId="report-compliance">
      <div className="connectivity-head">
        <Badge tone={c.isCompliant ? 'ok' : 'bad'} testId="report-violations">{c.isCompliant ? 'no violations' : `${c.violations.total} violation${c.violations.total === 1 ? '' : 's'}`}</Badge>
        <span className="muted small">
          {d.total} decisions: {d.approved} approved, {d.shrunk} shrunk, {d.rejected} rejected{d.skipped ? `, ${d.skipped} skipped before the validator` : ''}.
          A near-miss is an approved decision within {fmtPct(c.nearMissHeadroom, 0)} of a limit.
        </span>
      </div>
      {c.violations.items.length > 0 && (
        <ul className="finding-list callout-bad" data-testid="report-violation-list">
          {c.violations.items.map((v) => <li key={v.id}><span className="mono small">{v.rule}</span> {v.message} <span className="muted small">· {fmtZoned(new Date(v.observedAt), timeZone)}</span></li>)}
        </ul>
      )}
      <div className="table-wrap">
        <table className="table table-compact" data-testid="compliance-table">
          <thead><tr><th>Rule</th><th>Rejections</th><th>Shrinks</th><th>Near-misses</th><th>Closest (headroom)</th></tr></thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.rule} data-testid="compliance-row" data-rule={r.rule}>
                <td><Link className="link mono" href={`/journal?rule=${encodeURIComponent(r.rule)}`}>{r.rule}</Link></td>
                <td className={r.rejections ? 'tone-text-warn' : 'muted'}>{r.rejections}</td>
                <td className={r.shrinks ? 'tone-text-warn' : 'muted'}>{r.shrinks}</td>
                <td className={r.nearMisses ? 'tone-text-warn' : 'muted'}>{r.nearMisses}</td>
                <td className="muted">{r.minHeadroom === null ? '—' : fmtPct(r.minHeadroom, 1)}</td>
              </tr>
            ))}
            {shown.length === 0 && <tr><td colSpan={5} className="muted">No rule rejected, shrank or came close that day.</td></tr>}
          </tbody>
        </table>
      </div>
      <label className="small muted compliance-toggle">
        <input type="checkbox" checked={isAll} onChange={(e) => setAll(e.target.checked)} data-testid="compliance-all" /> show every rule ({c.rules.length}; {c.rules.length - active.length} with nothing that day)
      </label>
      {c.nearMisses.length > 0 && (
        <>
          <h3 className="card-title compliance-subtitle">Closest calls{c.nearMissesTotal > c.nearMisses.length ? ` (${c.nearMisses.length} of ${c.nearMissesTotal})` : ''}</h3>
          <div className="table-wrap">
            <table className="table table-compact" data-testid="near-miss-table">
              <thead><tr><th>Time ({timeZone})</th><th>Rule</th><th>Symbol</th><th>Strategy</th><th>Value / limit</th><th>Headroom</th></tr></thead>
              <tbody>
                {c.nearMisses.map((n) => (
                  <tr key={`${n.journalId}:${n.rule}`}>
                    <td className="nowrap">{fmtZoned(new Date(n.at), timeZone)}</td>
                    <td className="mono">{n.rule}</td>
                    <td>{n.symbol ?? '—'}</td>
                    <td>{n.strategy ?? '—'}</td>
                    <td className="nowrap">{measure(n.rule, n.value)} / {measure(n.rule, n.limit)}</td>
                    <td>{fmtPct(n.headroom, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}
