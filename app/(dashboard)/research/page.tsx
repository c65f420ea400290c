import { Suspense } from 'react';
import { ResearchPage } from '@/components/research/research-page';

export default function Page() {
  // the selected sweep lives in the URL (useSearchParams), which needs a Suspense boundary
  return <Suspense><ResearchPage /></Suspense>;
}
