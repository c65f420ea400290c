import { ChecklistPage } from '@/components/checklist/checklist-page';

export default function Page() {
  return <ChecklistPage />;
}
