import { procedure } from '@/server/api/trpc';
import { readSystemView, systemView } from '@/server/services/system/system-view';

/** The System page: worker heartbeats and loop lag, the last hour per exchange endpoint, database latency, order success. */
export const getSystem = procedure
  .output(systemView)
  .query(async ({ ctx }) => readSystemView(ctx.db, ctx.now()));
