import { PerformancePage } from '@/components/performance/performance-page';

export default function Page() {
  return <PerformancePage />;
}
