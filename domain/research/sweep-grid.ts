import { z } from 'zod';
import { donchianParams, emaCrossParams, rsiReversionParams } from '../strategies/params';
import { STRATEGY_NAMES, type StrategyName } from '../strategies/registry';

/** A sweep bigger than this is refused: 500 short backtests take minutes on two workers, more is a mistake more often than a plan. */
export const SWEEP_MAX_RUNS = 500;
export const SWEEP_TIMEFRAMES = ['1h', '5m'] as const;
const MAX_VALUES_PER_PARAM = 50;

/** Each strategy's own parameter schema (defaults filled in, unknown fields refused). */
const PARAM_SCHEMAS = {
  ema_cross: emaCrossParams,
  donchian_breakout: donchianParams,
  rsi_reversion: rsiReversionParams,
} satisfies Record<StrategyName, z.ZodType>;

/** A candle file the caller has (data/binance_<SYMBOL>_<timeframe>.csv.gz); the domain does not read the disk. */
export interface AvailableData { symbol: string; timeframe: string }

const isoDate = (field: string) => z.string({ error: `${field} must be an ISO date such as 2024-01-01` })
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, `${field} must be an ISO date such as 2024-01-01`)
  .refine((v) => !Number.isNaN(Date.parse(v)), `${field} must be a real date`);

const hasDuplicates = (xs: readonly unknown[]) => new Set(xs.map((x) => JSON.stringify(x))).size !== xs.length;

const strategyGrid = z.object({
  name: z.enum(STRATEGY_NAMES, { error: `strategy must be one of ${STRATEGY_NAMES.join(', ')}` }),
  /** parameter → the values to try; a parameter left out keeps the strategy's default */
  params: z.record(
    z.string(),
    z.array(z.number({ error: 'parameter values must be numbers' }).finite('parameter values must be finite numbers'))
      .min(1, 'give at least one value for each parameter')
      .max(MAX_VALUES_PER_PARAM, `at most ${MAX_VALUES_PER_PARAM} values per parameter`)
      .refine((xs) => !hasDuplicates(xs), 'a parameter lists the same value twice'),
  ).default({}),
});

const period = z.object({ from: isoDate('period from'), to: isoDate('period to') })
  .refine((p) => Date.parse(p.from) < Date.parse(p.to), { path: ['to'], message: 'period to must be after from' });

const sweepShape = z.object({
  name: z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(100, 'name must be at most 100 characters'),
  strategies: z.array(strategyGrid).min(1, 'choose at least one strategy').max(10, 'at most 10 strategy grids'),
  symbols: z.array(z.string().regex(/^[A-Z0-9]{2,20}$/, 'symbol must look like BTCUSDT')).min(1, 'choose at least one symbol')
    .refine((xs) => !hasDuplicates(xs), 'a symbol is listed twice'),
  timeframe: z.enum(SWEEP_TIMEFRAMES, { error: `timeframe must be one of ${SWEEP_TIMEFRAMES.join(', ')}` }),
  periods: z.array(period).min(1, 'give at least one period').max(50, 'at most 50 periods')
    .refine((xs) => !hasDuplicates(xs), 'a period is listed twice'),
  equity: z.number({ error: 'equity must be a number' }).positive('equity must be greater than 0').max(1e9, 'equity must be at most 1,000,000,000').default(10_000),
});

/** Every combination of a strategy's parameter lists, keys in sorted order (jsonb does not keep key order). */
export function paramCombinations(params: Readonly<Record<string, readonly number[]>>): Record<string, number>[] {
  const keys = Object.keys(params).sort();
  let combos: Record<string, number>[] = [{}];
  for (const key of keys) combos = combos.flatMap((c) => (params[key] ?? []).map((v) => ({ ...c, [key]: v })));
  return combos;
}

/** How many backtests a grid makes, without expanding it. */
export function countRuns(req: Pick<SweepRequest, 'strategies' | 'symbols' | 'periods'>): number {
  const perSymbolPeriod = req.strategies.reduce((n, s) => n + Object.values(s.params).reduce((m, xs) => m * xs.length, 1), 0);
  return perSymbolPeriod * req.symbols.length * req.periods.length;
}

/** Check every combination against the strategy's own schema; one issue per failing strategy grid, naming strategy and field. */
function checkCombinations(req: z.infer<typeof sweepShape>, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  req.strategies.forEach((s, i) => {
    for (const combo of paramCombinations(s.params)) {
      const parsed = PARAM_SCHEMAS[s.name].safeParse(combo);
      if (parsed.success) {
        // two grids of one strategy that overlap would run the same backtest twice
        const key = `${s.name} ${JSON.stringify(parsed.data)}`;
        if (seen.has(key)) {
          ctx.addIssue({ code: 'custom', path: ['strategies', i], message: `${s.name}: the grids repeat a parameter combination (${JSON.stringify(combo)})` });
          return;
        }
        seen.add(key);
        continue;
      }
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length ? issue.path.join('.') : (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'params');
      const values = Object.entries(combo).map(([k, v]) => `${k}=${v}`).join(', ');
      ctx.addIssue({ code: 'custom', path: ['strategies', i, 'params', field],
        message: `${s.name}: ${field}: ${issue.message}${values ? ` (with ${values})` : ''}` });
      return;
    }
  });
}

function checkSize(req: z.infer<typeof sweepShape>, ctx: z.RefinementCtx) {
  const runs = countRuns(req);
  if (runs > SWEEP_MAX_RUNS) {
    ctx.addIssue({ code: 'custom', path: ['strategies'],
      message: `the grid makes ${runs} backtests; a sweep runs at most ${SWEEP_MAX_RUNS}: fewer parameter values, symbols or periods` });
  }
}

/** A parameter grid: strategies × parameter values × symbols × periods, each cell one backtest. */
export const sweepRequest = sweepShape.superRefine((req, ctx) => {
  checkSize(req, ctx);
  // a huge grid is refused by size first: its combinations are not walked
  if (countRuns(req) <= SWEEP_MAX_RUNS) checkCombinations(req, ctx);
});
export type SweepRequest = z.infer<typeof sweepRequest>;

/** sweepRequest, also checking that a candle file exists for every symbol at the timeframe. */
export function sweepRequestWith(available: readonly AvailableData[]) {
  return sweepRequest.superRefine((req, ctx) => {
    const have = new Set(available.filter((a) => a.timeframe === req.timeframe).map((a) => a.symbol));
    req.symbols.forEach((symbol, i) => {
      if (!have.has(symbol)) {
        ctx.addIssue({ code: 'custom', path: ['symbols', i],
          message: `symbols: no ${req.timeframe} candles for ${symbol} (have: ${[...have].sort().join(', ') || 'none'})` });
      }
    });
  });
}

export interface RunSpec {
  strategy: StrategyName;
  /** the strategy's full parameters (defaults filled in), so the run can be repeated exactly */
  params: Record<string, number>;
  symbol: string;
  timeframe: (typeof SWEEP_TIMEFRAMES)[number];
  /** ISO instants, UTC */
  from: string;
  to: string;
  equity: number;
}

/**
 * The backtests of a validated grid, in a fixed order: strategy (as listed) → parameter
 * combination (keys sorted, values as listed) → symbol → period. The same grid always
 * gives the same list, also after a round trip through jsonb.
 */
export function expandGrid(req: SweepRequest): RunSpec[] {
  const specs: RunSpec[] = [];
  for (const s of req.strategies) {
    for (const combo of paramCombinations(s.params)) {
      const params = PARAM_SCHEMAS[s.name].parse(combo) as Record<string, number>;
      for (const symbol of req.symbols) {
        for (const p of req.periods) {
          specs.push({ strategy: s.name, params, symbol, timeframe: req.timeframe,
            from: new Date(Date.parse(p.from)).toISOString(), to: new Date(Date.parse(p.to)).toISOString(), equity: req.equity });
        }
      }
    }
  }
  return specs;
}
