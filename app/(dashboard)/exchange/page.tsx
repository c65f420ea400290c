import { ExchangePage } from '@/components/exchange/exchange-page';

export default function Page() {
  return <ExchangePage />;
}
