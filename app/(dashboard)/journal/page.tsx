import { Suspense } from 'react';
import { JournalPage } from '@/components/journal/journal-page';

export default function Page() {
  // the filters live in the URL (useSearchParams), which needs a Suspense boundary
  return <Suspense><JournalPage /></Suspense>;
}
