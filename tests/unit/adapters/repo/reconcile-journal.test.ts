import { describe, expect, it } from 'vitest';
import { mergeNewestFirst, type ReconcileEntry } from '@/adapters/repo/reconcile-journal';

const j = (id: string, ms: number): ReconcileEntry => ({ source: 'journal', id, at: new Date(ms), symbol: null, message: id });
const a = (id: string, ms: number): ReconcileEntry => ({
  source: 'alert', id, at: new Date(ms), symbol: null, message: id, code: 'RECONCILE_CORRECTED', severity: 'WARNING', status: 'OPEN', occurrences: 1, firstSeenAt: new Date(ms),
});

describe('mergeNewestFirst', () => {
  it('interleaves by time, an alert before the journal entries of its millisecond, each list in its own order', () => {
    const merged = mergeNewestFirst([j('j3', 30), j('j2b', 20), j('j2a', 20), j('j1', 10)], [a('a4', 40), a('a2', 20), a('a0', 0)]);
    expect(merged.map((x) => x.id)).toEqual(['a4', 'j3', 'a2', 'j2b', 'j2a', 'j1', 'a0']);
  });

  it('takes either list alone', () => {
    expect(mergeNewestFirst([], [a('a1', 1)]).map((x) => x.id)).toEqual(['a1']);
    expect(mergeNewestFirst([j('j1', 1)], []).map((x) => x.id)).toEqual(['j1']);
    expect(mergeNewestFirst([], [])).toEqual([]);
  });
});
