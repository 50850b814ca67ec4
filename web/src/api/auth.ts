import { graphql } from '../gql';
import { publicClient } from './client';
import { sessionStore } from './session';
import type { CombinedError } from 'urql';

const Login = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      refreshToken
      expiresAt
      account {
        id
        email
      }
    }
  }
`);

const Logout = graphql(`
  mutation Logout {
    logout
  }
`);

/** Signs in; the session is stored on success, the API's error is returned otherwise. */
export async function signIn(email: string, password: string): Promise<CombinedError | null> {
  const result = await publicClient
    .mutation(Login, { input: { email, password } }, { requestPolicy: 'network-only' })
    .toPromise();
  const payload = result.data?.login;
  if (!payload) return result.error ?? null;
  sessionStore.set({
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    expiresAt: payload.expiresAt,
    email: payload.account.email,
  });
  return null;
}

/** Ends the session on the server (its tokens stop working) and forgets it here. */
export async function signOut(): Promise<void> {
  const token = sessionStore.session?.accessToken;
  if (token) {
    await publicClient
      .mutation(Logout, {}, { fetchOptions: { headers: { authorization: `Bearer ${token}` } } })
      .toPromise()
      .catch(() => undefined);
  }
  sessionStore.clear();
}
