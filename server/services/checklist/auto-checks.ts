import fs from 'node:fs';
import path from 'node:path';
import type { Tx } from '@/adapters/db/client';
import { listMigrationDirs } from '@/adapters/db/migration-dirs';
import type { ChecklistKey } from '@/domain/stages/checklist-items';
import type { AutoCheck, Criterion } from '@/domain/stages/promotion-gate';
import type { ServerEnv } from '@/adapters/config/env';
import { readJustification } from '@/server/services/llm/llm-justification';
import { checkLatestBackup } from './backup-check';

type Check = Omit<AutoCheck, 'checkedAt'>;
const verified = (evidence: string): Check => ({ status: 'verified', evidence });
const failed = (evidence: string): Check => ({ status: 'failed', evidence });

export interface AutoCheckContext {
  tx: Tx;
  account: { id: string; isSandbox: boolean };
  env: Pick<ServerEnv, 'TRADING_MODE' | 'CAPITAL_ALLOCATION' | 'EXCHANGE_SANDBOX' | 'LLM_ENABLED'>;
  /** the paper stage's criteria (stage 1's exit criteria over its own period) */
  paperCriteria: readonly Criterion[];
  root: string;
  now: Date;
}

/** The last comparison, kept while neither file changes: the Stages and Checklist pages poll every few seconds. */
let depsCache: { key: string; check: Check } | undefined;

/** node_modules/.package-lock.json (npm's record of what is installed) against package-lock.json. */
function dependencies(root: string): Check {
  let key: string;
  try {
    key = ['package-lock.json', 'node_modules/.package-lock.json'].map((f) => { const st = fs.statSync(path.join(root, f)); return `${st.mtimeMs}:${st.size}`; }).join('|');
  } catch {
    key = 'missing';
  }
  if (depsCache?.key !== key) depsCache = { key, check: compareLockfiles(root) };
  return depsCache.check;
}

function compareLockfiles(root: string): Check {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8')) as { packages?: Record<string, { version?: string; optional?: boolean; dev?: boolean }> };
  try {
    const want = read('package-lock.json').packages ?? {};
    const have = read('node_modules/.package-lock.json').packages ?? {};
    const missing = Object.entries(want).filter(([k, v]) => k !== '' && !v.optional && have[k]?.version !== v.version).map(([k]) => k.replace(/^node_modules\//, ''));
    const n = Object.keys(want).length - 1;
    return missing.length ? failed(`${missing.length} of ${n} locked packages missing or at another version (${missing.slice(0, 3).join(', ')}…): run npm ci`)
      : verified(`${n} locked packages installed at their locked versions`);
  } catch (e) {
    return failed(`cannot compare node_modules with package-lock.json: ${(e as Error).message}`);
  }
}

/** Off is fine; on needs an admin's written justification (Settings → LLM advisory), quoted in the evidence. */
async function llmCheck(tx: Tx, isEnabled: boolean): Promise<Check> {
  if (!isEnabled) return verified('LLM_ENABLED=false: the advisory is off');
  const j = await readJustification(tx);
  if (!j) return failed('LLM_ENABLED=true without a written justification: an admin writes one in Settings → LLM advisory');
  const quote = j.text.length > 120 ? `${j.text.slice(0, 120)}…` : j.text;
  return verified(`LLM_ENABLED=true, justified by ${j.by ?? 'an admin'} on ${j.at.toISOString()}: "${quote}"`);
}

async function backupCheck(tx: Tx, now: Date): Promise<Check> {
  const a = await checkLatestBackup(tx, now);
  return a.isOk ? verified(a.evidence) : failed(a.evidence);
}

/** The checklist items the system verifies itself, each with its evidence. */
export async function runAutoChecks(c: AutoCheckContext): Promise<Partial<Record<ChecklistKey, AutoCheck>>> {
  const major = Number(process.versions.node.split('.')[0]);
  const applied = await c.tx.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const dirs = listMigrationDirs(path.join(c.root, 'prisma', 'migrations'));
  const names = new Set(applied.map((r) => r.migration_name));
  const pending = dirs.filter((d) => !names.has(d));
  const credential = await c.tx.exchangeCredential.findFirst({ where: { accountId: c.account.id, status: 'ACTIVE' }, select: { keyLast4: true, verifiedAt: true, hasWithdrawPermission: true } });
  const keyIs = (what: string) => (credential ? `key …${credential.keyLast4}` : what);
  const canWithdraw = credential?.verifiedAt ? credential.hasWithdrawPermission : undefined;
  const unmet = c.paperCriteria.filter((x) => x.status !== 'met');
  const checks: Partial<Record<ChecklistKey, Check>> = {
    'env.runtime': major >= 20 ? verified(`Node ${process.version} on ${process.platform}/${process.arch}`) : failed(`Node ${process.version}: 20 or newer is required`),
    'env.dependencies': dependencies(c.root),
    'env.configured': verified(`environment parsed: TRADING_MODE=${c.env.TRADING_MODE}, CAPITAL_ALLOCATION=${c.env.CAPITAL_ALLOCATION}, EXCHANGE_SANDBOX=${c.env.EXCHANGE_SANDBOX}, LLM_ENABLED=${c.env.LLM_ENABLED}`),
    'env.credentials': !credential ? failed('no exchange credentials entered for this account (Settings)')
      : credential.verifiedAt ? verified(`${keyIs('')} authenticated against the exchange on ${credential.verifiedAt.toISOString()}`)
        : failed(`${keyIs('')} is stored but not verified: Settings → Verify key`),
    'env.llm': await llmCheck(c.tx, c.env.LLM_ENABLED),
    'env.database': pending.length ? failed(`${pending.length} migration(s) not applied: ${pending.join(', ')}`) : verified(`${dirs.length} of ${dirs.length} migrations applied (latest ${dirs.at(-1) ?? 'none'})`),
    'exchange.permissions': canWithdraw === undefined ? failed(`${keyIs('no key')}: its permissions are read when it is verified (Settings → Verify key)`)
      : canWithdraw === false ? verified(`${keyIs('')} cannot withdraw (read from the exchange's API-key restrictions)`)
        : failed(`${keyIs('')} CAN withdraw: replace it with a trade-only key`),
    'exchange.sandbox': c.account.isSandbox && c.env.EXCHANGE_SANDBOX ? verified('account on the sandbox and EXCHANGE_SANDBOX=true')
      : failed(`account sandbox ${c.account.isSandbox ? 'on' : 'off'}, EXCHANGE_SANDBOX=${c.env.EXCHANGE_SANDBOX}`),
    'exchange.withdrawals': canWithdraw === false ? verified(`${keyIs('')} has withdrawals disabled (API-key restrictions)`)
      : canWithdraw === true ? failed(`${keyIs('')} has withdrawals ENABLED`)
        : failed(`${keyIs('no key')}: withdrawal permission unknown until the key is verified`),
    'testing.paper': c.paperCriteria.length === 0 ? failed('the account has no paper stage to validate') : unmet.length === 0 ? verified(`paper criteria met: ${c.paperCriteria.map((x) => `${x.label} ${x.value}`).join('; ')}`)
      : failed(`paper criteria not met: ${unmet.map((x) => `${x.label} (${x.status === 'insufficient' ? `not enough data: ${x.sample}` : `${x.value}, needs ${x.threshold}`})`).join('; ')}`),
    'ops.backup': await backupCheck(c.tx, c.now),
  };
  return Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, { ...v, checkedAt: c.now }]));
}
