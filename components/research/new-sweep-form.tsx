'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Card, ErrorNote } from '@/components/ui/card';
import type { RouterInputs, RouterOutputs } from '@/components/providers/types';
import { draftToRequest, type SweepDraft } from './sweep-draft';

type Options = RouterOutputs['research']['options'];

const EMPTY: SweepDraft = { name: '', strategies: {}, symbols: [], timeframe: '1h', periods: [{ from: '2024-01-01', to: '2024-07-01' }], equity: '10000' };

function StrategyFields({ strategy, draft, onChange }: {
  strategy: Options['strategies'][number]; draft: SweepDraft['strategies'][string] | undefined; onChange: (next: SweepDraft['strategies'][string]) => void;
}) {
  const current = draft ?? { isIncluded: false, values: {} };
  return (
    <fieldset className={`strategy-block${current.isIncluded ? '' : ' strategy-block-off'}`} data-testid={`strategy-${strategy.name}`}>
      <legend>
        <label className="check">
          <input type="checkbox" checked={current.isIncluded} onChange={(e) => onChange({ ...current, isIncluded: e.target.checked })} data-testid="strategy-include" />
          {strategy.name}
        </label>
      </legend>
      {current.isIncluded && (
        <div className="param-grid">
          {strategy.params.map((p) => (
            <label key={p.name}>{p.name}
              <input value={current.values[p.name] ?? ''} placeholder={`${p.defaultValue} (default)`} inputMode="decimal"
                onChange={(e) => onChange({ ...current, values: { ...current.values, [p.name]: e.target.value } })} data-testid={`param-${p.name}`} />
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}

/**
 * The New sweep form (operators): strategies with comma-separated values per parameter
 * (empty keeps the default), symbols with candle files at the timeframe, periods, and the
 * starting equity. The number of backtests the grid expands to is shown before submitting.
 */
export function NewSweepForm({ onCreated }: { onCreated: (sweepId: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = useQuery(trpc.research.options.queryOptions(undefined, { staleTime: Infinity }));
  const [draft, setDraft] = useState<SweepDraft>(EMPTY);
  const create = useMutation(trpc.research.create.mutationOptions({
    onSuccess: async (r) => {
      setDraft((d) => ({ ...d, name: '' }));
      await qc.invalidateQueries({ queryKey: trpc.research.sweeps.queryKey() });
      onCreated(r.sweepId);
    },
  }));
  const o = options.data;
  const { request, problems, runs } = draftToRequest(draft);
  const isTooBig = o !== undefined && runs > o.maxRuns;
  const symbols = o?.symbols.filter((s) => s.timeframes.includes(draft.timeframe)) ?? [];
  const set = (patch: Partial<SweepDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setPeriod = (i: number, patch: Partial<SweepDraft['periods'][number]>) => set({ periods: draft.periods.map((p, j) => (j === i ? { ...p, ...patch } : p)) });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // the server validates the whole grid again and names the field of any problem
    create.mutate(request as RouterInputs['research']['create']);
  }

  return (
    <Card title="New sweep" testId="new-sweep">
      <ErrorNote error={options.error} />
      {!o ? <p className="muted">{options.isPending ? 'Loading…' : null}</p> : (
        <form className="sweep-form" onSubmit={onSubmit} autoComplete="off" aria-label="New sweep">
          <div className="sweep-row">
            <label>Name<input value={draft.name} onChange={(e) => set({ name: e.target.value })} required maxLength={100} placeholder="EMA periods on majors" data-testid="sweep-name" /></label>
            <label>Timeframe
              <select value={draft.timeframe} onChange={(e) => set({ timeframe: e.target.value, symbols: [] })} data-testid="sweep-timeframe">
                {o.timeframes.map((tf) => <option key={tf} value={tf}>{tf}</option>)}
              </select>
            </label>
            <label>Starting equity (USDT)<input className="input-small" type="number" min={1} step="any" value={draft.equity} onChange={(e) => set({ equity: e.target.value })} data-testid="sweep-equity" /></label>
          </div>
          {o.strategies.map((s) => (
            <StrategyFields key={s.name} strategy={s} draft={draft.strategies[s.name]} onChange={(next) => set({ strategies: { ...draft.strategies, [s.name]: next } })} />
          ))}
          <fieldset className="symbol-picks" data-testid="sweep-symbols">
            <legend>Symbols ({draft.timeframe} candles)</legend>
            {symbols.map((s) => (
              <label key={s.symbol} className="check">
                <input type="checkbox" checked={draft.symbols.includes(s.symbol)} data-testid={`symbol-${s.symbol}`}
                  onChange={(e) => set({ symbols: e.target.checked ? [...draft.symbols, s.symbol] : draft.symbols.filter((x) => x !== s.symbol) })} />
                {s.symbol}
              </label>
            ))}
          </fieldset>
          {draft.periods.map((p, i) => (
            <div key={i} className="sweep-row" data-testid="sweep-period">
              <label>From (UTC)<input type="date" value={p.from} onChange={(e) => setPeriod(i, { from: e.target.value })} required data-testid="period-from" /></label>
              <label>To (UTC)<input type="date" value={p.to} onChange={(e) => setPeriod(i, { to: e.target.value })} required data-testid="period-to" /></label>
              {draft.periods.length > 1 && <button type="button" className="btn btn-small btn-ghost" onClick={() => set({ periods: draft.periods.filter((_, j) => j !== i) })}>Remove period</button>}
            </div>
          ))}
          <div><button type="button" className="btn btn-small" onClick={() => set({ periods: [...draft.periods, { from: '', to: '' }] })} data-testid="period-add">Add period</button></div>
          {problems.length > 0 && <ul className="small muted" data-testid="sweep-problems">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
          <ErrorNote error={create.error} />
          <div className="confirm-actions">
            <button type="submit" className="btn btn-primary" disabled={create.isPending || problems.length > 0 || runs === 0 || isTooBig} data-testid="sweep-submit">
              Queue {runs} backtest{runs === 1 ? '' : 's'}
            </button>
            <span className={isTooBig ? 'tone-text-bad small' : 'muted small'} data-testid="sweep-run-count">
              {runs} run{runs === 1 ? '' : 's'}: strategies × parameter values × symbols × periods{isTooBig ? ` (at most ${o.maxRuns})` : ''}
            </span>
          </div>
        </form>
      )}
    </Card>
  );
}
