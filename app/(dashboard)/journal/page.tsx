import { NotYet } from '@/components/ui/not-yet';

export default function Page() {
  return <NotYet title="Journal" what="Every decision with the risk engine's rule-by-rule explanation." arrives="it arrives with the risk engine and the trading pipeline." />;
}
