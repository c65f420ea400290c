import { procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { workersOverview, workersOverviewSchema } from '@/adapters/repo/workers';

/** The System page's "Workers and leases" and the Overview's worker line: workers, their leases, orphaned accounts, the job queue. */
export const getWorkers = procedure
  .output(workersOverviewSchema)
  .query(async ({ ctx }) => workersOverview(ctx.db, ctx.now(), serverEnv().HEARTBEAT_INTERVAL_MS));
