import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { workerLiveness } from '@/domain/workers/worker-liveness';
import { effectiveAllocation } from '@/domain/stages/default-stages';
import { AppError } from '@/server/errors';
import { safeModePayload } from '@/domain/control/command-payloads';
import { lossFraction } from '@/domain/risk/loss-fraction';
import { readOverviewSnapshot } from '@/adapters/repo/overview-snapshot';
import { resolveLimits } from '@/domain/risk/risk-config';
import { splitSymbol } from '@/domain/market/candle-series';
import { exchangeView, toExchangeView } from '@/server/services/exchange/exchange-view';
import { closedTradeView, marksSchema, openPositionView, toClosedTradeView, toOpenPositionView } from '@/server/services/positions/views';

const dec = z.string(); // decimals travel as strings

export const overviewOutput = z.object({
  serverTime: z.date(),
  tradingMode: z.enum(['backtest', 'paper', 'live']),
  capitalAllocationCap: z.number(),
  account: z.object({ id: z.string(), name: z.string(), kind: z.string(), exchange: z.string(), isSandbox: z.boolean(), quoteCurrency: z.string() }),
  stage: z.object({ ordinal: z.number(), name: z.string(), mode: z.string(), allocationFraction: z.number(), effectiveAllocation: z.number() }).nullable(),
  risk: z.object({
    equity: dec, peakEquity: dec, dayStartEquity: dec, stageCapital: dec, dayPnl: dec, drawdownFraction: z.number(),
    tradingState: z.enum(['ACTIVE', 'REDUCED', 'PAUSED', 'HALTED', 'LOCKED']), stateReason: z.string().nullable(),
  }),
  safeMode: z.object({
    desired: z.boolean(), applied: z.boolean(), appliedAt: z.date().nullable(), reason: z.string().nullable(),
    lastCommand: z.object({
      id: z.string(), isOn: z.boolean().nullable(), status: z.enum(['PENDING', 'APPLIED', 'FAILED']), requestedAt: z.date(), appliedAt: z.date().nullable(),
      requestedBy: z.string().nullable(), appliedBy: z.string().nullable(), error: z.string().nullable(),
    }).nullable(),
  }),
  workers: z.array(z.object({
    workerId: z.string(), hostname: z.string(), pid: z.number(), mode: z.string(), startedAt: z.date(), lastBeatAt: z.date(),
    liveness: z.enum(['alive', 'stale', 'stopped']), loopLagMs: z.number(),
  })),
  openAlerts: z.object({ CRITICAL: z.number(), WARNING: z.number(), INFO: z.number() }),
  /** paper mode's replay clock: the open time of the last candle processed */
  replay: z.object({ cursorTime: z.date().nullable(), startedAt: z.date() }).nullable(),
  /** live mode's exchange connectivity and last reconciliation; null in paper mode (no exchange) */
  exchange: exchangeView.nullable(),
  /** exposure at the marks against the limits in force (configured, never above the hard ones) */
  exposure: z.object({
    total: z.number(), byAsset: z.array(z.object({ asset: z.string(), fraction: z.number() })),
    limits: z.object({ asset: z.number(), total: z.number(), dailyLoss: z.number(), reduce: z.number(), pause: z.number(), lock: z.number() }),
    dayLossFraction: z.number(),
  }),
  lastDecisions: z.array(z.object({ id: z.string(), at: z.date(), symbol: z.string().nullable(), strategy: z.string().nullable(), outcome: z.string().nullable(), rule: z.string().nullable(), message: z.string() })),
  positions: z.array(openPositionView),
  recentTrades: z.array(closedTradeView),
});


export const getOverview = procedure
  .input(z.object({ accountId: z.uuid().optional() }).optional())
  .output(overviewOutput)
  .query(async ({ ctx, input }) => {
    const now = ctx.now();
    const snap = await readOverviewSnapshot(ctx.db, input?.accountId);
    if (!snap?.riskState) throw new AppError('NOT_FOUND', 'no trading account yet: start the worker once (npm start) to create the paper account');
    const { account, stage, riskState: rs, lastCommand, workers, alertCounts, replay, liveSync, positions, recentTrades, riskConfig, lastDecisions } = snap;
    const marks = marksSchema.safeParse(replay?.marks ?? {}).data ?? {};
    const cfg = Object.fromEntries(Object.entries(riskConfig ?? {}).filter(([, v]) => v !== null).map(([k, v]) => [k, Number(v)]));
    const limits = resolveLimits(cfg);
    const equity = Number(rs.equity);
    const peak = Number(rs.peakEquity);
    const dayStart = Number(rs.dayStartEquity);
    const byAsset = new Map<string, number>();
    for (const p of positions) {
      const mark = marks[p.symbol] ?? Number(p.entryPrice);
      const asset = splitSymbol(p.symbol)?.base ?? p.symbol;
      byAsset.set(asset, (byAsset.get(asset) ?? 0) + (equity > 0 ? (Number(p.quantity) * mark) / equity : 0));
    }
    const env = serverEnv();
    const money = (x: string) => Number(x).toFixed(2);
    return {
      serverTime: now,
      tradingMode: env.TRADING_MODE,
      capitalAllocationCap: env.CAPITAL_ALLOCATION,
      account,
      stage: stage && {
        ordinal: stage.ordinal, name: stage.name, mode: stage.mode, allocationFraction: Number(stage.allocationFraction),
        effectiveAllocation: effectiveAllocation(Number(stage.allocationFraction), env.CAPITAL_ALLOCATION),
      },
      risk: {
        equity: money(rs.equity), peakEquity: money(rs.peakEquity), dayStartEquity: money(rs.dayStartEquity), stageCapital: money(rs.stageCapital),
        dayPnl: (equity - dayStart).toFixed(2), drawdownFraction: lossFraction(peak, equity), tradingState: rs.tradingState, stateReason: rs.stateReason,
      },
      safeMode: {
        desired: rs.desiredSafeMode, applied: rs.isSafeMode, appliedAt: rs.safeModeAppliedAt, reason: rs.safeModeReason,
        lastCommand: lastCommand && {
          id: lastCommand.id, isOn: safeModePayload.safeParse(lastCommand.payload).data?.isOn ?? null, status: lastCommand.status, requestedAt: lastCommand.requestedAt, appliedAt: lastCommand.appliedAt,
          requestedBy: lastCommand.requestedBy, appliedBy: lastCommand.appliedBy, error: lastCommand.error,
        },
      },
      workers: workers.map((w) => ({
        workerId: w.workerId, hostname: w.hostname, pid: w.pid, mode: w.mode, startedAt: w.startedAt, lastBeatAt: w.lastBeatAt,
        liveness: workerLiveness(w, now), loopLagMs: w.loopLagMs,
      })),
      openAlerts: { CRITICAL: alertCounts.CRITICAL ?? 0, WARNING: alertCounts.WARNING ?? 0, INFO: alertCounts.INFO ?? 0 },
      replay: replay && { cursorTime: replay.cursorTime, startedAt: replay.startedAt },
      exchange: liveSync && toExchangeView(liveSync, now),
      exposure: {
        total: [...byAsset.values()].reduce((a, b) => a + b, 0),
        byAsset: [...byAsset].map(([asset, fraction]) => ({ asset, fraction })).sort((a, b) => a.asset.localeCompare(b.asset)),
        limits: { asset: limits.maxAssetExposureFraction, total: limits.maxTotalExposureFraction, dailyLoss: limits.dailyLossFraction,
          reduce: limits.drawdownReduceFraction, pause: limits.drawdownPauseFraction, lock: limits.drawdownLockFraction },
        dayLossFraction: lossFraction(dayStart, equity),
      },
      lastDecisions,
      positions: positions.map((p) => toOpenPositionView(p, marks, p.stopOpen === true)),
      recentTrades: recentTrades.map(toClosedTradeView),
    };
  });
