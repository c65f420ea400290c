import { Worker } from 'node:worker_threads';
import type { BacktestTask, BacktestTaskResult } from './backtest-task';
import type { ThreadReply } from './backtest-thread';

const ENTRY = new URL('./backtest-thread-entry.mjs', import.meta.url);

/** Why a task did not produce a result. `isPermanent`: it would fail the same way anywhere, so retrying is pointless. */
export class BacktestTaskError extends Error {
  constructor(message: string, readonly isPermanent: boolean) {
    super(message);
    this.name = 'BacktestTaskError';
  }
}
/** The pool was stopped while the task ran: the task was not finished, nothing is known about it. */
export class PoolStoppedError extends Error {
  constructor() {
    super('the backtest pool was stopped');
    this.name = 'PoolStoppedError';
  }
}

interface Slot { worker: Worker; busy?: { taskId: number; resolve: (r: BacktestTaskResult) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } }

/**
 * `size` worker threads, each computing one backtest at a time. The trading loops share
 * the worker's event loop, so a CPU-bound backtest never runs on it. A thread that dies
 * or overruns the time limit is replaced; its task fails (an overrun permanently, a
 * crash retryably: another worker may well finish it).
 */
export class BacktestPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: { task: BacktestTask; timeoutMs: number; resolve: (r: BacktestTaskResult) => void; reject: (e: Error) => void }[] = [];
  private nextTaskId = 1;
  private isStopped = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  run(task: BacktestTask, timeoutMs: number): Promise<BacktestTaskResult> {
    if (this.isStopped) return Promise.reject(new PoolStoppedError());
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, timeoutMs, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminate every thread; running and waiting tasks reject with PoolStoppedError. */
  async stop(): Promise<void> {
    this.isStopped = true;
    for (const w of this.waiting.splice(0)) w.reject(new PoolStoppedError());
    await Promise.all(this.slots.map(async (slot) => {
      this.settle(slot, (b) => b.reject(new PoolStoppedError()));
      await slot.worker.terminate();
    }));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(ENTRY) };
    slot.worker.on('message', (reply: ThreadReply) => {
      if (slot.busy?.taskId !== reply.taskId) return;
      this.settle(slot, (b) => (reply.ok ? b.resolve(reply.result) : b.reject(new BacktestTaskError(reply.message, reply.isPermanent))));
      this.dispatch();
    });
    slot.worker.on('error', (err) => this.replace(slot, new BacktestTaskError(`backtest thread crashed: ${err.message}`, false)));
    slot.worker.on('exit', (code) => this.replace(slot, new BacktestTaskError(`backtest thread exited with code ${code}`, false)));
    return slot;
  }

  private settle(slot: Slot, fn: (busy: NonNullable<Slot['busy']>) => void) {
    const busy = slot.busy;
    if (!busy) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    fn(busy);
  }

  private replace(slot: Slot, reason: Error) {
    if (this.isStopped) return;
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.settle(slot, (b) => b.reject(reason));
    slot.worker.removeAllListeners();
    // the replaced thread may still report its end; it has no task left to fail
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    this.slots[i] = this.spawn();
    this.dispatch();
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (slot.busy || !this.waiting.length) continue;
      const next = this.waiting.shift()!;
      const taskId = this.nextTaskId++;
      const timer = setTimeout(() => this.replace(slot, new BacktestTaskError(`the backtest exceeded its time limit of ${Math.round(next.timeoutMs / 1000)} s`, true)), next.timeoutMs);
      slot.busy = { taskId, resolve: next.resolve, reject: next.reject, timer };
      slot.worker.postMessage({ taskId, task: next.task });
    }
  }
}
