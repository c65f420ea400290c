import pg from 'pg';
import type { Logger } from '@/adapters/logging/logger';

/**
 * A dedicated connection that LISTENs on a channel and calls `onWake` for each
 * NOTIFY. When the connection drops (PostgreSQL restart, network), it reconnects with
 * backoff and calls `onWake` once connected again, since notifications sent while it
 * was away are lost: the caller then polls the table.
 */
export function startListener(connectionString: string, channel: string, log: Logger, onWake: (reason: string) => void) {
  let client: pg.Client | undefined;
  let isStopped = false;
  let backoffMs = 250;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (isStopped) return;
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: 5000, keepAlive: true });
    c.on('notification', (n) => { if (n.channel === channel) onWake(`notify:${n.payload ?? ''}`); });
    c.on('error', (err) => { log.warn({ component: 'listener', err: err.message }, 'listen connection error'); drop(c); });
    c.on('end', () => drop(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      client = c;
      log.info({ component: 'listener', channel }, 'listening');
      backoffMs = 250;
      onWake('listen-connected');
    } catch (err) {
      log.warn({ component: 'listener', err: (err as Error).message, retryInMs: backoffMs }, 'cannot listen yet');
      await c.end().catch(() => undefined);
      scheduleReconnect();
    }
  };
  const drop = (c: pg.Client) => {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => undefined);
    scheduleReconnect();
  };
  const scheduleReconnect = () => {
    if (isStopped || retry) return;
    retry = setTimeout(() => { retry = undefined; void connect(); }, backoffMs);
    backoffMs = Math.min(backoffMs * 2, 5000);
  };

  void connect();
  return {
    isConnected: () => client !== undefined,
    async stop() {
      isStopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
