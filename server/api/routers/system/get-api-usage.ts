import { procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { apiAnomalyConfigFrom } from '@/domain/security/api-anomaly';
import { apiUsageView, readApiUsageView } from '@/server/services/system/api-usage-view';

/** The System page's "API usage per key": requests, orders, auth errors and rejections per account against their baseline. */
export const getApiUsage = procedure
  .output(apiUsageView)
  .query(async ({ ctx }) => readApiUsageView(ctx.db, ctx.now(), apiAnomalyConfigFrom(serverEnv())));
