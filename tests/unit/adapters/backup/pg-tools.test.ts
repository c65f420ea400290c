import { describe, expect, it } from 'vitest';
import { libpqConnection, toolFailure } from '@/adapters/backup/pg-tools';

describe('libpqConnection', () => {
  it('keeps the password out of the command line (PGPASSWORD) and drops Prisma-only parameters', () => {
    expect(libpqConnection('postgresql://sentinel:p%40ss%2Fw@db.internal:5433/app?schema=public&sslmode=require&connection_limit=5')).toEqual({
      dbname: 'postgresql://sentinel@db.internal:5433/app?sslmode=require', env: { PGPASSWORD: 'p@ss/w' },
    });
    expect(libpqConnection('postgres://me@127.0.0.1/app')).toEqual({ dbname: 'postgres://me@127.0.0.1/app', env: {} });
  });
});

describe('toolFailure', () => {
  it('names the exit code or signal and the last error lines', () => {
    expect(toolFailure('pg_dump', { code: 1, signal: null, stdout: '', stderr: 'pg_dump: error: connection failed\nFATAL: no such database\n' }))
      .toBe('pg_dump exited with code 1: pg_dump: error: connection failed | FATAL: no such database');
    expect(toolFailure('pg_restore', { code: null, signal: 'SIGTERM', stdout: '', stderr: '' })).toBe('pg_restore was stopped (SIGTERM)');
  });
});
