import { NotYet } from '@/components/ui/not-yet';

export default function Page() {
  return <NotYet title="Positions & orders" what="Open positions with entry, stop, target, unrealised P&L and R; open orders; closed trades." arrives="it arrives with the trading pipeline (paper and backtest)." />;
}
