import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReplayFeed, resolveReplayFiles } from '@/worker/paper/replay-feed';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('REPLAY_DATA', () => {
  it('expands dir/prefix*suffix patterns and lists, sorted and without repeats', () => {
    const files = resolveReplayFiles('data/*_1h.csv.gz, data/binance_BTCUSDT_1h.csv.gz', ROOT);
    expect(files).toHaveLength(12);
    expect(files.every((f) => f.endsWith('_1h.csv.gz'))).toBe(true);
    expect(resolveReplayFiles('data/binance_BTCUSDT_5m.csv.gz', ROOT)).toEqual([path.join(ROOT, 'data/binance_BTCUSDT_5m.csv.gz')]);
  });

  it('refuses a missing file, a pattern that matches nothing, and an empty list, naming the variable', () => {
    expect(() => resolveReplayFiles('data/nope.csv.gz', ROOT)).toThrow(/REPLAY_DATA: data\/nope.csv.gz does not exist/);
    expect(() => resolveReplayFiles('data/*_7h.csv.gz', ROOT)).toThrow(/REPLAY_DATA: no file matches data\/\*_7h.csv.gz/);
    expect(() => resolveReplayFiles(' , ', ROOT)).toThrow(/REPLAY_DATA names no file/);
  });

  it('refuses a feed that mixes timeframes, and reports a bad row by file and line', () => {
    expect(() => loadReplayFeed('data/binance_BTCUSDT_1h.csv.gz,data/binance_BTCUSDT_5m.csv.gz', ROOT)).toThrow(/mixes timeframes \(1h, 5m\)/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-'));
    fs.writeFileSync(path.join(dir, 'x_ABCUSDT_1h.csv'), 'timestamp_ms,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n1700003600000,1,oops,0.5,1.5,10\n');
    expect(() => loadReplayFeed(path.join(dir, 'x_ABCUSDT_1h.csv'), ROOT)).toThrow(/x_ABCUSDT_1h.csv: 1 bad row, nothing loaded:\n {2}line 3: high is not a number/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
