import { PageHeader } from '@/components/ui/card';
import { CredentialsAdmin } from '@/components/settings/credentials-admin';
import { UsersAdmin } from '@/components/settings/users-admin';

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" subtitle="Users and roles, exchange keys, and where the risk limits are configured. Alert channels arrive with monitoring." />
      <UsersAdmin />
      <CredentialsAdmin />
    </>
  );
}
