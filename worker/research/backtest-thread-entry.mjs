// A worker thread's entry. Node 20 does not pass the parent's --import tsx hooks to a
// thread, and refuses a .ts entry, so the thread registers tsx itself, then loads the
// TypeScript. Works under `node --import tsx`, tsx and vitest alike.
import { register } from 'tsx/esm/api';

register();
await import('./backtest-thread.ts');
