import { z } from 'zod';

/** Payloads of web → worker control commands, parsed again by the worker (JSON column boundary). */
export const safeModePayload = z.object({ isOn: z.boolean(), isCloseAll: z.boolean(), reason: z.string().nullable() });
export type SafeModePayload = z.infer<typeof safeModePayload>;
