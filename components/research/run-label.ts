/** How a run is named on the Research page: strategy, its swept parameters, symbols and period. */
export interface RunIdentity {
  strategy: string;
  params: Record<string, unknown>;
  symbols: string[];
  fromTime: Date;
  toTime: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function paramsLabel(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(' ') : 'defaults';
}

export function periodLabel(r: Pick<RunIdentity, 'fromTime' | 'toTime'>): string {
  return `${day(r.fromTime)} → ${day(r.toTime)}`;
}

/** The legend's name of a run: every part that can differ between two runs of a sweep. */
export function runLabel(r: RunIdentity): string {
  return `${r.strategy} ${paramsLabel(r.params)} · ${r.symbols.join(',')} · ${periodLabel(r)}`;
}
