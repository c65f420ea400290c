import { StagesPage } from '@/components/stages/stages-page';

export default function Page() {
  return <StagesPage />;
}
