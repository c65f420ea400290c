import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { judgeAccounts } from '@/adapters/repo/api-usage';
import { API_ANOMALY_KINDS, judgeApiUsage, type ApiAnomalyConfig, type KindVerdict } from '@/domain/security/api-anomaly';

const figure = z.object({
  /** the newest window, per minute (authErrors: the count in it) */
  current: z.number(),
  /** the baseline median per minute; null without history */
  baseline: z.number().nullable(),
  /** the value above which the rule fires; null while it cannot judge */
  fireAbove: z.number().nullable(),
});

export const apiUsageView = z.object({
  now: z.date(),
  baselineMinutes: z.number(),
  minHistoryMinutes: z.number(),
  accounts: z.array(z.object({
    accountId: z.string(), name: z.string(),
    /** the active key's last 4 characters (never more) */
    keyLast4: z.string().nullable(),
    state: z.enum(['normal', 'anomalous', 'not_enough_history', 'idle']),
    windowAt: z.date().nullable(),
    historyMinutes: z.number(),
    requests: figure, orders: figure, authErrors: figure, rejected: figure, errors: figure,
    /** kinds firing now, or with an alert still open */
    anomalies: z.array(z.enum(API_ANOMALY_KINDS)),
  })),
});
export type ApiUsageView = z.infer<typeof apiUsageView>;

const figureOf = (k: KindVerdict | undefined, isJudged: boolean) => ({
  current: k?.current ?? 0, baseline: k?.baseline?.median ?? null, fireAbove: isJudged ? (k?.baseline?.fireAbove ?? null) : null,
});

/**
 * The System page's "API usage per key": each live account's newest one-minute window
 * against its baseline, judged by the same rules the worker alerts with
 * (domain/security/api-anomaly.ts), and the anomaly alerts open for it.
 */
export async function readApiUsageView(db: Db, now: Date, cfg: ApiAnomalyConfig): Promise<ApiUsageView> {
  const { verdicts, open } = await judgeAccounts(db, null, now, cfg);
  const ids = [...new Set([...verdicts.keys(), ...open.keys()])];
  const accounts = await db.tradingAccount.findMany({ where: { id: { in: ids } }, orderBy: { name: 'asc' },
    select: { id: true, name: true, credentials: { where: { status: 'ACTIVE' }, select: { keyLast4: true }, take: 1 } } });
  return {
    now, baselineMinutes: cfg.baselineWindows, minHistoryMinutes: cfg.minHistoryWindows,
    accounts: accounts.map((a) => {
      // an account with an alert open but no window in the span is idle: its key made no request
      const v = verdicts.get(a.id) ?? judgeApiUsage([], now.getTime(), cfg);
      const kind = (k: KindVerdict['kind']) => v.kinds.find((x) => x.kind === k);
      const isJudged = v.history >= cfg.minHistoryWindows;
      const openKinds = open.get(a.id) ?? new Set();
      return {
        accountId: a.id, name: a.name, keyLast4: a.credentials[0]?.keyLast4 ?? null,
        state: openKinds.size && v.state !== 'idle' ? 'anomalous' : v.state,
        windowAt: v.windowAt === null ? null : new Date(v.windowAt), historyMinutes: v.history,
        requests: figureOf(kind('REQUEST_RATE'), isJudged), orders: figureOf(kind('ORDER_BURST'), isJudged),
        authErrors: { current: kind('AUTH_ERRORS')?.current ?? 0, baseline: null, fireAbove: cfg.authErrorBurst - 1 },
        rejected: figureOf(kind('REJECTED_ORDERS'), isJudged), errors: figureOf(kind('ERROR_RATE'), isJudged),
        anomalies: API_ANOMALY_KINDS.filter((k) => openKinds.has(k) || kind(k)?.isAnomalous),
      };
    }),
  };
}
