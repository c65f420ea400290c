import { Badge } from '@/components/ui/card';
import type { RouterOutputs } from '@/components/providers/types';

type Venue = RouterOutputs['positions']['list']['orders'][number]['venue'];

/**
 * Where a position or order lives, next to its symbol: one account holds paper positions
 * (simulated fills of the replay) and, once the worker trades live, exchange ones whose
 * stops rest on the real exchange; the two must never be read as one another.
 */
export function VenueBadge({ venue }: { venue: Venue }) {
  return venue === 'EXCHANGE' ? <Badge tone="info" testId="venue-badge">exchange</Badge> : <Badge tone="muted" testId="venue-badge">paper</Badge>;
}
