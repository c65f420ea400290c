import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { readJustification } from '@/server/services/llm/llm-justification';

/** Everyone signed in: whether the advisory is on (LLM_ENABLED) and the written justification for it, with who and when. */
export const getLlmAdvisory = procedure
  .output(z.object({ isEnabled: z.boolean(), justification: z.object({ text: z.string(), by: z.string().nullable(), at: z.date() }).nullable() }))
  .query(async ({ ctx }) => ({ isEnabled: serverEnv().LLM_ENABLED, justification: await readJustification(ctx.db) }));
