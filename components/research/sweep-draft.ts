import { countRuns } from '@/domain/research/sweep-grid';

/** The New sweep form as typed: parameter values are comma-separated text until submitted. */
export interface SweepDraft {
  name: string;
  /** strategy → included?, and parameter → "50, 100, 200" (empty: the default) */
  strategies: Record<string, { isIncluded: boolean; values: Record<string, string> }>;
  symbols: string[];
  timeframe: string;
  periods: { from: string; to: string }[];
  equity: string;
}

export interface DraftRequest {
  name: string;
  strategies: { name: string; params: Record<string, number[]> }[];
  symbols: string[];
  timeframe: string;
  periods: { from: string; to: string }[];
  equity: number;
}

/** "50, 100,200" → [50, 100, 200]; a token that is not a number is reported by name, not sent. */
export function parseValues(text: string): { values: number[]; bad: string[] } {
  const tokens = text.split(',').map((t) => t.trim()).filter(Boolean);
  const values = tokens.map(Number);
  return { values: values.filter((v) => Number.isFinite(v)), bad: tokens.filter((_, i) => !Number.isFinite(values[i])) };
}

/**
 * The request the form would send, the problems the browser can already see (the server
 * checks everything again and names the field of anything else), and the number of
 * backtests the grid expands to.
 */
export function draftToRequest(d: SweepDraft): { request: DraftRequest; problems: string[]; runs: number } {
  const problems: string[] = [];
  const strategies = Object.entries(d.strategies).filter(([, s]) => s.isIncluded).map(([name, s]) => {
    const params: Record<string, number[]> = {};
    for (const [param, text] of Object.entries(s.values)) {
      const { values, bad } = parseValues(text);
      if (bad.length) problems.push(`${name} ${param}: ${bad.map((b) => `"${b}"`).join(', ')} is not a number`);
      if (values.length) params[param] = values;
    }
    return { name, params };
  });
  const equity = Number(d.equity);
  const request = { name: d.name.trim(), strategies, symbols: d.symbols, timeframe: d.timeframe, periods: d.periods, equity };
  if (!strategies.length) problems.push('choose at least one strategy');
  if (!d.symbols.length) problems.push('choose at least one symbol');
  if (d.periods.some((p) => !p.from || !p.to)) problems.push('every period needs a from and a to date');
  // countRuns reads only the lists' lengths: the strategy names are checked by the server
  return { request, problems, runs: countRuns(request as Parameters<typeof countRuns>[0]) };
}
