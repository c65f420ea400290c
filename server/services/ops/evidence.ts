/**
 * A run's evidence as lines a person reads. The daily report writes `reports` (one per
 * account, each with its summary line); other automatic tasks (the backup) may write a
 * `summary` or `message`, or plain fields, shown as `field: value`.
 */
export function evidenceLines(evidence: unknown): string[] {
  if (evidence === null || typeof evidence !== 'object' || Array.isArray(evidence)) return [];
  const e = evidence as Record<string, unknown>;
  if (Array.isArray(e.reports)) {
    return e.reports.map((r) => (r && typeof r === 'object' && typeof (r as { summary?: unknown }).summary === 'string' ? (r as { summary: string }).summary : JSON.stringify(r)));
  }
  for (const k of ['summary', 'message']) if (typeof e[k] === 'string') return [e[k] as string];
  return Object.entries(e)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 8)
    .map(([k, v]) => `${k}: ${String(v)}`);
}

/** The daily report ids a run's evidence names (the page links to them). */
export function evidenceReportIds(evidence: unknown): string[] {
  const reports = (evidence as { reports?: unknown } | null)?.reports;
  if (!Array.isArray(reports)) return [];
  return reports.map((r) => (r as { reportId?: unknown } | null)?.reportId).filter((id): id is string => typeof id === 'string');
}
