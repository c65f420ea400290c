import { fmtPct } from './format';

/** A horizontal gauge of a fraction against its thresholds (marks), scaled to `max`. */
export function Gauge({ label, value, marks, max }: { label: string; value: number; marks: { at: number; label: string }[]; max: number }) {
  const pos = (f: number) => `${Math.min(100, Math.max(0, (f / max) * 100))}%`;
  const crossed = marks.filter((m) => value > m.at).length;
  const tone = crossed === 0 ? 'ok' : crossed === marks.length ? 'bad' : 'warn';
  return (
    <div className="gauge" aria-label={`${label}: ${fmtPct(value, 2)}`}>
      <div className="gauge-head"><span>{label}</span><strong className={`tone-text-${tone}`}>{fmtPct(value, 2)}</strong></div>
      <div className="gauge-track">
        <div className={`gauge-fill gauge-${tone}`} style={{ width: pos(value) }} />
        {marks.map((m) => <div key={m.label} className="gauge-mark" style={{ left: pos(m.at) }} title={`${m.label} above ${fmtPct(m.at, 0)}`} />)}
      </div>
      <div className="gauge-labels">
        {marks.map((m) => <span key={m.label} style={{ left: pos(m.at) }}>{fmtPct(m.at, 0)} {m.label}</span>)}
      </div>
    </div>
  );
}
