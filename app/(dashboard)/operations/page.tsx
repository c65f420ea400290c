import { OperationsPage } from '@/components/operations/operations-page';

export default function Page() {
  return <OperationsPage />;
}
