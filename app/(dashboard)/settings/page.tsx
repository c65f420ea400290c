import { PageHeader } from '@/components/ui/card';
import { UsersAdmin } from '@/components/settings/users-admin';

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" subtitle="Users and roles. Exchange keys and alert channels arrive with live trading and monitoring." />
      <UsersAdmin />
    </>
  );
}
