import { findPgTools, PG_CLIENT_PACKAGE, type PgTools } from '@/adapters/backup/pg-tools';
import { AppError } from '@/server/errors';
import { aptInstall } from './apt';

/**
 * pg_dump and pg_restore for backups and their tests: Debian's PostgreSQL 15 client,
 * installed when missing. A refusal (not root, apt failed) is an AppError, which the
 * admin commands print as a message rather than a stack.
 */
export function ensurePgClient(say: (s: string) => void): { tools: PgTools; isInstalled: boolean } {
  const present = findPgTools();
  if (present) return { tools: present, isInstalled: false };
  try {
    aptInstall([PG_CLIENT_PACKAGE], 'pg_dump/pg_restore (PostgreSQL 15 client)', say);
  } catch (e) {
    throw new AppError('PRECONDITION_FAILED', (e as Error).message);
  }
  const tools = findPgTools();
  if (!tools) throw new AppError('PRECONDITION_FAILED', `${PG_CLIENT_PACKAGE} was installed but pg_dump/pg_restore are still not found`);
  return { tools, isInstalled: true };
}
