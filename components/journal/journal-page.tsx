'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import type { RouterInputs, RouterOutputs } from '@/components/providers/types';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtShortTime } from '@/components/ui/format';
import { Pager, useKeysetPages } from '@/components/ui/pager';

type Row = RouterOutputs['journal']['list']['rows'][number];
type Filters = Pick<Exclude<RouterInputs['journal']['list'], void | undefined>, 'symbol' | 'strategy' | 'outcome' | 'rule' | 'kind'>;
const FILTER_KEYS = ['symbol', 'strategy', 'outcome', 'rule', 'kind'] as const;
const OUTCOME_TONE = { APPROVED: 'ok', SHRUNK: 'warn', REJECTED: 'bad' } as const;
const CHECK_TONE = { pass: 'tone-text-ok', shrink: 'tone-text-warn', reject: 'tone-text-bad' } as const;

/**
 * Journal: every decision, order, fill and exit, newest first, paged on the server by
 * keyset (works the same on page 1 and page 20,000). Filters live in the URL, so a link
 * from another page (a criterion's evidence, an alert) opens the rows behind it.
 */
export function JournalPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || undefined]).filter(([, v]) => v)) as Filters;
  const pages = useKeysetPages();
  const [open, setOpen] = useState<string | null>(null);
  const cursor = pages.cursor;
  const facets = useQuery(trpc.journal.facets.queryOptions(undefined, { staleTime: 60_000 }));
  const q = useQuery(trpc.journal.list.queryOptions({ ...filters, cursor, limit: 50 }, {
    placeholderData: keepPreviousData, refetchInterval: cursor === null ? 2000 : false,
  }));

  const setFilter = (key: (typeof FILTER_KEYS)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    pages.reset();
    router.replace(`${pathname}${next.size ? `?${next}` : ''}`, { scroll: false });
  };
  const f = facets.data;

  return (
    <>
      <PageHeader title="Journal" subtitle="Every decision with the risk engine's rule-by-rule explanation, and every order, fill and exit." />
      <Card>
        <form className="filters" aria-label="Journal filters" onSubmit={(e) => e.preventDefault()}>
          <Select label="Symbol" value={filters.symbol} options={f?.symbols ?? []} onChange={(v) => setFilter('symbol', v)} />
          <Select label="Strategy" value={filters.strategy} options={f?.strategies ?? []} onChange={(v) => setFilter('strategy', v)} />
          <Select label="Outcome" value={filters.outcome} options={f?.outcomes ?? []} onChange={(v) => setFilter('outcome', v)} />
          <Select label="Rule" value={filters.rule} options={f?.rules ?? []} onChange={(v) => setFilter('rule', v)} />
          <Select label="Kind" value={filters.kind} options={f?.kinds ?? []} onChange={(v) => setFilter('kind', v)} />
          {Object.keys(filters).length > 0 && (
            <button type="button" className="btn btn-small btn-ghost" onClick={() => { pages.reset(); router.replace(pathname, { scroll: false }); }}>Clear filters</button>
          )}
        </form>
        <ErrorNote error={q.error} />
        {q.isPending ? <p className="muted">Loading…</p> : q.data && q.data.rows.length === 0 ? (
          <p className="muted" data-testid="journal-empty">{Object.keys(filters).length ? 'No entry matches these filters.' : 'The journal is empty: the worker writes every decision here as it trades.'}</p>
        ) : q.data && (
          <div className="table-wrap">
            <table className="table" data-testid="journal-table">
              <thead><tr><th>Time (UTC)</th><th>Kind</th><th>Symbol</th><th>Strategy</th><th>Outcome</th><th>Rule</th><th>What happened</th></tr></thead>
              <tbody>
                {q.data.rows.map((r) => <JournalRow key={r.id} r={r} isOpen={open === r.id} onToggle={() => setOpen(open === r.id ? null : r.id)} />)}
              </tbody>
            </table>
          </div>
        )}
        <Pager pages={pages} nextCursor={q.data?.nextCursor} testId="journal" />
      </Card>
    </>
  );
}

function Select({ label, value, options, onChange }: { label: string; value: string | undefined; options: string[]; onChange: (v: string) => void }) {
  return (
    <label>{label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={`filter-${label.toLowerCase()}`}>
        <option value="">all</option>
        {value && !options.includes(value) && <option value={value}>{value}</option>}
        {options.map((o) => <option key={o} value={o}>{o.toLowerCase() === o ? o : o.toLowerCase()}</option>)}
      </select>
    </label>
  );
}

function JournalRow({ r, isOpen, onToggle }: { r: Row; isOpen: boolean; onToggle: () => void }) {
  const outcome = r.kind === 'DECISION' ? (r.outcome ?? 'SKIPPED') : null;
  const canExpand = r.explanation.length > 0 || r.details !== null;
  return (
    <>
      <tr data-testid="journal-row" data-outcome={outcome ?? ''}>
        <td className="nowrap">{fmtShortTime(r.at)}</td>
        <td>{r.kind.toLowerCase()}</td>
        <td>{r.symbol ?? '—'}</td>
        <td>{r.strategy ?? '—'}</td>
        <td>{outcome ? <Badge tone={outcome === 'SKIPPED' ? 'muted' : OUTCOME_TONE[outcome as keyof typeof OUTCOME_TONE]}>{outcome.toLowerCase()}</Badge> : '—'}</td>
        <td className="mono">{r.rule ?? '—'}</td>
        <td>
          {canExpand ? (
            <button type="button" className="link-button" aria-expanded={isOpen} onClick={onToggle} data-testid="journal-expand">{r.message}</button>
          ) : r.message}
        </td>
      </tr>
      {isOpen && (
        <tr className="confirm-row">
          <td colSpan={7}>
            {r.explanation.length > 0 ? (
              <ol className="explain" aria-label="Rule-by-rule explanation" data-testid="journal-explanation">
                {r.explanation.map((e, k) => (
                  <li key={k}><span className={CHECK_TONE[e.outcome as keyof typeof CHECK_TONE]}>{e.outcome === 'pass' ? '✓' : e.outcome === 'shrink' ? '↓' : '✗'}</span><span>{e.text}</span></li>
                ))}
              </ol>
            ) : null}
            {r.advisory && <AdvisoryLine a={r.advisory} />}
            <details><summary className="muted small">Raw details</summary><pre className="raw">{JSON.stringify(r.details, null, 2)}</pre></details>
          </td>
        </tr>
      )}
    </>
  );
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/** The LLM advisory's answer on this decision: advisory only (it moves the signal's score, never a size or a limit). The note is the model's text, shown as text. */
function AdvisoryLine({ a }: { a: NonNullable<Row['advisory']> }) {
  return (
    <p className="small" data-testid="journal-llm">
      <strong>LLM</strong>{' '}
      {a.status === 'advice' ? (
        <>
          <span>“{a.note}”</span>{' '}
          <span className="mono">{signed(a.confidenceAdjustment)}</span>
          {a.requestedAdjustment !== a.confidenceAdjustment && <span className="muted"> (asked {signed(a.requestedAdjustment)}, clamped)</span>}
        </>
      ) : <span className="tone-text-warn">no advice ({a.reason}): decided without it</span>}
      <span className="muted"> · {a.model} · {a.latencyMs} ms</span>
    </p>
  );
}
