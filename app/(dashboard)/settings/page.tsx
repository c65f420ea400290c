import { PageHeader } from '@/components/ui/card';
import { CredentialsAdmin } from '@/components/settings/credentials-admin';
import { UsersAdmin } from '@/components/settings/users-admin';
import { TwoFactorSettings } from '@/components/settings/two-factor';
import { AlertChannelsAdmin } from '@/components/settings/alert-channels-admin';
import { EmergencyContactsAdmin } from '@/components/settings/emergency-contacts-admin';
import { LlmAdvisoryAdmin } from '@/components/settings/llm-advisory-admin';

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" subtitle="Users and roles, your two-factor authentication, exchange keys, where the risk limits are configured, alert channels and emergency contacts." />
      <UsersAdmin />
      <TwoFactorSettings />
      <div className="grid-2">
        <CredentialsAdmin />
        <AlertChannelsAdmin />
      </div>
      <EmergencyContactsAdmin />
      <LlmAdvisoryAdmin />
    </>
  );
}
