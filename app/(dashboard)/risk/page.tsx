import { NotYet } from '@/components/ui/not-yet';

export default function Page() {
  return <NotYet title="Risk" what="Limits, their overrides (tighten only) and the live exposure against them." arrives="it arrives with the risk engine." />;
}
