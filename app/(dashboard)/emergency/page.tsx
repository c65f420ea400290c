import { PageHeader } from '@/components/ui/card';
import { EmergencyPage } from '@/components/emergency/emergency-page';
import { loadRunbooks } from '@/server/services/emergency/runbooks';

export default async function Emergency() {
  const { runbooks, error } = await loadRunbooks();
  return (
    <>
      <PageHeader title="Emergency" subtitle="Who to call, each account's emergency state and controls, and the runbooks. The emergency stop is the red button at the top of every page." />
      <EmergencyPage runbooks={runbooks} runbooksError={error} />
    </>
  );
}
