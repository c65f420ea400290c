import { describe, expect, it } from 'vitest';
import { WORKER_STALE_AFTER_MS, workerLiveness } from '@/domain/workers/worker-liveness';

const now = new Date('2024-06-01T12:00:00.000Z');
const beatAgo = (ms: number) => new Date(now.getTime() - ms);

describe('workerLiveness', () => {
  it.each([
    [0, 'alive'],
    [WORKER_STALE_AFTER_MS - 1, 'alive'],
    [WORKER_STALE_AFTER_MS, 'alive'],
    [WORKER_STALE_AFTER_MS + 1, 'stale'],
    [3_600_000, 'stale'],
  ] as const)('last beat %i ms ago: %s', (ago, liveness) => {
    expect(workerLiveness({ lastBeatAt: beatAgo(ago), isStopping: false }, now)).toBe(liveness);
  });

  it('uses the threshold it is given, inclusive', () => {
    expect(workerLiveness({ lastBeatAt: beatAgo(500), isStopping: false }, now, 500)).toBe('alive');
    expect(workerLiveness({ lastBeatAt: beatAgo(501), isStopping: false }, now, 500)).toBe('stale');
  });

  it.each([0, WORKER_STALE_AFTER_MS + 1])('stopped wins over the beat age (%i ms)', (ago) => {
    expect(workerLiveness({ lastBeatAt: beatAgo(ago), isStopping: true }, now)).toBe('stopped');
  });
});
