import { RiskPage } from '@/components/risk/risk-page';

export default function Page() {
  return <RiskPage />;
}
