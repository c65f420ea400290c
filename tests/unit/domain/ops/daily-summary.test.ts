import { describe, expect, it } from 'vitest';
import { buildCompliance, summaryLine, type ApprovedDecision } from '@/domain/ops/compliance-report';
import { buildPerformance } from '@/domain/ops/daily-summary';
import { averageR } from '@/domain/metrics/average-r';
import { maxDrawdown } from '@/domain/metrics/max-drawdown';
import { profitFactor } from '@/domain/metrics/profit-factor';
import { RULE_IDS } from '@/domain/risk/types';

const H = 3_600_000;
const T0 = Date.parse('2026-11-24T23:00:00Z'); // 25 November 00:00 in Zurich

/** A day of fixture rows: opening equity the evening before, a dip to 9,700 at noon, closing at 10,150. */
const equity = [
  { t: T0 - 2 * H, equity: 10_000 }, { t: T0 + 6 * H, equity: 10_100 }, { t: T0 + 12 * H, equity: 9_700 }, { t: T0 + 24 * H, equity: 10_150 },
];
const closed = [
  { pnl: 120, rMultiple: 1.2, fees: 2, entryTime: T0 - 20 * H, exitTime: T0 + 3 * H },
  { pnl: -50, rMultiple: -0.5, fees: 1, entryTime: T0 + H, exitTime: T0 + 5 * H },
  { pnl: 80, rMultiple: 0.8, fees: 1.5, entryTime: T0 + 2 * H, exitTime: T0 + 9 * H },
  { pnl: 0, rMultiple: 0, fees: 0.5, entryTime: T0 + 4 * H, exitTime: T0 + 10 * H },
];
const fills = [
  { symbol: 'BTC/USDT', price: 100_000, fee: 1.5, feeCurrency: 'USDT' },
  { symbol: 'BTC/USDT', price: 100_000, fee: 0.00002, feeCurrency: 'BTC' },
  { symbol: 'ETH/USDT', price: 3_000, fee: 0.5, feeCurrency: null },
];

describe('buildPerformance', () => {
  it('the day in figures, with the backtest\'s own metric functions', () => {
    const p = buildPerformance({ quoteCurrency: 'USDT', equity, tradesOpened: 3, closed, fills });
    expect(p).toMatchObject({
      equityStart: 10_000, equityEnd: 10_150, pnl: 150, pnlPct: 0.015, realizedPnl: 150,
      tradesOpened: 3, tradesClosed: 4, wins: 2, losses: 1, winRate: 0.5, equitySamples: 4, quoteCurrency: 'USDT',
    });
    expect(p.avgR).toBeCloseTo(averageR(closed), 12);
    expect(p.profitFactor).toBeCloseTo(profitFactor(closed), 12);
    expect(p.maxIntradayDrawdown).toBeCloseTo(maxDrawdown(equity), 12);
    expect(p.maxIntradayDrawdown).toBeCloseTo(400 / 10_100, 12);
    // fees paid that day: 1.5 USDT + 0.00002 BTC at 100,000 (2 USDT) + 0.5 in the quote currency
    expect(p.fees).toBeCloseTo(4, 12);
  });

  it('a quiet day: no trades, no equity rows', () => {
    const p = buildPerformance({ quoteCurrency: 'USDT', equity: [], tradesOpened: 0, closed: [], fills: [] });
    expect(p).toMatchObject({ equityStart: null, equityEnd: null, pnl: null, pnlPct: null, tradesClosed: 0, winRate: 0, avgR: 0, profitFactor: 0, maxIntradayDrawdown: 0, fees: 0 });
  });

  it('only winners: the profit factor is unbounded, stored as null', () => {
    expect(buildPerformance({ quoteCurrency: 'USDT', equity, tradesOpened: 1, closed: [closed[0]!], fills: [] }).profitFactor).toBeNull();
  });
});

const approved = (id: string, checks: ApprovedDecision['checks'], hour = 1): ApprovedDecision =>
  ({ journalId: id, at: new Date(T0 + hour * H), symbol: 'BTC/USDT', strategy: 'ema_cross', checks });

describe('buildCompliance', () => {
  const report = buildCompliance({
    ruleIds: RULE_IDS,
    counts: [
      { outcome: 'APPROVED', rule: null, count: 5 },
      { outcome: 'REJECTED', rule: 'daily_loss', count: 2 },
      { outcome: 'REJECTED', rule: 'reward_risk', count: 1 },
      { outcome: 'SHRUNK', rule: 'exposure.asset', count: 3 },
      { outcome: null, rule: 'correlated', count: 4 },
    ],
    approved: [
      approved('11', [
        { rule: 'exposure.total', outcome: 'pass', input: 0.4, added: 0.06, threshold: 0.5 },
        { rule: 'daily_loss', outcome: 'pass', input: 0.01, added: 0, threshold: 0.05 },
        { rule: 'risk_per_trade', outcome: 'pass', input: 0.01, added: 0, threshold: 0.01 },
      ]),
      approved('12', [{ rule: 'exposure.total', outcome: 'pass', input: 0.45, added: 0.04, threshold: 0.5 }], 2),
      approved('13', [{ rule: 'daily_loss', outcome: 'pass', input: 0.048, added: 0, threshold: 0.05 }], 3),
    ],
    violations: [],
  });
  const row = (rule: string) => report.rules.find((r) => r.rule === rule)!;

  it('one row per rule the validator can name, with its rejections, shrinks and near-misses', () => {
    expect(report.rules.map((r) => r.rule)).toEqual([...RULE_IDS]);
    expect(row('daily_loss')).toEqual({ rule: 'daily_loss', rejections: 2, shrinks: 0, nearMisses: 1, minHeadroom: expect.closeTo(0.04, 12) });
    expect(row('exposure.asset')).toMatchObject({ shrinks: 3, rejections: 0, nearMisses: 0, minHeadroom: null });
    expect(row('exposure.total')).toMatchObject({ nearMisses: 2, minHeadroom: expect.closeTo(0.02, 12) });
    expect(row('risk_per_trade').nearMisses).toBe(0);
    expect(report.decisions).toEqual({ total: 15, approved: 5, shrunk: 3, rejected: 3, skipped: 4 });
  });

  it('lists the near-misses closest first, and is compliant without violations', () => {
    expect(report.nearMisses.map((n) => [n.journalId, n.rule])).toEqual([['12', 'exposure.total'], ['13', 'daily_loss'], ['11', 'exposure.total']]);
    expect(report.nearMissesTotal).toBe(3);
    expect(report).toMatchObject({ isCompliant: true, violations: { total: 0, items: [] }, nearMissHeadroom: 0.1 });
  });

  it('a violation makes the day non-compliant; a rule outside the list still gets its row; lists are capped', () => {
    const r = buildCompliance({
      ruleIds: RULE_IDS, maxListed: 1,
      counts: [{ outcome: 'REJECTED', rule: 'retired_rule', count: 1 }],
      approved: [approved('1', [{ rule: 'leverage', outcome: 'pass', input: 1.9, added: 0, threshold: 2 }]), approved('2', [{ rule: 'drawdown', outcome: 'pass', input: 0.149, added: 0, threshold: 0.15 }])],
      violations: [
        { id: 'v2', rule: 'stop.missing', message: 'open position without a stop', observedAt: new Date(T0 + 5 * H) },
        { id: 'v1', rule: 'exposure.total', message: 'total exposure 52% above the 50% cap', observedAt: new Date(T0 + 2 * H) },
      ],
    });
    expect(r.isCompliant).toBe(false);
    expect(r.violations.total).toBe(2);
    expect(r.violations.items.map((v) => v.id)).toEqual(['v1']);
    expect(r.nearMisses).toHaveLength(1);
    expect(r.nearMissesTotal).toBe(2);
    expect(r.rules.at(-1)).toMatchObject({ rule: 'retired_rule', rejections: 1 });
  });

  it('the summary line says the day in numbers', () => {
    const p = buildPerformance({ quoteCurrency: 'USDT', equity, tradesOpened: 3, closed, fills });
    expect(summaryLine({ accountName: 'paper', day: '2026-11-25', ...p, compliance: report }))
      .toBe('paper 2026-11-25: P&L +150.00 USDT (+1.50%), 4 trades closed (2 won); 3 rejections, 3 shrinks, 3 near-misses, 0 violations');
    const quiet = buildPerformance({ quoteCurrency: 'USDT', equity: [], tradesOpened: 0, closed: [], fills: [] });
    const empty = buildCompliance({ ruleIds: RULE_IDS, counts: [], approved: [], violations: [] });
    expect(summaryLine({ accountName: 'paper', day: '2026-11-25', ...quiet, compliance: empty }))
      .toBe('paper 2026-11-25: no equity recorded, 0 trades closed (0 won); 0 rejections, 0 shrinks, 0 near-misses, 0 violations');
  });
});
