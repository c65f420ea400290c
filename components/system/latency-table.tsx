import { fmtPct } from '@/components/ui/format';
import { fmtRate, fmtUs, SYSTEM_THRESHOLDS } from './format';

export interface LatencyRow { key: string; count: number; errors: number; perMinute: number; errorRatio: number; p50Us: number; p99Us: number; maxUs: number }

/**
 * One line per endpoint (or order purpose) over the last hour: requests per minute, errors,
 * p50 (request-weighted median of the minutes), p99 (the worst minute's) and the slowest.
 */
export function LatencyTable({ rows, head, testId, slowUs }: { rows: LatencyRow[]; head: string; testId: string; slowUs: number }) {
  return (
    <div className="table-wrap"><table className="table" data-testid={testId}>
      <thead><tr><th>{head}</th><th>Per min</th><th>Errors</th><th>p50</th><th title="the worst one-minute window's p99">p99 (worst min)</th><th>Max</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={`${testId}-row`}>
            <td className="mono">{r.key}</td>
            <td>{fmtRate(r.perMinute)}</td>
            <td className={r.errorRatio > SYSTEM_THRESHOLDS.errorRatio ? 'tone-text-bad' : undefined}>{r.errors ? `${r.errors} (${fmtPct(r.errorRatio)})` : '0'}</td>
            <td>{fmtUs(r.p50Us)}</td>
            <td className={r.p99Us > slowUs ? 'tone-text-bad' : undefined}>{fmtUs(r.p99Us)}</td>
            <td>{fmtUs(r.maxUs)}</td>
          </tr>
        ))}
      </tbody>
    </table></div>
  );
}
