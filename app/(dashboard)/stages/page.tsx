import { NotYet } from '@/components/ui/not-yet';

export default function Page() {
  return <NotYet title="Stages" what="Capital stages (paper 5% → live 10% → 25% → 100%), promotion and rollback behind gates." arrives="it arrives with the stage gates." />;
}
