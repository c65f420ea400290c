/**
 * The mission's hard limits: constants in code, never configuration. Configuration
 * may tighten each one (risk-config.ts), never loosen it. Fractions are of bot equity.
 */
export const HARD_LIMITS = Object.freeze({
  /** default risk per trade; an admin may raise it, with a written reason, up to the absolute maximum */
  riskPerTradeFraction: 0.01,
  riskPerTradeAbsoluteMax: 0.02,
  maxAssetExposureFraction: 0.3,
  maxTotalExposureFraction: 0.5,
  maxLeverage: 2,
  dailyLossFraction: 0.05,
  drawdownReduceFraction: 0.1,
  drawdownPauseFraction: 0.15,
  drawdownLockFraction: 0.2,
  minRewardRisk: 1.5,
  /** REDUCED (drawdown above the first tier) halves position sizes */
  reducedSizeMultiplier: 0.5,
  /**
   * A drawdown pause lasts at least this long; then trading resumes at half size with
   * the pause tier re-measured from the equity at resumption (the lock stays measured
   * from the true peak). Without it a flat account could never leave PAUSED.
   */
  pauseCooldownHours: 72,
});

export interface RiskLimits {
  riskPerTradeFraction: number;
  maxAssetExposureFraction: number;
  maxTotalExposureFraction: number;
  maxLeverage: number;
  dailyLossFraction: number;
  drawdownReduceFraction: number;
  drawdownPauseFraction: number;
  drawdownLockFraction: number;
  minRewardRisk: number;
  pauseCooldownHours: number;
}

export const DEFAULT_LIMITS: Readonly<RiskLimits> = Object.freeze({
  riskPerTradeFraction: HARD_LIMITS.riskPerTradeFraction,
  maxAssetExposureFraction: HARD_LIMITS.maxAssetExposureFraction,
  maxTotalExposureFraction: HARD_LIMITS.maxTotalExposureFraction,
  maxLeverage: HARD_LIMITS.maxLeverage,
  dailyLossFraction: HARD_LIMITS.dailyLossFraction,
  drawdownReduceFraction: HARD_LIMITS.drawdownReduceFraction,
  drawdownPauseFraction: HARD_LIMITS.drawdownPauseFraction,
  drawdownLockFraction: HARD_LIMITS.drawdownLockFraction,
  minRewardRisk: HARD_LIMITS.minRewardRisk,
  pauseCooldownHours: HARD_LIMITS.pauseCooldownHours,
});
