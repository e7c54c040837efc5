import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthError, MemoryTokenStore, type TokenStore, TokenStoreError } from '@frameio-v4/auth-core';
import { FileTokenStore } from '@frameio-v4/auth-core/node';
import { afterEach, describe, expect, test } from 'vitest';
import { WebAppAuth } from '../src/index.js';
import {
  ALICE,
  BOB,
  caught,
  DAY_MS,
  REDIRECT_URI,
  signIn,
  useMockIms,
  webAppAuth,
  whoAmI,
} from './support.js';

const { startMock } = useMockIms();

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(
    directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

async function fileStore(): Promise<TokenStore> {
  const directory = await mkdtemp(join(tmpdir(), 'auth-webapp-'));
  directories.push(directory);
  return new FileTokenStore({ directory: join(directory, 'tokens') });
}

describe.each([
  ['MemoryTokenStore', async (): Promise<TokenStore> => new MemoryTokenStore()],
  ['FileTokenStore', fileStore],
])('two processes sharing a %s', (_name, makeStore) => {
  test('both refresh at once; the one IMS rejects (rotated token) recovers from the store', async () => {
    const mock = startMock();
    const store = await makeStore();
    // Two WebAppAuth instances on one store stand for two server processes.
    const first = webAppAuth(mock, { store });
    const second = webAppAuth(mock, { store });
    await signIn(first, first.forUser('u-1'), ALICE);
    expect(await whoAmI(mock, second.forUser('u-1'))).toBe(ALICE);
    mock.clock.advance(DAY_MS);

    const [a, b] = await Promise.all([first.forUser('u-1').getToken(), second.forUser('u-1').getToken()]);
    // Both sent their refresh with the same refresh token: IMS rotated it for one and rejected the other.
    expect(mock.state.tokenRequests.refresh_token).toBe(2);
    expect(a.token).toBe(b.token);
    const stored = await first.forUser('u-1').exportTokens();
    expect(stored?.accessToken).toBe(a.token);
    expect(await whoAmI(mock, first.forUser('u-1'))).toBe(ALICE);
    expect(await whoAmI(mock, second.forUser('u-1'))).toBe(ALICE);

    // The stored refresh token is the live one: the next refresh works.
    mock.clock.advance(DAY_MS);
    expect(await whoAmI(mock, second.forUser('u-1'))).toBe(ALICE);
    expect(mock.state.tokenRequests.refresh_token).toBe(3);
  });

  test('a process picks up the token another process refreshed, without a request of its own', async () => {
    const mock = startMock();
    const store = await makeStore();
    const first = webAppAuth(mock, { store });
    const second = webAppAuth(mock, { store });
    await signIn(first, first, BOB);
    mock.clock.advance(DAY_MS);
    await whoAmI(mock, first);
    expect(await whoAmI(mock, second)).toBe(BOB);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });
});

describe('records in the store', () => {
  test('forUser returns the same session object for the same key', () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    expect(auth.forUser('u-1')).toBe(auth.forUser('u-1'));
    expect(auth.forUser('u-1')).not.toBe(auth.forUser('u-2'));
  });

  test('the store key includes the client id and the user key', async () => {
    const mock = startMock();
    const store = new MemoryTokenStore();
    const auth = webAppAuth(mock, { store });
    await signIn(auth, auth.forUser('user:1'), ALICE);
    expect(auth.forUser('user:1').storeKey).toBe(
      `frameio-v4:auth-webapp:${mock.credentials.webApp.clientId}:user%3A1`,
    );
    expect(await store.get(auth.forUser('user:1').storeKey)).toMatchObject({ scopes: expect.any(Array) });
    const otherClient = new WebAppAuth({
      clientId: 'another-client',
      clientSecret: 'another-secret-value',
      redirectUri: REDIRECT_URI,
      store,
    });
    expect(await otherClient.forUser('user:1').isSignedIn()).toBe(false);
    expect(await auth.forUser('user').isSignedIn()).toBe(false);
  });

  test('a new sign-in replaces the previous one at once (no stale cached token)', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const session = auth.forUser('shared-device');
    await signIn(auth, session, ALICE);
    expect(await whoAmI(mock, session)).toBe(ALICE);
    await signIn(auth, session, BOB);
    expect(await whoAmI(mock, session)).toBe(BOB);
  });

  test('a store entry that is not a token record is a TokenStoreError that does not quote it', async () => {
    const mock = startMock();
    const store = new MemoryTokenStore();
    const auth = webAppAuth(mock, { store });
    await store.set(auth.forUser('u-1').storeKey, { token: 'some-other-shape-secret' });
    const error = await caught(() => auth.forUser('u-1').getToken());
    expect(error).toBeInstanceOf(TokenStoreError);
    expect(error).toMatchObject({ code: 'token_store_corrupt' });
    expect((error as Error).message).toMatch(/Sign the user in again/);
    expect((error as Error).message).not.toContain('some-other-shape-secret');
  });
});

describe('export / import', () => {
  test('round trip: tokens exported from one instance work (and refresh) in another', async () => {
    const mock = startMock();
    const source = webAppAuth(mock);
    await signIn(source, source.forUser('u-1'), BOB);
    const exported = await source.forUser('u-1').exportTokens();
    expect(exported).toMatchObject({
      version: 1,
      clientId: mock.credentials.webApp.clientId,
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresAt: expect.any(Number),
      obtainedAt: expect.any(Number),
    });
    // It must survive serialisation, e.g. into a database column.
    const moved = JSON.parse(JSON.stringify(exported));

    const target = webAppAuth(mock, { store: new MemoryTokenStore() });
    expect(await target.forUser('elsewhere').isSignedIn()).toBe(false);
    await target.forUser('elsewhere').importTokens(moved);
    expect(await target.forUser('elsewhere').exportTokens()).toEqual(exported);
    expect(await whoAmI(mock, target.forUser('elsewhere'))).toBe(BOB);
    mock.clock.advance(DAY_MS);
    expect(await whoAmI(mock, target.forUser('elsewhere'))).toBe(BOB);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });

  test('exportTokens is undefined when not signed in', async () => {
    const mock = startMock();
    expect(await webAppAuth(mock).exportTokens()).toBeUndefined();
  });

  test('importTokens validates: bad fields are named (not quoted); another client is refused', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const noAccess = await caught(() =>
      auth.importTokens({ refreshToken: 'refresh-secret-value' } as unknown as { accessToken: string }),
    );
    expect(noAccess).toBeInstanceOf(AuthError);
    expect(noAccess).toMatchObject({ code: 'invalid_tokens' });
    expect((noAccess as Error).message).toContain('accessToken must be a non-empty string');
    expect((noAccess as Error).message).not.toContain('refresh-secret-value');

    const badExpiry = await caught(() =>
      auth.importTokens({ accessToken: 'access-secret-value', expiresAt: 'tomorrow' as unknown as number }),
    );
    expect((badExpiry as Error).message).toContain('expiresAt must be a number');
    expect((badExpiry as Error).message).not.toContain('access-secret-value');

    const foreign = await caught(() =>
      auth.importTokens({ accessToken: 'access-secret-value', clientId: 'someone-else' }),
    );
    expect((foreign as Error).message).toMatch(/issued to client "someone-else"/);
    expect(await auth.isSignedIn()).toBe(false);
  });

  test('imported tokens obtained elsewhere get defaults and are used as they are', async () => {
    const mock = startMock();
    const token = await mock.issueAccessToken({
      clientId: mock.credentials.webApp.clientId,
      userId: ALICE,
      scopes: 'openid profile email',
    });
    const auth = webAppAuth(mock);
    await auth.importTokens({ accessToken: token, expiresAt: mock.clock.now() + DAY_MS });
    expect(await auth.exportTokens()).toMatchObject({
      accessToken: token,
      obtainedAt: mock.clock.now(),
      scopes: [...auth.scopes],
    });
    expect(await whoAmI(mock, auth)).toBe(ALICE);
  });
});
