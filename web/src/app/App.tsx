import {
  Anchor,
  AppShell,
  Burger,
  Center,
  Group,
  Loader,
  Modal,
  NavLink,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { signOut } from '../api/auth';
import { useSession } from '../api/useSession';
import { useMessages } from '../i18n/i18n';
import { StructurePage } from '../pages/structure/StructurePage';
import { LanguageSwitch } from './LanguageSwitch';
import { appMessages } from './messages';
import { SignInForm } from './SignInForm';

// Pages that carry heavy widgets (charts, date pickers) load when first visited.
const DashboardPage = lazy(() => import('../pages/dashboard/DashboardPage'));
const UnitPage = lazy(() => import('../pages/unit/UnitPage'));
const PersonPage = lazy(() => import('../pages/person/PersonPage'));
const RecordMeetingPage = lazy(() => import('../pages/meetings/RecordMeetingPage'));
const MeetingPage = lazy(() => import('../pages/meetings/MeetingPage'));

export function App() {
  const { session, expired } = useSession();
  const t = useMessages(appMessages);
  if (!session) return <SignInPage />;
  return (
    <>
      <Shell>
        <Suspense fallback={<PageLoader />}>
          <Switch>
            <Route path="/" component={StructurePage} />
            <Route path="/dashboard" component={DashboardPage} />
            <Route path="/units/:code" component={UnitPage} />
            <Route path="/people/:id" component={PersonPage} />
            <Route path="/meetings/new" component={RecordMeetingPage} />
            <Route path="/meetings/:id" component={MeetingPage} />
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Suspense>
      </Shell>
      {/* Over the page, not instead of it: whatever was being typed stays where it was. */}
      <Modal
        opened={expired}
        onClose={() => undefined}
        withCloseButton={false}
        title={t('sessionExpiredTitle')}
        centered
      >
        <Stack>
          <Text size="sm">{t('sessionExpiredText')}</Text>
          <SignInForm email={session.email} />
        </Stack>
      </Modal>
    </>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const t = useMessages(appMessages);
  const { session } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [location] = useLocation();
  const links = [
    { href: '/', label: t('navStructure') },
    { href: '/dashboard', label: t('navDashboard') },
    { href: '/meetings/new', label: t('navRecordMeeting') },
  ];
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('openNavigation')}
            />
            <Anchor component={Link} href="/" underline="never" c="inherit">
              <Title order={1} size="h3">
                {t('appName')}
              </Title>
            </Anchor>
          </Group>
          <LanguageSwitch />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('tagline')}>
        <Stack gap={4} style={{ flex: 1 }}>
          {links.map((link) => (
            <NavLink
              key={link.href}
              component={Link}
              href={link.href}
              label={link.label}
              active={link.href === '/' ? location === '/' : location.startsWith(link.href)}
              onClick={close}
            />
          ))}
          <NavLink component="a" href="/graphiql" label={t('navGraphiql')} />
        </Stack>
        <Stack gap={4}>
          <Text size="xs" c="gray.7" dir="ltr">
            {session?.email}
          </Text>
          <NavLink component="button" label={t('signOut')} onClick={() => void signOut()} />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}

function SignInPage() {
  const t = useMessages(appMessages);
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} component="main">
        <Stack>
          <Group justify="space-between" wrap="nowrap">
            <Title order={1} size="h2">
              {t('appName')}
            </Title>
            <LanguageSwitch />
          </Group>
          <Text c="dimmed">{t('tagline')}</Text>
          <Title order={2} size="h4">
            {t('signInTitle')}
          </Title>
          <SignInForm />
        </Stack>
      </Paper>
    </Center>
  );
}

export function PageLoader() {
  const t = useMessages(appMessages);
  return (
    <Center p="xl" aria-live="polite">
      <Loader aria-label={t('loading')} />
    </Center>
  );
}

function NotFound() {
  const t = useMessages(appMessages);
  return (
    <Stack>
      <Title order={2}>{t('notFound')}</Title>
      <Anchor component={Link} href="/">
        {t('backHome')}
      </Anchor>
    </Stack>
  );
}
