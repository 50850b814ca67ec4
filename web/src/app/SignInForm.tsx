import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { signIn } from '../api/auth';
import { problemsOf } from '../api/errors';
import { useMessages } from '../i18n/i18n';
import { appMessages } from './messages';

/** Email and password; used by the sign-in page and by the dialog shown when a session expires. */
export function SignInForm({ email: knownEmail }: { email?: string }) {
  const t = useMessages(appMessages);
  const [email, setEmail] = useState(knownEmail ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const error = await signIn(email.trim(), password);
    setBusy(false);
    if (!error) return;
    const [first] = problemsOf(error);
    if (first?.code === 'NETWORK') setProblem(t('networkError'));
    else if (first?.retryAfterSeconds) setProblem(t('retryAfter', { seconds: first.retryAfterSeconds }));
    else setProblem(first?.message ?? t('networkError'));
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <TextInput
          label={t('email')}
          type="email"
          autoComplete="username"
          dir="ltr"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <PasswordInput
          label={t('password')}
          autoComplete="current-password"
          dir="ltr"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" loading={busy}>
          {t('signIn')}
        </Button>
      </Stack>
    </form>
  );
}
