import { NotYet } from '@/components/ui/not-yet';

export default function Page() {
  return <NotYet title="Checklist" what="The pre-deployment checklist with evidence." arrives="it arrives with the stage gates." />;
}
