import { Suspense } from 'react';
import { ReportsPage } from '@/components/reports/reports-page';

export default function Page() {
  // the selected report and account live in the URL (useSearchParams), which needs a Suspense boundary
  return <Suspense><ReportsPage /></Suspense>;
}
