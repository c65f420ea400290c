import pg from 'pg';
import { parseArgs } from 'node:util';
import { createDb } from '@/adapters/db/client';
import { runLiveChaos } from '@/tools/chaos/live-chaos';
import { provisionTestPostgres, urlWithDb } from '@/tests/support/test-postgres';

/**
 * npm run chaos -- --kills 500 --seed 7 [--fault-p 0.04]
 * The live crash test, as long as you like: a database of its own (the embedded server, or
 * SENTINEL_TEST_PG_URL), the emulator on 127.0.0.1, the real worker killed with SIGKILL
 * `kills` times. Exits 1 on any violated invariant, printing each one.
 */
async function main() {
  const { values } = parseArgs({ options: { kills: { type: 'string', default: '30' }, seed: { type: 'string', default: String(Date.now() % 1e9) }, 'fault-p': { type: 'string', default: '0.04' } } });
  const kills = Number(values.kills);
  const seed = Number(values.seed);
  const faultP = Number(values['fault-p']);
  if (!Number.isInteger(kills) || kills < 1) throw new Error('--kills must be a whole number ≥ 1');
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  if (!(faultP >= 0 && faultP <= 1)) throw new Error('--fault-p must be a probability from 0 to 1');
  const server = await provisionTestPostgres((s) => process.stdout.write(`${s}\n`));
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const name = `chaos_${process.pid}`;
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(server.template)}`);
  const url = urlWithDb(server.adminUrl, name);
  const { db, close } = createDb(url, { max: 5 });
  const t0 = Date.now();
  let code = 0;
  try {
    process.stdout.write(`live chaos: ${kills} kills, seed ${seed}, fault probability ${faultP}\n`);
    const r = await runLiveChaos({ db, databaseUrl: url, kills, seed, faultP, log: (l) => process.stdout.write(`${l}\n`) });
    process.stdout.write(`\n${r.kills} kills survived in ${Math.round((Date.now() - t0) / 1000)} s: ${r.orders} orders, ${r.positions} positions (${r.closed} closed), ${r.candles} candle times\n`);
    for (const v of r.violations) process.stdout.write(`VIOLATION after kill ${v.afterKill}:\n  ${v.lines.join('\n  ')}\n`);
    if (r.violations.length) { process.stdout.write(`${r.violations.length} restart(s) with violations (seed ${seed})\n`); code = 1; } else process.stdout.write('every invariant held after every restart\n');
  } finally {
    await close();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
    await server.embedded?.stop();
  }
  process.exit(code);
}

main().catch((e) => { process.stderr.write(`chaos failed: ${(e as Error).stack ?? e}\n`); process.exit(1); });
