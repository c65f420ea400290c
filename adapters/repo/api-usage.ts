import type { Db } from '@/adapters/db/client';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import {
  anomalyMessage, API_ANOMALY_KINDS, API_ANOMALY_SEVERITY, judgeApiUsage,
  type ApiAnomalyConfig, type ApiAnomalyKind, type ApiUsageVerdict, type ApiUsageWindow,
} from '@/domain/security/api-anomaly';

type Reader = Pick<Db, '$queryRaw' | 'alert'>;

const MINUTE_MS = 60_000;
/** alert codes are API_ANOMALY_<kind>; one open alert per account and kind */
export const anomalyCode = (kind: ApiAnomalyKind) => `API_ANOMALY_${kind}`;
export const anomalyDedupKey = (accountId: string, kind: ApiAnomalyKind) => `${accountId}:${anomalyCode(kind)}`;

interface Row { accountId: string; at: Date; windowMs: number; requests: number; errors: number; authErrors: number; orders: number; rejected: number }

/**
 * Each account's one-minute windows that ended in (since, until]: the SystemMetricSample
 * rows of its key summed per window end (over labels, and over workers should two have
 * traded it). A minute with requests but no order has no order_submit row: it counts 0.
 * `accountIds` null: every account with rows.
 */
export async function apiUsageWindows(db: Reader, accountIds: readonly string[] | null, since: Date, until: Date): Promise<Map<string, ApiUsageWindow[]>> {
  const ids = accountIds ? [...accountIds] : null;
  if (ids && !ids.length) return new Map();
  // `at` is a UTC timestamp without zone: bounds go in as ISO text, read in UTC
  const rows = await db.$queryRaw<Row[]>`
    SELECT "accountId"::text AS "accountId", at, max("windowMs")::float8 AS "windowMs",
      coalesce(sum(count) FILTER (WHERE name = 'exchange_request'), 0)::float8 AS requests,
      coalesce(sum(errors) FILTER (WHERE name = 'exchange_request'), 0)::float8 AS errors,
      coalesce(sum(count) FILTER (WHERE name = 'exchange_auth_error'), 0)::float8 AS "authErrors",
      coalesce(sum(count) FILTER (WHERE name = 'order_submit'), 0)::float8 AS orders,
      coalesce(sum(count) FILTER (WHERE name = 'order_rejected'), 0)::float8 AS rejected
    FROM "SystemMetricSample"
    WHERE "accountId" IS NOT NULL
      AND (${ids}::uuid[] IS NULL OR "accountId" = ANY(${ids}::uuid[]))
      AND at > (${since.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND at <= (${until.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    GROUP BY 1, 2 ORDER BY 1, 2`;
  const out = new Map<string, ApiUsageWindow[]>();
  for (const r of rows) {
    const list = out.get(r.accountId) ?? [];
    list.push({ at: r.at.getTime(), windowMs: r.windowMs, requests: r.requests, errors: r.errors, authErrors: r.authErrors, orders: r.orders, rejected: r.rejected });
    out.set(r.accountId, list);
  }
  return out;
}

/** The anomaly kinds with an open (unacknowledged, unresolved) alert, per account. */
export async function openAnomalies(db: Reader): Promise<Map<string, Set<ApiAnomalyKind>>> {
  const alerts = await db.alert.findMany({ where: { openDedupKey: { not: null }, code: { in: API_ANOMALY_KINDS.map(anomalyCode) } }, select: { accountId: true, code: true } });
  const out = new Map<string, Set<ApiAnomalyKind>>();
  for (const a of alerts) {
    if (!a.accountId) continue;
    const kind = a.code.slice('API_ANOMALY_'.length) as ApiAnomalyKind;
    out.set(a.accountId, (out.get(a.accountId) ?? new Set()).add(kind));
  }
  return out;
}

/** Each account's verdict at `now`, from its windows of the baseline span (plus the judged one) and its open alerts. */
export async function judgeAccounts(db: Reader, accountIds: readonly string[] | null, now: Date, cfg: ApiAnomalyConfig) {
  const since = new Date(now.getTime() - (cfg.baselineWindows + 3) * MINUTE_MS);
  const [windows, open] = await Promise.all([apiUsageWindows(db, accountIds, since, now), openAnomalies(db)]);
  const ids = accountIds ?? [...windows.keys()];
  return { open, verdicts: new Map(ids.map((id) => [id, judgeApiUsage(windows.get(id) ?? [], now.getTime(), cfg, open.get(id))] as const)) };
}

/**
 * Judge the accounts a window was written for, and every account with an anomaly alert
 * open (a key gone quiet clears), then raise or resolve an alert per account and kind.
 * The alert's evidence holds the figures it was judged on.
 */
export async function evaluateApiAnomalies(db: Db, accountIds: readonly string[], now: Date, cfg: ApiAnomalyConfig) {
  const open = await openAnomalies(db);
  const ids = [...new Set([...accountIds, ...open.keys()])];
  if (!ids.length) return new Map<string, ApiUsageVerdict>();
  const { verdicts } = await judgeAccounts(db, ids, now, cfg);
  const names = new Map((await db.tradingAccount.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]));
  for (const [accountId, v] of verdicts) {
    for (const k of v.kinds) {
      const dedupKey = anomalyDedupKey(accountId, k.kind);
      if (k.action === 'raise') {
        await raiseAlert(db, { severity: API_ANOMALY_SEVERITY[k.kind], code: anomalyCode(k.kind), accountId, dedupKey, message: anomalyMessage(names.get(accountId) ?? accountId, k),
          evidence: { kind: k.kind, windowAt: v.windowAt === null ? null : new Date(v.windowAt).toISOString(), current: k.current, baseline: k.baseline, historyWindows: v.history, config: { ...cfg } } }, now);
      } else if (k.action === 'resolve' && open.get(accountId)?.has(k.kind)) {
        await resolveAlert(db, dedupKey, now);
      }
    }
  }
  return verdicts;
}
