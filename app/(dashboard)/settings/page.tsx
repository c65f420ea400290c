import { PageHeader } from '@/components/ui/card';
import { CredentialsAdmin } from '@/components/settings/credentials-admin';
import { UsersAdmin } from '@/components/settings/users-admin';
import { AlertChannelsAdmin } from '@/components/settings/alert-channels-admin';
import { EmergencyContactsAdmin } from '@/components/settings/emergency-contacts-admin';

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" subtitle="Users and roles, exchange keys, where the risk limits are configured, alert channels and emergency contacts." />
      <UsersAdmin />
      <div className="grid-2">
        <CredentialsAdmin />
        <AlertChannelsAdmin />
      </div>
      <EmergencyContactsAdmin />
    </>
  );
}
