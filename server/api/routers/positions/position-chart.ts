import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { AppError } from '@/server/errors';

const BEFORE = 120;
const AFTER = 30;
const MAX = 1500;

/**
 * Candles of a position's symbol around it (the candles the worker processed, stored as
 * it went), with its entry and exit as markers and its stop, target and entry as lines.
 */
export const positionChart = procedure
  .input(z.object({ positionId: z.uuid('positionId: must be a position id') }))
  .output(z.object({
    symbol: z.string(), timeframe: z.string().nullable(),
    candles: z.array(z.object({ time: z.number(), open: z.number(), high: z.number(), low: z.number(), close: z.number() })),
    markers: z.array(z.object({ time: z.number(), price: z.number(), kind: z.enum(['entry', 'exit']), text: z.string() })),
    lines: z.object({ entry: z.number(), stop: z.number(), target: z.number().nullable(), exit: z.number().nullable() }),
  }))
  .query(async ({ ctx, input }) => {
    const p = await ctx.db.position.findUnique({ where: { id: input.positionId }, include: { account: { select: { exchange: true } } } });
    if (!p) throw new AppError('NOT_FOUND', `no position ${input.positionId}`);
    const exchange = p.account.exchange;
    const latest = await ctx.db.candle.findFirst({ where: { exchange, symbol: p.symbol, openTime: { lte: p.openedAt } }, orderBy: { openTime: 'desc' }, select: { timeframe: true } });
    const timeframe = latest?.timeframe ?? null;
    const base = { exchange, symbol: p.symbol, timeframe: timeframe ?? '' };
    const before = timeframe ? await ctx.db.candle.findMany({ where: { ...base, openTime: { lt: p.openedAt } }, orderBy: { openTime: 'desc' }, take: BEFORE }) : [];
    const end = p.closedAt;
    const during = timeframe ? await ctx.db.candle.findMany({
      where: { ...base, openTime: { gte: p.openedAt } }, orderBy: { openTime: 'asc' },
      take: end ? MAX : MAX - BEFORE,
    }) : [];
    // after the exit: AFTER more candles, then stop
    const cut = end ? during.findIndex((c) => c.openTime > end) : -1;
    const shown = [...before.reverse(), ...(cut >= 0 ? during.slice(0, cut + AFTER) : during)];
    const sec = (d: Date) => Math.floor(d.getTime() / 1000);
    const markers: { time: number; price: number; kind: 'entry' | 'exit'; text: string }[] = [
      { time: sec(p.openedAt), price: p.entryPrice.toNumber(), kind: 'entry', text: `buy ${p.entryPrice.toString()}` },
    ];
    if (p.closedAt && p.exitPrice) markers.push({ time: sec(p.closedAt), price: p.exitPrice.toNumber(), kind: 'exit', text: `${(p.exitReason ?? 'exit').toLowerCase()} ${p.exitPrice.toString()}` });
    return {
      symbol: p.symbol, timeframe,
      candles: shown.map((c) => ({ time: sec(c.openTime), open: c.open.toNumber(), high: c.high.toNumber(), low: c.low.toNumber(), close: c.close.toNumber() })),
      markers,
      lines: { entry: p.entryPrice.toNumber(), stop: p.stopPrice.toNumber(), target: p.targetPrice?.toNumber() ?? null, exit: p.exitPrice?.toNumber() ?? null },
    };
  });
