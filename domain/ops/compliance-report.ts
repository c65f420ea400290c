import { NEAR_MISS_HEADROOM, nearMissOf, type StoredCheck } from './near-miss';

/**
 * The risk compliance report of one account's day: for every risk rule, how often it
 * rejected or shrank an intent and how often an approved one came close to it (near-miss.ts),
 * and the day's risk violations (MONITOR's after-the-fact breaches: there should be none).
 */
export interface DecisionCount {
  /** null: a skip before the validator (DECIDE's correlation, trend or size filter) */
  outcome: 'APPROVED' | 'SHRUNK' | 'REJECTED' | null;
  rule: string | null;
  count: number;
}

export interface ApprovedDecision {
  journalId: string;
  at: Date;
  symbol: string | null;
  strategy: string | null;
  checks: readonly StoredCheck[];
}

export interface ViolationRow {
  id: string;
  rule: string;
  message: string;
  observedAt: Date;
}

export interface RuleCompliance {
  rule: string;
  rejections: number;
  shrinks: number;
  nearMisses: number;
  /** the smallest headroom among the rule's near-misses */
  minHeadroom: number | null;
}

export interface NearMissEntry {
  journalId: string;
  at: string;
  rule: string;
  symbol: string | null;
  strategy: string | null;
  value: number;
  limit: number;
  headroom: number;
}

export interface DailyCompliance {
  nearMissHeadroom: number;
  decisions: { total: number; approved: number; shrunk: number; rejected: number; skipped: number };
  rules: RuleCompliance[];
  /** the closest calls first, at most `maxListed` */
  nearMisses: NearMissEntry[];
  nearMissesTotal: number;
  violations: { total: number; items: { id: string; rule: string; message: string; observedAt: string }[] };
  isCompliant: boolean;
}

/**
 * `ruleIds` lists every rule the validator can name (RULE_IDS), so each has a row even on a
 * quiet day; a rule found in the journal but not in the list (renamed since) gets one too.
 */
export function buildCompliance(p: { counts: readonly DecisionCount[]; approved: readonly ApprovedDecision[]; violations: readonly ViolationRow[]; ruleIds: readonly string[]; maxListed?: number }): DailyCompliance {
  const maxListed = p.maxListed ?? 50;
  const rows = new Map<string, RuleCompliance>();
  const row = (rule: string) => {
    let r = rows.get(rule);
    if (!r) rows.set(rule, r = { rule, rejections: 0, shrinks: 0, nearMisses: 0, minHeadroom: null });
    return r;
  };
  for (const id of p.ruleIds) row(id);
  const decisions = { total: 0, approved: 0, shrunk: 0, rejected: 0, skipped: 0 };
  for (const c of p.counts) {
    decisions.total += c.count;
    if (c.outcome === null) decisions.skipped += c.count;
    else if (c.outcome === 'APPROVED') decisions.approved += c.count;
    else if (c.outcome === 'SHRUNK') { decisions.shrunk += c.count; if (c.rule) row(c.rule).shrinks += c.count; }
    else { decisions.rejected += c.count; if (c.rule) row(c.rule).rejections += c.count; }
  }
  const nearMisses: NearMissEntry[] = [];
  for (const d of p.approved) {
    for (const k of d.checks) {
      const n = nearMissOf(k);
      if (!n) continue;
      const r = row(n.rule);
      r.nearMisses += 1;
      r.minHeadroom = r.minHeadroom === null ? n.headroom : Math.min(r.minHeadroom, n.headroom);
      nearMisses.push({ journalId: d.journalId, at: d.at.toISOString(), rule: n.rule, symbol: d.symbol, strategy: d.strategy, value: n.value, limit: n.limit, headroom: n.headroom });
    }
  }
  nearMisses.sort((a, b) => a.headroom - b.headroom || a.at.localeCompare(b.at));
  const violations = [...p.violations].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  return {
    nearMissHeadroom: NEAR_MISS_HEADROOM,
    decisions,
    rules: [...rows.values()],
    nearMisses: nearMisses.slice(0, maxListed),
    nearMissesTotal: nearMisses.length,
    violations: {
      total: violations.length,
      items: violations.slice(0, maxListed).map((v) => ({ id: v.id, rule: v.rule, message: v.message, observedAt: v.observedAt.toISOString() })),
    },
    isCompliant: violations.length === 0,
  };
}

/** One line for the alert and the task's evidence: the day in numbers. */
export function summaryLine(p: { accountName: string; day: string; pnl: number | null; pnlPct: number | null; quoteCurrency: string; tradesClosed: number; wins: number; compliance: DailyCompliance }): string {
  const c = p.compliance;
  const money = p.pnl === null ? 'no equity recorded' : `P&L ${p.pnl >= 0 ? '+' : ''}${p.pnl.toFixed(2)} ${p.quoteCurrency}${p.pnlPct === null ? '' : ` (${p.pnlPct >= 0 ? '+' : ''}${(p.pnlPct * 100).toFixed(2)}%)`}`;
  const rejections = c.rules.reduce((s, r) => s + r.rejections, 0);
  const shrinks = c.rules.reduce((s, r) => s + r.shrinks, 0);
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return `${p.accountName} ${p.day}: ${money}, ${plural(p.tradesClosed, 'trade')} closed (${p.wins} won); `
    + `${plural(rejections, 'rejection')}, ${plural(shrinks, 'shrink')}, ${plural(c.nearMissesTotal, 'near-miss', 'near-misses')}, ${plural(c.violations.total, 'violation')}`;
}
