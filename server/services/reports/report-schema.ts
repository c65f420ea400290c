import { z } from 'zod';

/**
 * A DailyReport's JSON columns as the worker writes them (domain/ops/daily-summary.ts,
 * compliance-report.ts), checked when read: the tRPC output carries these shapes.
 */
export const performanceSchema = z.object({
  quoteCurrency: z.string(),
  equityStart: z.number().nullable(), equityEnd: z.number().nullable(), pnl: z.number().nullable(), pnlPct: z.number().nullable(),
  realizedPnl: z.number(), tradesOpened: z.number(), tradesClosed: z.number(), wins: z.number(), losses: z.number(),
  winRate: z.number(), avgR: z.number(), profitFactor: z.number().nullable(), maxIntradayDrawdown: z.number(), fees: z.number(), equitySamples: z.number(),
  /** candle: a paper replay's own clock; wall: the wall clock */
  clock: z.enum(['candle', 'wall']).default('wall'),
});

export const complianceSchema = z.object({
  nearMissHeadroom: z.number(),
  decisions: z.object({ total: z.number(), approved: z.number(), shrunk: z.number(), rejected: z.number(), skipped: z.number() }),
  rules: z.array(z.object({ rule: z.string(), rejections: z.number(), shrinks: z.number(), nearMisses: z.number(), minHeadroom: z.number().nullable() })),
  nearMisses: z.array(z.object({
    journalId: z.string(), at: z.string(), rule: z.string(), symbol: z.string().nullable(), strategy: z.string().nullable(), value: z.number(), limit: z.number(), headroom: z.number(),
  })),
  nearMissesTotal: z.number(),
  violations: z.object({ total: z.number(), items: z.array(z.object({ id: z.string(), rule: z.string(), message: z.string(), observedAt: z.string() })) }),
  isCompliant: z.boolean(),
});

export type PerformanceJson = z.infer<typeof performanceSchema>;
export type ComplianceJson = z.infer<typeof complianceSchema>;

/** A stored report's JSON, or an error naming the report (a row from an older format, or edited by hand). */
export function parseReport(r: { id: string; performance: unknown; compliance: unknown }) {
  const p = performanceSchema.safeParse(r.performance);
  const c = complianceSchema.safeParse(r.compliance);
  if (!p.success || !c.success) throw new Error(`daily report ${r.id}: stored JSON does not match the report format (${(p.error ?? c.error)!.issues[0]?.path.join('.')})`);
  return { performance: p.data, compliance: c.data };
}
