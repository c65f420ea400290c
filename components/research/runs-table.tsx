'use client';

import { Badge } from '@/components/ui/card';
import { fmtPct } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';
import { paramsLabel, periodLabel } from './run-label';
import { nextSort, SORT_KEYS, sortRuns, type Sort, type SortKey } from './sort-runs';

export type Run = RouterOutputs['research']['sweep']['runs'][number];
export const MAX_COMPARED = 8;

const STATUS_TONE = { QUEUED: 'muted', RUNNING: 'info', SUCCEEDED: 'ok', FAILED: 'bad' } as const;
const signedPct = (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(2)}%`;
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

function SortHeader({ k, sort, onSort }: { k: SortKey; sort: Sort; onSort: (s: Sort) => void }) {
  const isActive = sort.key === k;
  return (
    <th aria-sort={isActive ? (sort.isDescending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="link-button th-sort" onClick={() => onSort(nextSort(sort, k))} data-testid={`sort-${k}`}>
        {SORT_KEYS[k].label}{isActive ? (sort.isDescending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
}

/**
 * Every run of a sweep with its metrics, sortable by the figures that rank a strategy;
 * a tick adds a finished run to the equity comparison (at most eight: more lines than
 * that cannot be told apart).
 */
export function RunsTable({ runs, sort, onSort, selected, onToggle }: {
  runs: Run[]; sort: Sort; onSort: (s: Sort) => void; selected: string[]; onToggle: (id: string) => void;
}) {
  const isFull = selected.length >= MAX_COMPARED;
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="research-runs">
        <thead>
          <tr>
            <th><span className="sr-only">Compare</span></th>
            <th>Strategy</th><th>Parameters</th><th>Market</th><th>Status</th>
            {(Object.keys(SORT_KEYS) as SortKey[]).map((k) => <SortHeader key={k} k={k} sort={sort} onSort={onSort} />)}
            <th>Ran on</th>
          </tr>
        </thead>
        <tbody>
          {sortRuns(runs, sort).map((r) => {
            const isSelected = selected.includes(r.id);
            const m = r.metrics;
            return (
              <tr key={r.id} data-testid="research-run" data-status={r.status} className={isSelected ? 'row-selected' : undefined}>
                <td>
                  <input type="checkbox" checked={isSelected} disabled={!m || (isFull && !isSelected)} onChange={() => onToggle(r.id)}
                    aria-label={`compare ${r.strategy} ${paramsLabel(r.params)} ${r.symbols.join(',')}`} data-testid="run-compare" />
                </td>
                <td>{r.strategy}</td>
                <td className="small" title={paramsLabel(r.allParams)}>{paramsLabel(r.params)}</td>
                <td className="nowrap">{r.symbols.join(', ')} · {r.timeframe}<span className="cell-line small muted">{periodLabel(r)}</span></td>
                <td>
                  <Badge tone={STATUS_TONE[r.status]}>{r.status.toLowerCase()}</Badge>
                  {r.error && <div className="small tone-text-bad run-error" title={r.error}>{r.error}</div>}
                </td>
                <td className={m ? (m.totalReturnPct < 0 ? 'tone-text-bad' : 'tone-text-ok') : undefined} data-testid="run-return">{m ? signedPct(m.totalReturnPct) : '—'}</td>
                <td>{m ? m.sharpe.toFixed(2) : '—'}</td>
                <td>{m ? `${m.maxDrawdownPct.toFixed(2)}%` : '—'}</td>
                <td>{!m ? '—' : m.profitFactor === null ? '∞' : m.profitFactor.toFixed(2)}</td>
                <td>{m ? m.trades : '—'}</td>
                <td>{m && m.trades ? fmtPct(m.winRate, 0) : '—'}</td>
                <td className="nowrap small muted">{r.workerId ?? '—'}<span className="cell-line">{seconds(r.durationMs)}</span></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
