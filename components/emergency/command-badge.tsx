import { Badge } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';

/** A control command's state: waiting for the worker, applied (when), or failed (why). */
export function CommandBadge({ c }: { c: { status: string; appliedAt: Date | null; error: string | null } }) {
  if (c.status === 'PENDING') return <Badge tone="warn">waiting for the worker…</Badge>;
  if (c.status === 'APPLIED') return <Badge tone="ok">applied {fmtTime(c.appliedAt)}</Badge>;
  return <Badge tone="bad">failed: {c.error}</Badge>;
}
