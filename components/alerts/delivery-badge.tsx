import { Badge } from '@/components/ui/card';

const TONE = { SENT: 'ok', PENDING: 'warn', FAILED: 'bad' } as const;

/** A delivery's status; its attempts and last error on hover (and to screen readers). */
export function DeliveryBadge({ d, label }: { d: { status: keyof typeof TONE; attempts: number; lastError: string | null }; label?: string }) {
  const detail = `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.lastError ? `; last error: ${d.lastError}` : ''}`;
  return (
    <span title={detail} data-testid="delivery" data-status={d.status}>
      <Badge tone={TONE[d.status]}>{label ? `${label}: ` : ''}{d.status.toLowerCase()}</Badge>
      <span className="sr-only"> ({detail})</span>
    </span>
  );
}
