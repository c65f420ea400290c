import type { Db } from '@/adapters/db/client';
import { loadRiskInputs } from '@/adapters/repo/risk-inputs';
import { persistRiskState } from '@/adapters/repo/risk-state';
import { evaluateRiskState } from '@/domain/risk/evaluate-risk-state';

/**
 * MONITOR (risk part): re-evaluate the account's tiers and trading day against its
 * current equity, and persist what changed. Runs on every worker beat, and after every
 * fill or price update once the pipeline runs. `now` is the pipeline clock.
 */
export async function monitorRiskState(db: Db, accountId: string, now: Date, workerLabel: string) {
  return db.$transaction(async (tx) => {
    const { state, snapshot, limits, timeZone } = await loadRiskInputs(tx, accountId, {});
    const ev = evaluateRiskState(snapshot, state.equity, now, limits, timeZone);
    const isChanged = ev.events.length > 0 || ev.isNewDay || ev.peakEquity !== snapshot.peakEquity
      || ev.pauseAnchorEquity !== snapshot.pauseAnchorEquity || ev.pausedUntil?.getTime() !== snapshot.pausedUntil?.getTime();
    if (isChanged) await persistRiskState(tx, accountId, ev, ev.events, { label: workerLabel }, now);
    return ev;
  });
}
