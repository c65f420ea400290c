import { Badge, Card } from '@/components/ui/card';
import { fmtAgo, fmtDuration, fmtTime } from '@/components/ui/format';
import { CONNECTIVITY_MEANING, CONNECTIVITY_TONE, type ExchangeView } from './exchange-text';

/** The exchange's connectivity as the worker last reported it, and what to do when it is lost. */
export function ConnectivityCard({ x }: { x: ExchangeView }) {
  const now = x.serverTime;
  return (
    <Card title="Connectivity" testId="exchange-connectivity">
      <p className="connectivity-head">
        <Badge tone={CONNECTIVITY_TONE[x.connectivity]} testId="connectivity-state">{x.connectivity}</Badge>
        <span>for {fmtDuration(x.connectivitySince, now)}, since {fmtTime(x.connectivitySince)}</span>
      </p>
      <p className="muted">{CONNECTIVITY_MEANING[x.connectivity]}</p>
      {x.connectivity === 'LOST' && (
        <div className="callout-bad" role="note" data-testid="lost-guidance">
          <strong>What to do</strong>
          <ol>
            <li>Open positions stay protected: their stops rest on the exchange and trigger there even while we cannot reach it.</li>
            <li>Check the exchange&apos;s status page and this server&apos;s network; the last error below says what failed.</li>
            <li>If the outage lasts, consider the backup exchange: turn safe mode on first, then see the control panel guide (docs/dashboard.md).</li>
          </ol>
          <p className="muted small">Entries resume by themselves once the exchange answers and a reconciliation has run.</p>
        </div>
      )}
      <dl className="facts">
        <dt>Exchange</dt><dd className="mono">{x.exchangeUrl}</dd>
        <dt>Last successful call</dt>
        <dd data-testid="last-success">{x.lastSuccessAt ? `${fmtAgo(x.lastSuccessAt, now)} · ${fmtTime(x.lastSuccessAt)}` : 'none yet'}</dd>
        <dt>Last error</dt><dd data-testid="last-error" className={x.lastError ? 'tone-text-bad' : undefined}>{x.lastError ?? 'none since the last successful call'}</dd>
        <dt>Reported by the worker</dt>
        <dd>{fmtAgo(x.reportedAt, now)}{x.isReportStale && <> <Badge tone="warn">not current: is the worker running?</Badge></>}</dd>
      </dl>
    </Card>
  );
}
