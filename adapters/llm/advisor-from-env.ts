import type { WorkerEnv } from '@/adapters/config/env';
import type { Logger } from '@/adapters/logging/logger';
import { advicePolicy } from '@/domain/advisory/advice';
import { createLlmAdvisor, type LlmAdvisor } from './openai-compatible';

/** The worker's LLM advisor, or undefined with LLM_ENABLED=false (the env parser already required the endpoint, model and key when true). */
export function advisorFromEnv(env: WorkerEnv, log: Logger): LlmAdvisor | undefined {
  if (!env.LLM_ENABLED || !env.LLM_BASE_URL || !env.LLM_MODEL || !env.LLM_API_KEY) return undefined;
  const policy = advicePolicy({ minAdjustment: env.LLM_MIN_ADJUSTMENT, maxAdjustment: env.LLM_MAX_ADJUSTMENT, minScore: env.LLM_SKIP_BELOW_SCORE });
  return createLlmAdvisor({ baseUrl: env.LLM_BASE_URL, model: env.LLM_MODEL, apiKey: env.LLM_API_KEY, timeoutMs: env.LLM_TIMEOUT_MS, policy }, { log });
}
