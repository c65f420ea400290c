import Link from 'next/link';
import { Stat, StatLines } from '@/components/ui/card';
import { fmtAgo, fmtDuration } from '@/components/ui/format';
import { CONNECTIVITY_TONE, reconcileLine, type ExchangeView } from './exchange-text';

/**
 * The Overview's Exchange stat: connectivity and the last reconciliation, or in paper mode
 * that there is no exchange. Always three lines under the value, so a change of state or
 * an error appearing never moves anything below (CLS 0).
 */
export function ExchangeStat({ x, now }: { x: ExchangeView | null; now: Date }) {
  if (!x) {
    return <Stat label="Exchange" tone="info" testId="exchange-stat" value={<Link href="/exchange" className="stat-link">REPLAY</Link>}
      sub={<StatLines lines={['paper: replayed prices, no exchange', 'no connection to watch', 'nothing to reconcile']} />} />;
  }
  const tone = x.isReportStale && x.connectivity === 'UP' ? 'warn' : CONNECTIVITY_TONE[x.connectivity];
  const lastOk = x.lastSuccessAt ? `last OK ${fmtAgo(x.lastSuccessAt, now)}` : 'no successful call yet';
  return (
    <Stat label="Exchange" tone={tone} testId="exchange-stat" value={<Link href="/exchange" className="stat-link">{x.connectivity}</Link>}
      sub={<StatLines lines={[
        x.isReportStale ? `not current: worker report ${fmtAgo(x.reportedAt, now)}` : `for ${fmtDuration(x.connectivitySince, now)} · ${lastOk}`,
        x.lastError ? `error: ${x.lastError}` : 'no error',
        reconcileLine(x.reconcile, now),
      ]} />} />
  );
}
