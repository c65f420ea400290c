'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtPct, fmtShortTime } from '@/components/ui/format';

/**
 * The risk signals beside the limits: the losing streak (a warning above the threshold) and
 * each stored market's volatility percentile, the high-volatility rule's own measure (the
 * 14-candle mean true range ranked among its last 500 values).
 */
export function RiskSignals({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.risk.signals.queryOptions({ accountId }, { refetchInterval: 10_000 }));
  const s = q.data;
  return (
    <Card title="Losing streak and market volatility" testId="risk-signals">
      <ErrorNote error={q.error} />
      {!s ? <p className="muted">{q.isPending ? 'Loading…' : ''}</p> : (
        <>
          <p data-testid="consecutive-losses">
            <strong className={s.consecutiveLosses > s.maxConsecutiveLosses ? 'tone-text-warn' : undefined}>
              {s.consecutiveLosses}{s.isStreakCapped ? '+' : ''} consecutive {s.consecutiveLosses === 1 ? 'loss' : 'losses'}
            </strong>
            <span className="muted"> · a warning above {s.maxConsecutiveLosses}</span>
          </p>
          <p>
            {s.isHighVolatilityOpen ? <Badge tone="warn" testId="volatility-alert">high-volatility warning open</Badge> : <span className="muted">No high-volatility warning open.</span>}
          </p>
          {s.markets.length === 0 ? <p className="muted">No candles stored yet: each market's percentile appears once the worker has stored its first candles.</p> : (
            <div className="table-wrap"><table className="table" data-testid="volatility-table">
              <thead><tr><th>Market</th><th>Volatility percentile</th><th>Newest candle (UTC)</th></tr></thead>
              <tbody>
                {s.markets.map((m) => (
                  <tr key={`${m.symbol} ${m.timeframe}`} data-testid="volatility-row">
                    <td>{m.symbol} <span className="muted">{m.timeframe}</span></td>
                    <td>{m.percentile === null ? <span className="muted">too few candles yet ({m.candles})</span> : fmtPct(m.percentile, 0)}</td>
                    <td>{m.at ? fmtShortTime(new Date(m.at)) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          )}
        </>
      )}
    </Card>
  );
}
