import { z } from 'zod';
import { listJournalPage } from '@/adapters/repo/journal-query';
import { SKIP_REASONS } from '@/domain/pipeline/engine';
import { STRATEGY_NAMES } from '@/domain/strategies/registry';
import { explainCheck } from '@/domain/risk/explain';
import { RULE_IDS, type RuleCheck } from '@/domain/risk/types';
import { procedure } from '@/server/api/trpc';
import { resolveAccount } from '@/server/services/accounts';

const RULE_FILTERS = [...RULE_IDS, ...SKIP_REASONS] as const;
const OUTCOMES = ['APPROVED', 'SHRUNK', 'REJECTED', 'SKIPPED'] as const;
const KINDS = ['DECISION', 'ORDER', 'FILL', 'EXIT', 'CONTROL', 'SYSTEM'] as const;

/** Stored checks (adapters/repo/journal.ts checksToJson): Infinity was written as null. */
const storedChecks = z.array(z.object({
  rule: z.enum(RULE_IDS), outcome: z.enum(['pass', 'shrink', 'reject']),
  input: z.number().nullable(), added: z.number().nullable(), threshold: z.number().nullable(), maxQty: z.number().nullable(),
}));
const storedDetails = z.object({
  checks: storedChecks.optional(),
  intent: z.object({ symbol: z.string().optional(), asset: z.string().optional() }).loose().optional(),
  requestedQuantity: z.number().optional(), quantity: z.number().optional(),
}).loose();

const inf = (x: number | null) => x ?? Infinity;

/** The LLM advisory's answer stored with a decision (worker/pipeline/journal-decision.ts): a note and its adjustment, or why there was none. */
const storedAdvisory = z.discriminatedUnion('status', [
  z.object({ status: z.literal('advice'), note: z.string().max(500), confidenceAdjustment: z.number(), requestedAdjustment: z.number(), model: z.string(), latencyMs: z.number() }),
  z.object({ status: z.literal('none'), reason: z.enum(['timeout', 'refused', 'malformed', 'unreachable']), model: z.string(), latencyMs: z.number() }),
]);
const advisoryOutput = z.union([
  z.object({ status: z.literal('advice'), note: z.string(), confidenceAdjustment: z.number(), requestedAdjustment: z.number(), model: z.string(), latencyMs: z.number() }),
  z.object({ status: z.literal('none'), reason: z.string(), model: z.string(), latencyMs: z.number() }),
]).nullable();

function advisoryOf(details: unknown) {
  const a = (details as { research?: { advisory?: unknown } } | null)?.research?.advisory;
  if (a === undefined) return null;
  const parsed = storedAdvisory.safeParse(a);
  return parsed.success ? parsed.data : null;
}

/** The rule-by-rule explanation of a stored decision, in words (domain/risk/explain.ts). */
function explanation(details: unknown) {
  const d = storedDetails.safeParse(details);
  if (!d.success || !d.data.checks) return [];
  const ctx = { asset: d.data.intent?.asset, symbol: d.data.intent?.symbol };
  return d.data.checks.map((c) => {
    const k: RuleCheck = { rule: c.rule, outcome: c.outcome, input: inf(c.input), added: c.added ?? 0, threshold: inf(c.threshold), maxQty: inf(c.maxQty) };
    return { rule: c.rule, outcome: c.outcome, text: explainCheck(k, ctx) };
  });
}

const cursorSchema = z.string().regex(/^\d{1,15}:\d{1,18}$/, 'cursor: not a cursor this page returned');

export const listJournal = procedure
  .input(z.object({
    accountId: z.uuid('accountId: must be a trading account id').optional(),
    symbol: z.string().trim().max(30).optional(),
    strategy: z.string().trim().max(60).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    rule: z.enum(RULE_FILTERS, 'rule: not a rule the risk engine or the pipeline names').optional(),
    kind: z.enum(KINDS).optional(),
    cursor: cursorSchema.nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  }).optional())
  .output(z.object({
    rows: z.array(z.object({
      id: z.string(), at: z.date(), kind: z.string(), symbol: z.string().nullable(), strategy: z.string().nullable(), outcome: z.string().nullable(),
      rule: z.string().nullable(), message: z.string(), explanation: z.array(z.object({ rule: z.string(), outcome: z.string(), text: z.string() })), details: z.unknown(),
      advisory: advisoryOutput,
    })),
    nextCursor: z.string().nullable(),
  }))
  .query(async ({ ctx, input }) => {
    const account = await resolveAccount(ctx.db, input?.accountId);
    let cursor = null;
    if (input?.cursor) {
      const [ms, id] = input.cursor.split(':') as [string, string];
      cursor = { at: new Date(Number(ms)), id: BigInt(id) };
    }
    const page = await listJournalPage(ctx.db, {
      accountId: account.id, symbol: input?.symbol || undefined, strategy: input?.strategy || undefined, outcome: input?.outcome, rule: input?.rule, kind: input?.kind,
    }, cursor, input?.limit ?? 50);
    return {
      rows: page.rows.map((r) => ({ ...r, id: r.id.toString(), explanation: explanation(r.details), advisory: advisoryOf(r.details) })),
      nextCursor: page.next ? `${page.next.at.getTime()}:${page.next.id}` : null,
    };
  });

/** What the filters offer: symbols in the journal (a loose index scan, cheap at any size), strategies, rules, outcomes, kinds. */
export const journalFacets = procedure
  .input(z.object({ accountId: z.uuid('accountId: must be a trading account id').optional() }).optional())
  .output(z.object({ symbols: z.array(z.string()), strategies: z.array(z.string()), rules: z.array(z.string()), outcomes: z.array(z.string()), kinds: z.array(z.string()) }))
  .query(async ({ ctx, input }) => {
    const account = await resolveAccount(ctx.db, input?.accountId);
    const distinct = async (column: 'symbol') => {
      // a recursive "skip scan" on the (accountId, symbol, …) index: one probe per distinct value instead of reading every row
      const col = column;
      const rows = await ctx.db.$queryRawUnsafe<{ v: string }[]>(`
        WITH RECURSIVE d(v) AS (
          (SELECT ${col} FROM "JournalEntry" WHERE "accountId" = $1::uuid AND ${col} IS NOT NULL ORDER BY ${col} LIMIT 1)
          UNION ALL
          SELECT (SELECT ${col} FROM "JournalEntry" WHERE "accountId" = $1::uuid AND ${col} > d.v ORDER BY ${col} LIMIT 1) FROM d WHERE d.v IS NOT NULL
        ) SELECT v FROM d WHERE v IS NOT NULL LIMIT 500`, account.id);
      return rows.map((r) => r.v);
    };
    // strategies: the ones the product ships and any the account has statistics for (few, known; no journal index needed)
    const stats = await ctx.db.strategyStat.findMany({ where: { accountId: account.id }, select: { strategy: true } });
    const strategies = [...new Set([...STRATEGY_NAMES, ...stats.map((x) => x.strategy)])].sort();
    return { symbols: await distinct('symbol'), strategies, rules: [...RULE_FILTERS], outcomes: [...OUTCOMES], kinds: [...KINDS] };
  });
