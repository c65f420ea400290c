import { describe, expect, it } from 'vitest';
import { parseAdviceResponse } from '@/adapters/llm/advice-schema';
import { DEFAULT_ADVICE_POLICY } from '@/domain/advisory/advice';

const completion = (content: unknown) => ({ choices: [{ message: { content: typeof content === 'string' ? content : JSON.stringify(content) } }] });
const parse = (body: unknown) => parseAdviceResponse(body, DEFAULT_ADVICE_POLICY);

describe('the model\'s answer: zod, then the clamp', () => {
  it('accepts a note and an adjustment, clamped, and keeps what was asked', () => {
    expect(parse(completion({ note: 'looks fine', confidenceAdjustment: 0.9 }))).toEqual({ ok: true, note: 'looks fine', requestedAdjustment: 0.9, confidenceAdjustment: 0.2 });
    expect(parse(completion({ note: 'weak', confidenceAdjustment: -0.7 }))).toMatchObject({ ok: true, confidenceAdjustment: -0.5 });
  });

  it('drops extra keys: a model cannot pass a size or a limit through', () => {
    const r = parse(completion({ note: 'x', confidenceAdjustment: 0, quantity: 100, limits: { riskPerTrade: 1 } }));
    expect(r).toEqual({ ok: true, note: 'x', requestedAdjustment: 0, confidenceAdjustment: 0 });
  });

  it('strips control and bidi characters from the note', () => {
    expect(parse(completion({ note: 'a\u0007b\u202ec\nd', confidenceAdjustment: 0 }))).toMatchObject({ note: 'abc\nd' });
  });

  it.each([
    ['not a completion', { foo: 1 }, 'malformed'],
    ['no choices', { choices: [] }, 'malformed'],
    ['content not JSON', completion('Sure! {'), 'malformed'],
    ['note too long', completion({ note: 'x'.repeat(501), confidenceAdjustment: 0 }), 'malformed'],
    ['adjustment a string', completion({ note: 'x', confidenceAdjustment: '0.1' }), 'malformed'],
    ['adjustment missing', completion({ note: 'x' }), 'malformed'],
    ['model refusal', { choices: [{ message: { content: null, refusal: 'no' } }] }, 'refused'],
  ])('%s → no advice (%s)', (_, body, reason) => {
    expect(parse(body)).toMatchObject({ ok: false, reason });
  });

  it('names the field in its problem', () => {
    expect(parse(completion({ note: 'x'.repeat(501), confidenceAdjustment: 0 }))).toMatchObject({ problem: 'note: at most 500 characters' });
  });
});
