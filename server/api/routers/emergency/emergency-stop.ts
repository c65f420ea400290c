import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { emergencyStopInput, requestEmergencyStop } from '@/server/services/emergency/request-emergency-stop';

/** Operator: emergency stop on every enabled account (or one); the worker applies it per account. */
export const emergencyStop = procedure
  .input(emergencyStopInput)
  .output(z.object({ requests: z.array(z.object({ accountId: z.string(), accountName: z.string(), commandId: z.string(), isDuplicate: z.boolean() })) }))
  .mutation(({ ctx, input }) => requestEmergencyStop(ctx.db, actorOf(ctx), input, ctx.now()));
