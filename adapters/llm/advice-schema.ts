import { z } from 'zod';
import { clampAdjustment, type AdvicePolicy } from '@/domain/advisory/advice';

/**
 * The model's answer, after JSON.parse of choices[0].message.content. The text is
 * untrusted input: a bounded note, a finite number, nothing else kept (unknown keys
 * are dropped, so a model cannot smuggle a "size" or a "limit" through).
 */
export const modelAdviceSchema = z.object({
  note: z.string({ error: 'note: must be a string' }).max(500, 'note: at most 500 characters'),
  confidenceAdjustment: z.number({ error: 'confidenceAdjustment: must be a number' }).refine(Number.isFinite, 'confidenceAdjustment: must be finite'),
});
export type ModelAdvice = z.infer<typeof modelAdviceSchema>;

/** The envelope of an OpenAI-compatible chat completion, as far as we read it. */
export const chatCompletionSchema = z.object({
  choices: z.array(z.object({
    message: z.object({
      content: z.string({ error: 'choices[0].message.content: must be a string' }).nullable(),
      /** OpenAI's structured refusal: the model declined to answer */
      refusal: z.string().nullish(),
    }),
  })).min(1, 'choices: must hold at least one answer'),
});

// control characters other than newline and tab: a note is shown on the Journal page and written to logs
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export type ParsedAdvice =
  | { ok: true; note: string; requestedAdjustment: number; confidenceAdjustment: number }
  | { ok: false; reason: 'refused' | 'malformed'; problem: string };

/** A chat-completion response body (already JSON) → the advice, clamped to the policy; any deviation is a problem, never a throw. */
export function parseAdviceResponse(body: unknown, policy: AdvicePolicy): ParsedAdvice {
  const envelope = chatCompletionSchema.safeParse(body);
  if (!envelope.success) return { ok: false, reason: 'malformed', problem: envelope.error.issues[0]?.message ?? 'not a chat completion' };
  const message = envelope.data.choices[0]!.message;
  if (message.refusal || message.content === null) return { ok: false, reason: 'refused', problem: 'the model declined to answer' };
  let content: unknown;
  try {
    content = JSON.parse(message.content);
  } catch {
    return { ok: false, reason: 'malformed', problem: 'choices[0].message.content: not JSON' };
  }
  const advice = modelAdviceSchema.safeParse(content);
  if (!advice.success) return { ok: false, reason: 'malformed', problem: advice.error.issues[0]?.message ?? 'not an advice object' };
  const { note, confidenceAdjustment } = advice.data;
  return { ok: true, note: note.replace(CONTROL_CHARS, '').trim(), requestedAdjustment: confidenceAdjustment, confidenceAdjustment: clampAdjustment(confidenceAdjustment, policy) };
}
