import fs from 'node:fs';
import path from 'node:path';
import type { RowCounts } from '@/domain/backup/backup-verification';
import { libpqConnection, requirePgTools, runPgTool, toolFailure } from './pg-tools';
import { countRows, withClient } from './row-counts';

export interface DumpResult { rowCounts: RowCounts; sizeBytes: number }

/**
 * pg_dump in custom format (-Fc) to `file`, with the rows per table counted in the very
 * snapshot the dump reads: a REPEATABLE READ transaction exports its snapshot, counts,
 * and stays open while pg_dump --snapshot reads the same one. So the counts match the
 * dump exactly even while the worker writes. `onSnapshot` runs once the snapshot is taken
 * and before the dump starts: what it writes is not in the dump. The dump goes to `<file>.partial` (mode
 * 600: it holds password hashes and encrypted keys), is fsynced, then renamed: a file
 * under its final name is always complete.
 */
export async function dumpDatabase(databaseUrl: string, file: string, o: { onSnapshot?: () => Promise<void>; signal?: AbortSignal } = {}): Promise<DumpResult> {
  const tools = requirePgTools();
  const partial = `${file}.partial`;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { dbname, env } = libpqConnection(databaseUrl);
  try {
    const rowCounts = await withClient(databaseUrl, async (c) => {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const snapshot = (await c.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot')).rows[0]!.snapshot;
        const counts = await countRows(c);
        await o.onSnapshot?.();
        const fd = fs.openSync(partial, 'w', 0o600);
        try {
          const r = await runPgTool(tools.pgDump, ['--format=custom', `--snapshot=${snapshot}`, '--no-password', `--dbname=${dbname}`], { env, stdoutFd: fd, signal: o.signal });
          if (r.code !== 0) throw new Error(toolFailure('pg_dump', r));
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        return counts;
      } finally {
        await c.query('ROLLBACK').catch(() => undefined);
      }
    });
    fs.renameSync(partial, file);
    syncDirectory(path.dirname(file));
    return { rowCounts, sizeBytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/** The rename itself survives a power cut only once its folder is synced. */
function syncDirectory(dir: string) {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
