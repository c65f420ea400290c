import { parentPort } from 'node:worker_threads';
import { CandleFileError } from '@/adapters/market-data/load-candles-csv';
import { backtestTaskSchema, runBacktestTask, type SeriesCache } from './backtest-task';

/** Messages between the pool and a thread. */
export type ThreadRequest = { taskId: number; task: unknown };
export type ThreadReply =
  | { taskId: number; ok: true; result: ReturnType<typeof runBacktestTask> }
  // a bad task or candle file fails the same way on every worker: not worth a retry
  | { taskId: number; ok: false; message: string; isPermanent: boolean };

const cache: SeriesCache = new Map();

function handle({ taskId, task }: ThreadRequest): ThreadReply {
  try {
    return { taskId, ok: true, result: runBacktestTask(backtestTaskSchema.parse(task), cache) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const isPermanent = e instanceof CandleFileError || err.name === 'ZodError' || err.code === 'ENOENT' || e instanceof RangeError || e instanceof TypeError;
    return { taskId, ok: false, message: err.message ?? String(e), isPermanent };
  }
}

parentPort?.on('message', (msg: ThreadRequest) => parentPort?.postMessage(handle(msg)));
