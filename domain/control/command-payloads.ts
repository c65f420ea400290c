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
