import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { emergencyStopResult } from '@/domain/control/emergency-payloads';
import { loadEmergencyView } from '@/server/services/emergency/emergency-view';

const command = { id: z.string(), status: z.string(), requestedAt: z.date(), appliedAt: z.date().nullable(), requestedBy: z.string().nullable(), error: z.string().nullable() };
const step = emergencyStopResult.shape.steps.element.extend({ progress: z.object({ closed: z.number(), total: z.number() }).optional() });

/** Every account's emergency state: safe mode, extreme market mode, the last emergency stop (with its steps) and requests. */
export const getEmergency = procedure
  .output(z.object({
    accounts: z.array(z.object({
      id: z.string(), name: z.string(), kind: z.string(), exchange: z.string(), isEnabled: z.boolean(), isBackup: z.boolean(), tradingState: z.string(),
      pendingEntries: z.number(), openPositions: z.number(),
      safeMode: z.object({ desired: z.boolean(), applied: z.boolean(), reason: z.string().nullable(), appliedAt: z.date().nullable() }),
      extremeMode: z.object({ isOn: z.boolean(), sizeMultiplier: z.number().nullable(), reason: z.string().nullable(), since: z.date().nullable(), by: z.string().nullable() }),
      lastStop: z.object({ ...command, reason: z.string().nullable(), isCloseAll: z.boolean(), steps: z.array(step) }).nullable(),
      lastExtremeRequest: z.object({ ...command, isOn: z.boolean().nullable(), note: z.string().nullable() }).nullable(),
      lastCancel: z.object({ ...command, reason: z.string().nullable(), detail: z.string().nullable() }).nullable(),
    })),
  }))
  .query(async ({ ctx }) => ({
    accounts: await ctx.db.$transaction((tx) => loadEmergencyView(tx), { isolationLevel: 'RepeatableRead' }),
  }));
