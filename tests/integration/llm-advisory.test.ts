import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmAdvisor, type LlmAdvisor } from '@/adapters/llm/openai-compatible';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { advicePolicy } from '@/domain/advisory/advice';
import type { AdviceContext } from '@/domain/advisory/advice-context';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { runAutoChecks } from '@/server/services/checklist/auto-checks';
import { PaperRunner, type PaperOptions } from '@/worker/paper/paper-runner';
import { callerAs, seedUsers } from '../support/callers';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server';
import { createTestDb, type TestDb } from '../support/test-db';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HOUR = 3_600_000;
const FROM = Date.parse('2024-01-01T00:00:00Z');
const TO = Date.parse('2024-03-01T00:00:00Z');
const FILES = ['data/binance_BTCUSDT_1h.csv.gz', 'data/binance_ETHUSDT_1h.csv.gz'].map((f) => path.join(ROOT, f));
const CFG = defaultBacktestConfig({
  equity: 500, lockReviewHours: null,
  strategies: [{ name: 'ema_cross', params: { fast: 10, slow: 30, atrStop: 2, rewardRisk: 2 } }, { name: 'donchian_breakout', params: { entryPeriod: 24, exitPeriod: 12, atrStop: 2, rewardRisk: 2 } }],
});
const ctx: AdviceContext = { symbol: 'BTC/USDT', side: 'LONG', strategy: 'ema_cross', score: 1, regime: 'up', volatilityPercentile: 0.5, recentReturns: [0.001, -0.002], at: '2024-01-01T01:00:00.000Z' };
// generous: a time-out of 200 ms must end every call far inside 2 s on the slowest machine
const TIMEOUT_MS = 200;
const MARGIN_MS = 2000;

let llm: FakeLlmServer;
const advisor = (timeoutMs = TIMEOUT_MS): LlmAdvisor => createLlmAdvisor({ baseUrl: llm.url, model: 'fake-model', apiKey: 'sk-test-key', timeoutMs, policy: advicePolicy() });

beforeAll(async () => { llm = await startFakeLlmServer(); });
afterAll(async () => { await llm.close(); });

describe('LLM advisor against a local OpenAI-compatible server', () => {
  it('answer: the note and the clamped adjustment, the request in JSON mode with the context and the key as a bearer token', async () => {
    llm.mode = 'answer';
    llm.advice = { note: 'breakout on rising volume', confidenceAdjustment: 0.35 };
    const a = await advisor(5000).ask(ctx);
    expect(a).toMatchObject({ status: 'advice', note: 'breakout on rising volume', confidenceAdjustment: 0.2, requestedAdjustment: 0.35, model: 'fake-model' });
    const req = llm.requests.at(-1)!;
    expect(req.authorization).toBe('Bearer sk-test-key');
    expect(req.body).toMatchObject({ model: 'fake-model', response_format: { type: 'json_object' } });
  });

  it.each([
    ['garbage', 'malformed'],
    ['refuse', 'refused'],
    ['model_refusal', 'refused'],
  ] as const)('%s → no advice (%s), counted', async (mode, reason) => {
    llm.mode = mode;
    const a = advisor(5000);
    expect(await a.ask(ctx)).toMatchObject({ status: 'none', reason });
    expect(a.stats[reason]).toBe(1);
  });

  it('slow but inside the time-out: advice', async () => {
    llm.mode = 'slow';
    llm.slowMs = 50;
    expect(await advisor(5000).ask(ctx)).toMatchObject({ status: 'advice' });
  });

  it.each(['slow', 'hang'] as const)('%s past the time-out: no advice (timeout), well before the margin', async (mode) => {
    llm.mode = mode;
    llm.slowMs = 10_000;
    const started = performance.now();
    const a = advisor();
    expect(await a.ask(ctx)).toMatchObject({ status: 'none', reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(MARGIN_MS);
    expect(a.stats.timeout).toBe(1);
  });

  it('a closed port: no advice (unreachable)', async () => {
    const dead = createLlmAdvisor({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'k', timeoutMs: 1000, policy: advicePolicy() });
    expect(await dead.ask(ctx)).toMatchObject({ status: 'none' });
  });
});

describe('LLM advisory through the paper runner', () => {
  let t: TestDb;
  let accountId: string;
  beforeAll(async () => {
    t = await createTestDb('llm_paper');
    accountId = (await ensureBaseData(t.db, { now: new Date('2026-01-01T00:00:00Z'), capitalAllocationCap: 1 })).account.id;
  }, 60_000);
  afterAll(async () => { await t?.drop(); });

  const options = (a: LlmAdvisor): PaperOptions => ({
    accountId, exchange: 'binance', speed: 3600, start: new Date(FROM - 1), cfg: CFG, workerLabel: 'worker:test', maxStepsPerTick: 500, advisor: a,
    feed: { files: FILES, series: FILES.map((f) => loadCandlesCsv(f, { fromMs: FROM, toMs: TO })), timeframeMs: HOUR },
  });
  const decisions = () => t.db.journalEntry.findMany({ where: { accountId, kind: 'DECISION' }, orderBy: { id: 'asc' } });
  const advisoryOf = (d: { details: unknown }) => (d.details as { research?: { advisory?: Record<string, unknown> } }).research?.advisory;

  it('journals the advice with each decision, vetoes below the floor, and a hanging endpoint never stops trading', async () => {
    let wall = Date.parse('2026-01-01T00:00:00Z');
    const runner = await PaperRunner.open(t.db, options(advisor(5000)), new Date(wall));
    const tickUntil = async (r: PaperRunner, done: () => Promise<boolean>) => {
      for (let i = 0; i < 400 && !r.isDone && !(await done()); i++) {
        wall += 100_000;
        const started = performance.now();
        await r.tick(new Date(wall));
        // one advisory round per tick, each call bounded by the time-out
        expect(performance.now() - started).toBeLessThan(MARGIN_MS + 3000);
      }
    };

    // a model that takes 0.4 off every signal: below the 0.75 floor, each advised signal is skipped
    llm.mode = 'answer';
    llm.advice = { note: 'momentum fading', confidenceAdjustment: -0.4 };
    await tickUntil(runner, async () => (await decisions()).some((d) => d.rule === 'llm_advice'));
    const vetoed = (await decisions()).find((d) => d.rule === 'llm_advice')!;
    expect(vetoed.outcome).toBeNull();
    expect(advisoryOf(vetoed)).toMatchObject({ status: 'advice', note: 'momentum fading', confidenceAdjustment: -0.4, model: 'fake-model' });
    expect(await t.db.order.count({ where: { accountId, decisionId: vetoed.id } })).toBe(0);

    // a model that endorses: the decision goes to the validator as it would without advice, the note is journaled
    llm.advice = { note: 'clean breakout', confidenceAdjustment: 0.1 };
    await tickUntil(runner, async () => (await decisions()).some((d) => d.outcome !== null && advisoryOf(d)?.note === 'clean breakout'));
    const endorsed = (await decisions()).find((d) => d.outcome !== null && advisoryOf(d)?.note === 'clean breakout')!;
    expect(['APPROVED', 'SHRUNK', 'REJECTED']).toContain(endorsed.outcome);
    expect(advisoryOf(endorsed)).toMatchObject({ status: 'advice', confidenceAdjustment: 0.1 });

    // the endpoint hangs: every call times out, decisions go on without advice and entries are still ordered
    // (a worker restarted with the same endpoint: the replay resumes from the rows)
    llm.mode = 'hang';
    const hangRunner = await PaperRunner.open(t.db, options(advisor(TIMEOUT_MS)), new Date(wall));
    const ordersBefore = await t.db.order.count({ where: { accountId, purpose: 'ENTRY' } });
    await tickUntil(hangRunner, async () => (await t.db.order.count({ where: { accountId, purpose: 'ENTRY' } })) > ordersBefore);
    expect(await t.db.order.count({ where: { accountId, purpose: 'ENTRY' } })).toBeGreaterThan(ordersBefore);
    const timedOut = (await decisions()).filter((d) => advisoryOf(d)?.reason === 'timeout');
    expect(timedOut.length).toBeGreaterThan(0);
    expect(timedOut.some((d) => d.outcome === 'APPROVED' || d.outcome === 'SHRUNK')).toBe(true);
    expect(timedOut.every((d) => d.rule !== 'llm_advice')).toBe(true);
  }, 180_000);
});

describe('checklist env.llm and the written justification', () => {
  let t: TestDb;
  beforeAll(async () => { t = await createTestDb('llm_checklist'); }, 60_000);
  afterAll(async () => { await t?.drop(); });

  it('off is verified; on needs an admin\'s justification of 30+ characters, audited, quoted as evidence', async () => {
    const { account } = await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 });
    const users = await seedUsers(t.db);
    const check = (isEnabled: boolean) => t.db.$transaction(async (tx) => (await runAutoChecks({
      tx, account: { id: account.id, isSandbox: true }, env: { TRADING_MODE: 'paper', CAPITAL_ALLOCATION: 1, EXCHANGE_SANDBOX: true, LLM_ENABLED: isEnabled },
      paperCriteria: [], root: ROOT, now: new Date(),
    }))['env.llm']);
    expect(await check(false)).toMatchObject({ status: 'verified', evidence: 'LLM_ENABLED=false: the advisory is off' });
    expect(await check(true)).toMatchObject({ status: 'failed', evidence: expect.stringContaining('Settings → LLM advisory') });

    const admin = callerAs(t.db, users.ADMIN);
    await expect(admin.llm.setJustification({ justification: 'too short' })).rejects.toThrow(/justification: at least 30 characters/);
    await expect(callerAs(t.db, users.OPERATOR).llm.setJustification({ justification: 'x'.repeat(40) })).rejects.toThrow();
    const text = 'Notes reviewed weekly by the desk; gpt-4o-mini via the company proxy, key scoped to it.';
    await admin.llm.setJustification({ justification: text });
    const ok = await check(true);
    expect(ok).toMatchObject({ status: 'verified' });
    expect(ok!.evidence).toContain(users.ADMIN.email);
    expect(ok!.evidence).toContain('Notes reviewed weekly');
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'llm.justification.set' } });
    expect(audit).toMatchObject({ actorLabel: users.ADMIN.email, targetId: 'llm.justification' });
    expect(await callerAs(t.db, users.VIEWER).llm.get()).toMatchObject({ justification: { text, by: users.ADMIN.email } });
  }, 60_000);
});
