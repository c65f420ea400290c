import type { RouterOutputs } from '@/components/providers/types';

type Progress = RouterOutputs['research']['sweeps'][number]['progress'];

/** One bar per sweep: succeeded (green), failed (red), running (blue) out of the total; the rest is queued. */
export function SweepProgress({ progress: p, total }: { progress: Progress; total: number }) {
  const share = (n: number) => (total > 0 ? (100 * n) / total : 0);
  const parts = [
    { n: p.succeeded, className: 'gauge-ok' },
    { n: p.failed, className: 'gauge-bad' },
    { n: p.running, className: 'gauge-info' },
  ];
  let left = 0;
  const done = p.succeeded + p.failed;
  return (
    <div className="sweep-progress">
      <div className="gauge-track" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={`${done} of ${total} runs finished`}>
        {parts.map(({ n, className }) => {
          const style = { left: `${left}%`, width: `${share(n)}%` };
          left += share(n);
          return n > 0 ? <div key={className} className={`gauge-fill gauge-seg ${className}`} style={style} /> : null;
        })}
      </div>
      <div className="small muted" data-testid="sweep-counts">
        {p.queued} queued · {p.running} running · <span className="tone-text-ok">{p.succeeded} succeeded</span>
        {' · '}<span className={p.failed ? 'tone-text-bad' : undefined}>{p.failed} failed</span>
      </div>
    </div>
  );
}
