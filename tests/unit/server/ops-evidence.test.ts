import { describe, expect, it } from 'vitest';
import { evidenceLines, evidenceReportIds } from '@/server/services/ops/evidence';

describe('an automatic run\'s evidence as lines', () => {
  it('the daily report: one summary line per account, and the report ids to link', () => {
    const evidence = { reports: [
      { reportId: 'r1', accountId: 'a1', account: 'paper', day: '2026-03-29', summary: 'paper 2026-03-29: P&L +1.00 USDT' },
      { reportId: 'r2', accountId: 'a2', account: 'live', day: '2026-03-29', summary: 'live 2026-03-29: P&L -2.00 USDT' },
    ] };
    expect(evidenceLines(evidence)).toEqual(['paper 2026-03-29: P&L +1.00 USDT', 'live 2026-03-29: P&L -2.00 USDT']);
    expect(evidenceReportIds(evidence)).toEqual(['r1', 'r2']);
  });

  it('another task\'s evidence: its summary or message, else its plain fields', () => {
    expect(evidenceLines({ summary: 'backup sentinel_2026.dump verified (42 tables)' })).toEqual(['backup sentinel_2026.dump verified (42 tables)']);
    expect(evidenceLines({ fileName: 'x.dump', sizeBytes: 1024, rowCounts: { a: 1 }, isVerified: true })).toEqual(['fileName: x.dump', 'sizeBytes: 1024', 'isVerified: true']);
    expect(evidenceLines(null)).toEqual([]);
    expect(evidenceLines([1, 2])).toEqual([]);
    expect(evidenceReportIds({ summary: 'x' })).toEqual([]);
  });
});
