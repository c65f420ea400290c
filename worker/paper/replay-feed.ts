import fs from 'node:fs';
import path from 'node:path';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import type { CandleSeries } from '@/domain/market/candle-series';
import { timeframeMs } from '@/domain/market/timeframes';
import type { MarketRules } from '@/domain/risk/types';


export interface ReplayFeed {
  files: string[];
  series: CandleSeries[];
  /** one timeframe for the whole feed: a candle closes timeframeMs after it opens */
  timeframeMs: number;
  /** the exchange's market rules per symbol (a feed from an exchange); absent: derived from the first price */
  rules?: Record<string, MarketRules & { priceTick: number }>;
}

/**
 * The candle files paper mode replays: REPLAY_DATA is a comma-separated list of files or
 * of `dir/prefix*suffix` patterns (one `*`, in the file name), relative to `root`. Every
 * file must exist, parse (a bad row names its file and line) and share one timeframe.
 */
export function resolveReplayFiles(spec: string, root: string): string[] {
  const files: string[] = [];
  for (const part of spec.split(',').map((x) => x.trim()).filter(Boolean)) {
    const abs = path.resolve(root, part);
    const name = path.basename(abs);
    if (!name.includes('*')) {
      if (!fs.existsSync(abs)) throw new Error(`REPLAY_DATA: ${part} does not exist`);
      files.push(abs);
      continue;
    }
    const [prefix, suffix] = name.split('*', 2) as [string, string];
    const dir = path.dirname(abs);
    const hits = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith(suffix) && f.length >= prefix.length + suffix.length).sort() : [];
    if (!hits.length) throw new Error(`REPLAY_DATA: no file matches ${part}`);
    files.push(...hits.map((f) => path.join(dir, f)));
  }
  if (!files.length) throw new Error('REPLAY_DATA names no file');
  return [...new Set(files)];
}

export function loadReplayFeed(spec: string, root: string): ReplayFeed {
  const files = resolveReplayFiles(spec, root);
  const series = files.map((f) => loadCandlesCsv(f));
  const frames = [...new Set(series.map((s) => s.timeframe))];
  if (frames.length !== 1) throw new Error(`REPLAY_DATA mixes timeframes (${frames.join(', ')}): replay one timeframe at a time`);
  return { files, series, timeframeMs: timeframeMs(frames[0]!, 'REPLAY_DATA') };
}
