/** The mission's capital stages; criteria are what the promotion gate checks to leave a stage. */
export const DEFAULT_STAGES = [
  { ordinal: 1, name: 'Paper', mode: 'PAPER', allocationFraction: '0.05',
    criteria: { minSharpe: 1.0, maxDrawdownFraction: 0.08, maxViolations: 0, minTrades: 100 } },
  { ordinal: 2, name: 'Small live', mode: 'LIVE', allocationFraction: '0.10',
    criteria: { matchesPaper: true, maxSlippageBps: 5, maxSystemErrors: 0, riskRulesFunctioning: true } },
  { ordinal: 3, name: 'Medium live', mode: 'LIVE', allocationFraction: '0.25',
    criteria: { consistentAcrossRegimes: true, riskUnderStress: true, stable: true } },
  { ordinal: 4, name: 'Full production', mode: 'LIVE', allocationFraction: '1',
    criteria: { monitoringOperational: true, backupsInPlace: true, emergencyProceduresDocumented: true } },
] as const;

/** The mode order: TRADING_MODE is the most the worker may do. */
const MODE_RANK = { BACKTEST: 0, PAPER: 1, LIVE: 2 } as const;
export type StageMode = keyof typeof MODE_RANK;

/** A stage whose mode is above the process's TRADING_MODE cannot be entered. */
export function isModeAllowed(stageMode: StageMode, tradingMode: StageMode): boolean {
  return MODE_RANK[stageMode] <= MODE_RANK[tradingMode];
}

/** The allocation the worker uses: the stage's, capped by CAPITAL_ALLOCATION. */
export function effectiveAllocation(stageAllocation: number, capitalAllocationCap: number): number {
  return Math.min(stageAllocation, capitalAllocationCap);
}
