import { z } from 'zod';

/** Payloads of web → worker control commands, parsed again by the worker (JSON column boundary). */
export const safeModePayload = z.object({ isOn: z.boolean(), isCloseAll: z.boolean(), reason: z.string().nullable() });
export type SafeModePayload = z.infer<typeof safeModePayload>;

export const resetLockPayload = z.object({ reason: z.string().trim().min(10, 'a written reason of at least 10 characters is required'), requestedBy: z.string() });
export type ResetLockPayload = z.infer<typeof resetLockPayload>;

export const closePositionPayload = z.object({
  positionId: z.uuid('must be a position id'),
  reason: z.string().trim().max(500).nullable(),
  requestedBy: z.string(),
});
export type ClosePositionPayload = z.infer<typeof closePositionPayload>;

export const rollbackPayload = z.object({
  reason: z.string().trim().min(10, 'reason: at least 10 characters: say what went wrong'),
  requestedBy: z.string(),
  /** the stage the operator saw as current: a rollback never steps down twice for one request */
  fromStageId: z.uuid(),
  /** requested by an automatic rollback trigger (the stage transition records it) */
  isAutomatic: z.boolean().optional(),
});
export type RollbackPayload = z.infer<typeof rollbackPayload>;

/** A multi-step command's report on its row: each step's status and what it did (the pages show them). */
export function stepsResult<const T extends readonly [string, ...string[]]>(steps: T) {
  return z.object({
    steps: z.array(z.object({
      step: z.enum(steps),
      status: z.enum(['done', 'skipped', 'in_progress']),
      detail: z.string(),
      positionIds: z.array(z.string()).optional(),
    })),
  });
}

/** The steps of a rollback as the worker reports them on the command row (the Stages page shows them). */
export const rollbackResult = stepsResult(['cancel_orders', 'close_positions', 'reduce_allocation']);
export type RollbackResult = z.infer<typeof rollbackResult>;
