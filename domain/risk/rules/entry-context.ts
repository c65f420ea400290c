import type { RiskLimits } from '../limits';
import type { AccountRiskState, EntryIntent, MarketRules } from '../types';

/** Figures every entry rule reads, computed once per validation. */
export interface EntryContext {
  intent: EntryIntent;
  state: AccountRiskState;
  market: MarketRules;
  limits: RiskLimits;
  equity: number;
  /** loss per unit if the stop is hit, fees on both legs included (rounded against the order) */
  perUnitRisk: number;
  /** notional of one unit at the entry price */
  unitNotional: number;
  drawdown: number;
  /** drawdown from the pause tier's high-water mark (the peak unless a pause cooled off) */
  pauseDrawdown: number;
  dayLoss: number;
  assetExposure: number;
  totalExposure: number;
  /** 0.5 while drawdown is above the first tier (or the state is REDUCED), else 1 */
  sizeMultiplier: number;
}
