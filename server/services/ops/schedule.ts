import type { ServerEnv } from '@/adapters/config/env';

/** The operations time zone (OPS_TIME_ZONE, else DAY_TIME_ZONE) and the daily summary hour, as the worker reads them. */
export function opsSchedule(env: Pick<ServerEnv, 'OPS_TIME_ZONE' | 'DAY_TIME_ZONE' | 'DAILY_SUMMARY_HOUR'>) {
  return { timeZone: env.OPS_TIME_ZONE ?? env.DAY_TIME_ZONE, summaryHour: env.DAILY_SUMMARY_HOUR };
}
