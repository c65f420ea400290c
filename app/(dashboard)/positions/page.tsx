import { PositionsPage } from '@/components/positions/positions-page';

export default function Page() {
  return <PositionsPage />;
}
