import { NotYet } from '@/components/ui/not-yet';

export default function Page() {
  return <NotYet title="Performance" what="Equity curve, daily P&L, drawdown and per-strategy statistics." arrives="it arrives with the trading pipeline's metrics." />;
}
