import { Title } from '@mantine/core';
import { useMessages } from '../../i18n/i18n';
import { appMessages } from '../../app/messages';

export default function DashboardPage() {
  const t = useMessages(appMessages);
  return <Title order={2}>{t('navDashboard')}</Title>;
}
