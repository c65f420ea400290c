import { z } from 'zod';
import { stepsResult } from './command-payloads';

/**
 * Payloads and results of the emergency commands (web or worker → worker), parsed again
 * by the worker: the JSON column is a boundary.
 */
const reason = z.string().trim().min(10, 'reason: at least 10 characters: say what is happening').max(1000, 'reason: at most 1000 characters');

export const emergencyStopPayload = z.object({
  reason,
  requestedBy: z.string(),
  /** close every open position too (exit reason SAFE_MODE); otherwise positions keep their stops */
  isCloseAll: z.boolean(),
});
export type EmergencyStopPayload = z.infer<typeof emergencyStopPayload>;

/** The extreme mode size multiplier: a fraction in (0, 1], so the mode can only shrink sizes. */
export const extremeSizeMultiplier = z.number({ error: 'sizeMultiplier: a number from 0.05 to 1' })
  .min(0.05, 'sizeMultiplier: at least 0.05').max(1, 'sizeMultiplier: at most 1 (extreme mode never raises sizes)');

export const extremeModePayload = z.object({
  on: z.boolean(),
  reason,
  requestedBy: z.string(),
  /** absent: the worker's EXTREME_SIZE_MULTIPLIER */
  sizeMultiplier: extremeSizeMultiplier.optional(),
});
export type ExtremeModePayload = z.infer<typeof extremeModePayload>;

/** CANCEL_ALL_ORDERS and CLOSE_ALL_POSITIONS: who asked and why. */
export const operatorRequestPayload = z.object({ reason, requestedBy: z.string() });
export type OperatorRequestPayload = z.infer<typeof operatorRequestPayload>;

/** The steps of an emergency stop as the worker reports them on the command row (the Emergency page shows them). */
export const emergencyStopResult = stepsResult(['safe_mode', 'cancel_orders', 'close_positions']);
export type EmergencyStopResult = z.infer<typeof emergencyStopResult>;
