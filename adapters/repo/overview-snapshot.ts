import { z } from 'zod';
import { Prisma } from '@/generated/prisma/client';
import { Venue } from '@/generated/prisma/enums';
import type { Db } from '@/adapters/db/client';

/**
 * Everything the Overview shows, read by ONE SQL statement that returns one JSON document.
 * One statement is one snapshot (the worker commits a command's APPLIED and the state it
 * set together, so the page never shows "applied" beside the old state) without an
 * interactive transaction, and one round trip instead of eleven: under load the Overview
 * is polled by every open dashboard, and per-query overhead was most of its cost (B4).
 * Every part filters on the account id as a scalar subquery (so the planner uses the
 * indexes; a join on the CTE made it sort whole tables) and is an indexed lookup or a short top-N; nothing aggregates the journal. Lists
 * are ordered with a tiebreak (several trades close on one candle), so rows never swap
 * places between refreshes.
 * Decimals travel as text (exact), timestamps as UTC ISO text; zod checks the shape.
 */
const ts = z.string().transform((s) => new Date(s.endsWith('Z') ? s : `${s}Z`));
const tsOrNull = ts.nullable();
const dec = z.string();

const positionRow = z.object({
  id: z.string(), symbol: z.string(), venue: z.enum(Venue), strategy: z.string(), status: z.string(), quantity: dec, entryPrice: dec, stopPrice: dec, targetPrice: dec.nullable(),
  openedAt: ts, closedAt: tsOrNull, fees: dec, initialRisk: dec, exitReason: z.string().nullable(), realizedPnl: dec.nullable(), rMultiple: dec.nullable(),
  stopOpen: z.boolean().optional(),
});

export const overviewSnapshot = z.object({
  account: z.object({ id: z.string(), name: z.string(), kind: z.string(), exchange: z.string(), isSandbox: z.boolean(), quoteCurrency: z.string() }),
  stage: z.object({ ordinal: z.number(), name: z.string(), mode: z.string(), allocationFraction: dec }).nullable(),
  riskState: z.object({
    equity: dec, peakEquity: dec, dayStartEquity: dec, stageCapital: dec, tradingState: z.enum(['ACTIVE', 'REDUCED', 'PAUSED', 'HALTED', 'LOCKED']), stateReason: z.string().nullable(),
    desiredSafeMode: z.boolean(), isSafeMode: z.boolean(), safeModeAppliedAt: tsOrNull, safeModeReason: z.string().nullable(),
  }).nullable(),
  riskConfig: z.record(z.string(), z.union([z.string(), z.null()])).nullable(),
  lastCommand: z.object({
    id: z.string(), payload: z.unknown(), status: z.enum(['PENDING', 'APPLIED', 'FAILED']), requestedAt: ts, appliedAt: tsOrNull, appliedBy: z.string().nullable(),
    error: z.string().nullable(), requestedBy: z.string().nullable(),
  }).nullable(),
  workers: z.array(z.object({ workerId: z.string(), hostname: z.string(), pid: z.number(), mode: z.string(), startedAt: ts, lastBeatAt: ts, loopLagMs: z.number(), isStopping: z.boolean() })),
  alertCounts: z.record(z.string(), z.number()),
  replay: z.object({ cursorTime: tsOrNull, startedAt: ts, marks: z.unknown() }).nullable(),
  liveSync: z.object({
    exchangeUrl: z.string(), connectivity: z.string(), connectivitySince: ts, lastSuccessAt: tsOrNull, lastError: z.string().nullable(),
    lastReconcileAt: tsOrNull, lastReconcile: z.unknown(), lastCleanPassAt: tsOrNull, updatedAt: ts,
  }).nullable(),
  positions: z.array(positionRow),
  recentTrades: z.array(positionRow),
  lastDecisions: z.array(z.object({ id: z.string(), at: ts, symbol: z.string().nullable(), strategy: z.string().nullable(), outcome: z.string().nullable(), rule: z.string().nullable(), message: z.string() })),
});
export type OverviewSnapshot = z.infer<typeof overviewSnapshot>;

const POSITION_COLUMNS = Prisma.raw(`p.id, p.symbol, p.venue::text AS venue, p.strategy, p.status::text AS status, p.quantity::text AS quantity, p."entryPrice"::text AS "entryPrice",
  p."stopPrice"::text AS "stopPrice", p."targetPrice"::text AS "targetPrice", p."openedAt", p."closedAt", p.fees::text AS fees, p."initialRisk"::text AS "initialRisk",
  p."exitReason"::text AS "exitReason", p."realizedPnl"::text AS "realizedPnl", p."rMultiple"::text AS "rMultiple"`);

export async function readOverviewSnapshot(db: Db, accountId: string | undefined): Promise<OverviewSnapshot | null> {
  const [row] = await db.$queryRaw<{ o: unknown }[]>`
    WITH a AS (
      SELECT * FROM "TradingAccount" WHERE (${accountId ?? null}::uuid IS NULL OR id = ${accountId ?? null}::uuid) ORDER BY "createdAt" LIMIT 1
    )
    SELECT json_build_object(
      'account', (SELECT json_build_object('id', a.id, 'name', a.name, 'kind', a.kind, 'exchange', a.exchange, 'isSandbox', a."isSandbox", 'quoteCurrency', a."quoteCurrency") FROM a),
      'stage', (SELECT json_build_object('ordinal', s.ordinal, 'name', s.name, 'mode', s.mode, 'allocationFraction', s."allocationFraction"::text) FROM "Stage" s WHERE s.id = (SELECT "currentStageId" FROM a)),
      'riskState', (SELECT json_build_object('equity', r.equity::text, 'peakEquity', r."peakEquity"::text, 'dayStartEquity', r."dayStartEquity"::text, 'stageCapital', r."stageCapital"::text,
          'tradingState', r."tradingState", 'stateReason', r."stateReason", 'desiredSafeMode', r."desiredSafeMode", 'isSafeMode', r."isSafeMode",
          'safeModeAppliedAt', r."safeModeAppliedAt", 'safeModeReason', r."safeModeReason")
        FROM "RiskState" r WHERE r."accountId" = (SELECT id FROM a)),
      'riskConfig', (SELECT json_build_object('riskPerTradeFraction', rc."riskPerTradeFraction"::text, 'maxAssetExposureFraction', rc."maxAssetExposureFraction"::text,
          'maxTotalExposureFraction', rc."maxTotalExposureFraction"::text, 'maxLeverage', rc."maxLeverage"::text, 'dailyLossFraction', rc."dailyLossFraction"::text,
          'drawdownReduceFraction', rc."drawdownReduceFraction"::text, 'drawdownPauseFraction', rc."drawdownPauseFraction"::text,
          'drawdownLockFraction', rc."drawdownLockFraction"::text, 'minRewardRisk', rc."minRewardRisk"::text)
        FROM "RiskConfig" rc WHERE rc."accountId" = (SELECT id FROM a)),
      'lastCommand', (SELECT json_build_object('id', c.id, 'payload', c.payload, 'status', c.status, 'requestedAt', c."requestedAt", 'appliedAt', c."appliedAt",
          'appliedBy', c."appliedBy", 'error', c.error, 'requestedBy', u.email)
        FROM "ControlCommand" c LEFT JOIN "User" u ON u.id = c."requestedById"
        WHERE c."accountId" = (SELECT id FROM a) AND c.type = 'SET_SAFE_MODE' ORDER BY c."requestedAt" DESC LIMIT 1),
      'workers', (SELECT coalesce(json_agg(json_build_object('workerId', w."workerId", 'hostname', w.hostname, 'pid', w.pid, 'mode', w.mode, 'startedAt', w."startedAt",
          'lastBeatAt', w."lastBeatAt", 'loopLagMs', w."loopLagMs", 'isStopping', w."isStopping") ORDER BY w."lastBeatAt" DESC), '[]')
        FROM (SELECT * FROM "WorkerHeartbeat" ORDER BY "lastBeatAt" DESC LIMIT 20) w),
      'alertCounts', (SELECT coalesce(json_object_agg(x.severity, x.n), '{}') FROM (SELECT severity, count(*)::int AS n FROM "Alert" WHERE status = 'OPEN' GROUP BY severity) x),
      'replay', (SELECT json_build_object('cursorTime', p."cursorTime", 'startedAt', p."startedAt", 'marks', p.marks) FROM "PaperReplay" p WHERE p."accountId" = (SELECT id FROM a)),
      'liveSync', (SELECT json_build_object('exchangeUrl', l."exchangeUrl", 'connectivity', l.connectivity, 'connectivitySince', l."connectivitySince", 'lastSuccessAt', l."lastSuccessAt",
          'lastError', l."lastError", 'lastReconcileAt', l."lastReconcileAt", 'lastReconcile', l."lastReconcile", 'lastCleanPassAt', l."lastCleanPassAt", 'updatedAt', l."updatedAt")
        FROM "LiveSync" l WHERE l."accountId" = (SELECT id FROM a)),
      'positions', (SELECT coalesce(json_agg(x ORDER BY x."openedAt" DESC, x.id DESC), '[]') FROM (
          SELECT ${POSITION_COLUMNS}, EXISTS (SELECT 1 FROM "Order" o WHERE o."positionId" = p.id AND o.purpose = 'STOP' AND o.status = 'OPEN') AS "stopOpen"
          FROM "Position" p WHERE p."accountId" = (SELECT id FROM a) AND p.status IN ('OPEN', 'CLOSING') ORDER BY p."openedAt" DESC, p.id DESC LIMIT 50) x),
      'recentTrades', (SELECT coalesce(json_agg(x ORDER BY x."closedAt" DESC, x.id DESC), '[]') FROM (
          SELECT ${POSITION_COLUMNS} FROM "Position" p WHERE p."accountId" = (SELECT id FROM a) AND p.status = 'CLOSED' ORDER BY p."closedAt" DESC, p.id DESC LIMIT 8) x),
      'lastDecisions', (SELECT coalesce(json_agg(x ORDER BY x.at DESC, x.n DESC), '[]') FROM (
          SELECT j.id::text AS id, j.id AS n, j.at, j.symbol, j.strategy, j.outcome::text AS outcome, j.rule, j.message
          FROM "JournalEntry" j WHERE j."accountId" = (SELECT id FROM a) AND j.kind = 'DECISION' ORDER BY j.at DESC, j.id DESC LIMIT 6) x)
    ) AS o
    FROM a`;
  if (!row) return null;
  return overviewSnapshot.parse(row.o);
}
