import { inspect } from 'node:util';
import { useMswServer } from '@frameio-v4/test-support/msw';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  type AccessToken,
  AuthError,
  ImsError,
  MemoryTokenStore,
  ReauthenticationRequiredError,
  type TokenStore,
  TokenStoreError,
  type UserTokenRecord,
  UserTokenSession,
  type UserTokenSessionOptions,
} from '../src/index.js';
import { deferred, manualClock, REVOKE_URL, TOKEN_URL } from './support.js';

const server = useMswServer();

const START = 1_700_000_000_000;
const LIFETIME_MS = 86_399_000;
const MINUTE = 60_000;
const REDIRECT_URI = 'https://app.example.com/callback';
const VERIFIER = 'verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG';
const PUBLIC_CLIENT = { clientId: 'spa-client', authMethod: 'none' } as const;
const WEB_CLIENT = {
  clientId: 'web-client',
  clientSecret: 'web-secret-0123456789',
  authMethod: 'client_secret_basic',
} as const;

interface Received {
  form: URLSearchParams;
  authorization: string | null;
}

/**
 * Adobe IMS's token and revoke endpoints, reduced to what a user session relies on: each code and refresh token
 * works once, and every grant issues `access-N-…` and (unless `refreshTokens` is false) a rotated `refresh-N-…`.
 */
function fakeIms(options: { refreshTokens?: boolean; scope?: string } = {}) {
  const { refreshTokens = true, scope = 'openid offline_access' } = options;
  let issued = 0;
  let codes = 0;
  const usedCodes = new Set<string>();
  const liveRefreshTokens = new Set<string>();
  const ims = {
    token: [] as Received[],
    revoke: [] as Received[],
    /** Answers refresh grants with this OAuth error instead. */
    refreshError: undefined as string | undefined,
    /** Answers refresh grants without a refresh_token. */
    keepRefreshToken: false,
    /** Awaited before a refresh grant is answered. */
    beforeRefreshAnswer: async (): Promise<void> => {},
    /** Called when a refresh grant was rejected with invalid_grant. */
    onRejectedRefresh: (): void => {},
    /** Awaited before a revocation is carried out. */
    beforeRevoke: async (): Promise<void> => {},
    /** The refresh tokens IMS would still accept: issued, and neither rotated nor revoked. */
    liveRefreshTokens: (): string[] => [...liveRefreshTokens],
    revokeStatus: 200,
    newCode: (): string => `code-${++codes}-0123456789`,
    grants: (): (string | null)[] => ims.token.map(({ form }) => form.get('grant_type')),
  };
  const invalidGrant = () =>
    HttpResponse.json({ error: 'invalid_grant', error_description: 'the grant is invalid' }, { status: 400 });
  const issue = (previousRefreshToken?: string) => {
    issued += 1;
    const body: Record<string, unknown> = {
      access_token: `access-${issued}-0123456789`,
      token_type: 'bearer',
      expires_in: LIFETIME_MS / 1000,
    };
    if (scope) body.scope = scope;
    if (refreshTokens && !(ims.keepRefreshToken && previousRefreshToken)) {
      const refreshToken = `refresh-${issued}-0123456789`;
      liveRefreshTokens.add(refreshToken);
      body.refresh_token = refreshToken;
    } else if (previousRefreshToken) {
      liveRefreshTokens.add(previousRefreshToken);
    }
    return HttpResponse.json(body);
  };
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      ims.token.push({ form, authorization: request.headers.get('authorization') });
      if (form.get('grant_type') === 'authorization_code') {
        const code = form.get('code') ?? '';
        if (usedCodes.has(code)) return invalidGrant();
        usedCodes.add(code);
        return issue();
      }
      const refreshToken = form.get('refresh_token') ?? '';
      if (ims.refreshError) return HttpResponse.json({ error: ims.refreshError }, { status: 400 });
      if (!liveRefreshTokens.delete(refreshToken)) {
        ims.onRejectedRefresh();
        return invalidGrant();
      }
      await ims.beforeRefreshAnswer();
      return issue(refreshToken);
    }),
    http.post(REVOKE_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      ims.revoke.push({ form, authorization: request.headers.get('authorization') });
      await ims.beforeRevoke();
      liveRefreshTokens.delete(form.get('token') ?? '');
      return new HttpResponse(null, { status: ims.revokeStatus });
    }),
  );
  return ims;
}

function newSession(clock: { now: () => number }, overrides: Partial<UserTokenSessionOptions> = {}) {
  return new UserTokenSession({
    client: PUBLIC_CLIENT,
    store: new MemoryTokenStore(),
    storeKey: 'app:spa-client:user-1',
    now: clock.now,
    retries: 0,
    ...overrides,
  });
}

function signIn(session: UserTokenSession, ims: ReturnType<typeof fakeIms>) {
  return session.exchangeCode({
    code: ims.newCode(),
    codeVerifier: VERIFIER,
    redirectUri: REDIRECT_URI,
    scopes: 'openid,offline_access',
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('UserTokenSession sign-in', () => {
  it('exchangeCode sends the code, verifier and redirect_uri as a public client and stores the record', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);

    const signedIn = await signIn(session, ims);

    expect(Object.fromEntries(ims.token[0]?.form ?? [])).toEqual({
      grant_type: 'authorization_code',
      client_id: 'spa-client',
      code: 'code-1-0123456789',
      code_verifier: VERIFIER,
      redirect_uri: REDIRECT_URI,
    });
    expect(ims.token[0]?.authorization).toBeNull();
    expect(signedIn).toEqual({
      scopes: ['openid', 'offline_access'],
      expiresAt: START + LIFETIME_MS,
      hasRefreshToken: true,
    });
    expect(await session.exportTokens()).toEqual({
      accessToken: 'access-1-0123456789',
      refreshToken: 'refresh-1-0123456789',
      scopes: ['openid', 'offline_access'],
      expiresAt: START + LIFETIME_MS,
      obtainedAt: START,
    });
    expect(await session.isSignedIn()).toBe(true);
    expect((await session.getToken()).token).toBe('access-1-0123456789');
    expect(ims.token).toHaveLength(1);
  });

  it('a confidential client authenticates with Basic; the requested scopes are kept when IMS names none', async () => {
    const ims = fakeIms({ scope: '' });
    const session = newSession(manualClock(START), { client: WEB_CLIENT });

    await session.exchangeCode({ code: ims.newCode(), redirectUri: REDIRECT_URI, scopes: 'openid email' });

    expect(ims.token[0]?.authorization).toBe(`Basic ${btoa('web-client:web-secret-0123456789')}`);
    expect(ims.token[0]?.form.has('code_verifier')).toBe(false);
    expect((await session.exportTokens())?.scopes).toEqual(['openid', 'email']);
  });

  it('refuses invalid options, naming them', () => {
    const clock = manualClock();
    expect(() => newSession(clock, { storeKey: '' })).toThrow(/storeKey must be a non-empty string/);
    expect(() => newSession(clock, { store: {} as TokenStore })).toThrow(/store must be a TokenStore/);
    expect(() => newSession(clock, { rotationGraceMs: -1 })).toThrow(/rotationGraceMs/);
    expect(() => newSession(clock, { storeFailures: 'ignore' as 'throw' })).toThrow(/storeFailures/);
    expect(() => newSession(clock, { imsBaseUrl: 'ims.example.com' })).toThrow(/imsBaseUrl/);
  });
});

describe('UserTokenSession renewal', () => {
  it('renews once for many concurrent callers inside the margin and keeps the rotated refresh token', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);
    await signIn(session, ims);

    clock.set(START + LIFETIME_MS - 4 * MINUTE);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => session.getToken()));
    expect(new Set(tokens.map((token) => token.token))).toEqual(new Set(['access-2-0123456789']));
    expect((await session.exportTokens())?.refreshToken).toBe('refresh-2-0123456789');

    clock.set(START + 2 * LIFETIME_MS);
    expect((await session.getToken()).token).toBe('access-3-0123456789');
    const refreshTokensSent = ims.token.slice(1).map(({ form }) => form.get('refresh_token'));
    expect(refreshTokensSent).toEqual(['refresh-1-0123456789', 'refresh-2-0123456789']);
  });

  it('keeps the old refresh token when IMS sends none back', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);
    await signIn(session, ims);
    ims.keepRefreshToken = true;

    clock.set(START + LIFETIME_MS);
    expect((await session.getToken()).token).toBe('access-2-0123456789');
    expect((await session.exportTokens())?.refreshToken).toBe('refresh-1-0123456789');
  });

  it('measures the margin from when the stored token was obtained, even by another process', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);
    await signIn(session, ims);
    // As if another process had stored a 60 s token at START: fresh for half its lifetime, until START + 30 s.
    clock.set(START + 20_000);
    const record = (await session.exportTokens()) as UserTokenRecord;
    await session.importTokens({ ...record, expiresAt: START + 60_000, obtainedAt: START });
    expect((await session.getToken()).token).toBe('access-1-0123456789');

    clock.set(START + 31_000);
    expect((await session.getToken()).token).toBe('access-2-0123456789');
    expect(ims.grants()).toEqual(['authorization_code', 'refresh_token']);
  });

  it('not signed in: ReauthenticationRequiredError not_signed_in, status 0, and no request', async () => {
    const ims = fakeIms();
    const error = await rejection(newSession(manualClock()).getToken());

    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({
      code: 'not_signed_in',
      error: 'not_signed_in',
      status: 0,
      retryable: false,
      endpoint: TOKEN_URL,
    });
    expect((error as Error).message).toMatch(/nobody is signed in.*Sign the user in/s);
    expect((error as Error).message).not.toMatch(/Adobe IMS .* failed/);
    expect(ims.token).toEqual([]);
  });

  it('signInRequiredError lets a flow word the error and pick its class', async () => {
    class FlowError extends ReauthenticationRequiredError {}
    const reasons: unknown[] = [];
    const session = newSession(manualClock(), {
      signInRequiredError: (reason, context) => {
        reasons.push([reason, context]);
        return new FlowError({
          error: reason,
          status: 0,
          endpoint: context.tokenEndpoint,
          message: 'Sign in.',
        });
      },
    });

    const error = await rejection(session.getToken());

    expect(error).toBeInstanceOf(FlowError);
    expect(error).toMatchObject({ code: 'not_signed_in', message: 'Sign in.' });
    expect(reasons).toEqual([['not_signed_in', { expiresAt: undefined, tokenEndpoint: TOKEN_URL }]]);
  });

  it('without a refresh token: the token serves until it expires (a 401 gets it back), then no_refresh_token', async () => {
    const ims = fakeIms({ refreshTokens: false });
    const clock = manualClock(START);
    const session = newSession(clock);
    expect((await signIn(session, ims)).hasRefreshToken).toBe(false);

    const token = await session.getToken();
    session.invalidate(token);
    expect(await session.getToken()).toEqual(token);

    clock.set(START + LIFETIME_MS);
    const error = await rejection(session.getToken());
    expect(error).toMatchObject({
      name: 'ReauthenticationRequiredError',
      code: 'no_refresh_token',
      status: 0,
    });
    expect((error as Error).message).toContain(new Date(START + LIFETIME_MS).toISOString());
    expect(await session.isSignedIn()).toBe(false);
    expect(ims.grants()).toEqual(['authorization_code']);
  });

  it('a refresh token IMS rejects deletes the record: invalid_grant, then not_signed_in', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock, { rotationGraceMs: 0 });
    await signIn(session, ims);
    await session.importTokens({
      ...(await session.exportTokens())!,
      refreshToken: 'refresh-revoked-0123456789',
    });

    clock.set(START + LIFETIME_MS);
    const error = await rejection(session.getToken());
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ error: 'invalid_grant', status: 400 });
    expect(await session.exportTokens()).toBeUndefined();
    expect(await rejection(session.getToken())).toMatchObject({ code: 'not_signed_in' });
    expect(ims.grants()).toEqual(['authorization_code', 'refresh_token']);
  });

  it('forceRefresh renews even while the stored token is fresh', async () => {
    const ims = fakeIms();
    const session = newSession(manualClock(START));
    await signIn(session, ims);

    expect((await session.getToken({ forceRefresh: true })).token).toBe('access-2-0123456789');
    expect(ims.grants()).toEqual(['authorization_code', 'refresh_token']);
  });

  it('refreshGrantRefused: dropRefreshToken keeps the access token until it expires; throw surfaces the error', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const store = new MemoryTokenStore();
    const dropping = newSession(clock, { store, refreshGrantRefused: 'dropRefreshToken' });
    await signIn(dropping, ims);
    const strict = newSession(clock, { store });
    ims.refreshError = 'unauthorized_client';

    clock.set(START + LIFETIME_MS - MINUTE);
    const strictError = await rejection(strict.getToken());
    expect(strictError).toBeInstanceOf(ImsError);
    expect(strictError).toMatchObject({ error: 'unauthorized_client' });
    expect((await strict.exportTokens())?.refreshToken).toBe('refresh-1-0123456789');

    expect((await dropping.getToken()).token).toBe('access-1-0123456789');
    expect((await dropping.exportTokens())?.refreshToken).toBeUndefined();
    clock.set(START + LIFETIME_MS);
    expect(await rejection(dropping.getToken())).toMatchObject({ code: 'no_refresh_token' });
    expect(ims.grants().filter((grant) => grant === 'refresh_token')).toHaveLength(2);
  });

  it('a renewal in flight when the user signs in again never overwrites the new sign-in', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);
    await signIn(session, ims);
    const refreshArrived = deferred<void>();
    const release = deferred<void>();
    ims.beforeRefreshAnswer = async () => {
      refreshArrived.resolve();
      await release.promise;
    };

    clock.set(START + LIFETIME_MS);
    const renewal = rejection(session.getToken());
    await refreshArrived.promise;
    await signIn(session, ims);
    release.resolve();

    expect(await renewal).toMatchObject({ code: 'token_cache_cleared' });
    expect((await session.exportTokens())?.accessToken).toBe('access-2-0123456789');
    expect((await session.getToken()).token).toBe('access-2-0123456789');
  });
});

describe('UserTokenSession across processes sharing a store', () => {
  it('after a 401, a different fresh token another process stored is used without a request', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const store = new MemoryTokenStore();
    const first = newSession(clock, { store });
    const second = newSession(clock, { store });
    await signIn(first, ims);
    const rejected = await second.getToken();
    await first.getToken({ forceRefresh: true });

    second.invalidate(rejected);
    expect((await second.getToken()).token).toBe('access-2-0123456789');
    expect(ims.grants()).toEqual(['authorization_code', 'refresh_token']);
  });

  /**
   * Two processes on one store, both holding the same expired token. The winner's refresh reaches IMS first,
   * but its write waits for `winnerWrites`, so the loser's refresh is rejected before the winner has written.
   * `race()` starts the winner, then the loser once IMS has accepted the winner's refresh.
   */
  async function rotationRace(loserOptions: Partial<UserTokenSessionOptions>) {
    const ims = fakeIms();
    const clock = manualClock(START);
    const store = new MemoryTokenStore();
    const winnerWrites = deferred<void>();
    let loserRejected = false;
    ims.onRejectedRefresh = () => {
      loserRejected = true;
    };
    const hooks = {
      /** Called after each store read of the loser once IMS has rejected its refresh. */
      afterRejectedRead: (): void => {},
    };
    const winner = newSession(clock, {
      store: {
        get: (key) => store.get(key),
        set: async (key, value) => {
          await winnerWrites.promise;
          await store.set(key, value);
        },
        delete: (key) => store.delete(key),
      },
    });
    const loser = newSession(clock, {
      store: {
        get: async (key) => {
          const value = await store.get(key);
          if (loserRejected) hooks.afterRejectedRead();
          return value;
        },
        set: (key, value) => store.set(key, value),
        delete: (key) => store.delete(key),
      },
      ...loserOptions,
    });
    await signIn(loser, ims);
    clock.set(START + LIFETIME_MS);
    const winnerRefreshed = deferred<void>();
    ims.beforeRefreshAnswer = async () => winnerRefreshed.resolve();
    const race = async () => {
      const winnerToken = winner.getToken();
      await winnerRefreshed.promise;
      return { winnerToken, loserToken: loser.getToken() };
    };
    return { ims, loser, winnerWrites, hooks, race };
  }

  it('rotation race: the process IMS rejects waits for the winner to write and uses its tokens', async () => {
    const { ims, loser, winnerWrites, hooks, race } = await rotationRace({});
    // The winner writes only after the loser has re-read the store and found no new tokens yet.
    hooks.afterRejectedRead = () => setTimeout(() => winnerWrites.resolve(), 0);

    const { winnerToken, loserToken } = await race();

    expect(await loserToken).toEqual(await winnerToken);
    expect(ims.grants()).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);
    expect((await loser.exportTokens())?.refreshToken).toBe('refresh-2-0123456789');
  });

  it('rotation race without a grace period: the loser must sign in, the winner keeps the user signed in', async () => {
    const { loser, winnerWrites, race } = await rotationRace({ rotationGraceMs: 0 });

    const { winnerToken, loserToken } = await race();
    const loserError = await rejection(loserToken);
    winnerWrites.resolve();

    expect(loserError).toMatchObject({ error: 'invalid_grant' });
    // Once the winner has written, the loser's next call uses its tokens.
    const { token } = await winnerToken;
    expect((await loser.getToken()).token).toBe(token);
  });
});

describe('UserTokenSession revoke', () => {
  it('revokes the refresh and access tokens with client authentication, then deletes the record', async () => {
    const ims = fakeIms();
    const session = newSession(manualClock(START), { client: WEB_CLIENT });
    await session.exchangeCode({ code: ims.newCode(), redirectUri: REDIRECT_URI, scopes: 'openid' });

    await session.revoke();

    expect(ims.revoke.map(({ form }) => Object.fromEntries(form))).toEqual([
      { token: 'refresh-1-0123456789', token_type_hint: 'refresh_token' },
      { token: 'access-1-0123456789', token_type_hint: 'access_token' },
    ]);
    expect(ims.revoke.every(({ authorization }) => authorization?.startsWith('Basic '))).toBe(true);
    expect(await session.isSignedIn()).toBe(false);
    expect(await rejection(session.getToken())).toMatchObject({ code: 'not_signed_in' });
  });

  it('skips an expired access token, and deletes the record even when IMS fails, then throws that error', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);
    await signIn(session, ims);
    ims.revokeStatus = 503;

    clock.set(START + LIFETIME_MS);
    const error = await rejection(session.revoke());

    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(ims.revoke.map(({ form }) => form.get('token_type_hint'))).toEqual(['refresh_token']);
    expect(await session.exportTokens()).toBeUndefined();
  });

  it('a renewal waiting for IMS when the user signs out: the rotated refresh token is revoked too', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);
    await signIn(session, ims);
    const refreshArrived = deferred<void>();
    const release = deferred<void>();
    ims.beforeRefreshAnswer = async () => {
      refreshArrived.resolve();
      await release.promise;
    };

    clock.set(START + LIFETIME_MS);
    const renewal = session.getToken().catch((error: unknown) => error);
    await refreshArrived.promise;
    // IMS has taken refresh-1 and is about to answer with refresh-2 when the user signs out.
    const signOut = session.revoke();
    await new Promise((resolve) => setImmediate(resolve));
    release.resolve();
    await signOut;
    await renewal;

    expect(ims.revoke.map(({ form }) => form.get('token'))).toContain('refresh-2-0123456789');
    expect(ims.liveRefreshTokens()).toEqual([]);
    expect(await session.exportTokens()).toBeUndefined();
  });

  it('a renewal writing its tokens when the user signs out: the tokens written are the ones revoked', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const store = new MemoryTokenStore();
    const writeStarted = deferred<void>();
    const releaseWrite = deferred<void>();
    let holdWrites = false;
    // A store whose write lands late (a file, a database): IMS has answered, the renewal is past every
    // cancellation point, and a read still returns the rotated-away refresh token.
    const slowStore: TokenStore = {
      get: (key) => store.get(key),
      delete: (key) => store.delete(key),
      set: async (key, value) => {
        if (holdWrites) {
          writeStarted.resolve();
          await releaseWrite.promise;
        }
        await store.set(key, value);
      },
    };
    const session = newSession(clock, { store: slowStore });
    await signIn(session, ims);

    holdWrites = true;
    clock.set(START + LIFETIME_MS);
    const renewal = session.getToken();
    await writeStarted.promise;
    const signOut = session.revoke();
    await new Promise((resolve) => setImmediate(resolve));
    releaseWrite.resolve();
    await signOut;

    expect((await renewal).token).toBe('access-2-0123456789');
    expect(ims.revoke.map(({ form }) => form.get('token'))).toEqual([
      'refresh-2-0123456789',
      'access-2-0123456789',
    ]);
    expect(ims.liveRefreshTokens()).toEqual([]);
    expect(await store.get('app:spa-client:user-1')).toBeUndefined();
  });

  it('a renewal started while the revocation is on its way: the tokens it got are revoked before the delete', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);
    await signIn(session, ims);
    clock.set(START + LIFETIME_MS);
    const revocationArrived = deferred<void>();
    const releaseRevocation = deferred<void>();
    ims.beforeRevoke = async () => {
      revocationArrived.resolve();
      await releaseRevocation.promise;
    };

    const signOut = session.revoke();
    await revocationArrived.promise;
    // IMS has not revoked refresh-1 yet, so this renewal rotates it to refresh-2.
    expect((await session.getToken()).token).toBe('access-2-0123456789');
    ims.beforeRevoke = async () => {};
    releaseRevocation.resolve();
    await signOut;

    expect(ims.revoke.map(({ form }) => form.get('token'))).toEqual([
      'refresh-1-0123456789',
      'refresh-2-0123456789',
      'access-2-0123456789',
    ]);
    expect(ims.liveRefreshTokens()).toEqual([]);
    expect(await session.exportTokens()).toBeUndefined();
  });

  it('an aborted sign-out stops waiting for a renewal that hangs: the record is deleted, the reason thrown', async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const session = newSession(clock);
    await signIn(session, ims);
    const refreshArrived = deferred<void>();
    ims.beforeRefreshAnswer = () => {
      refreshArrived.resolve();
      return new Promise<void>(() => {});
    };
    clock.set(START + LIFETIME_MS);
    const renewal = session.getToken().catch((error: unknown) => error);
    await refreshArrived.promise;

    const controller = new AbortController();
    const reason = new Error('the user closed the page');
    const signOut = rejection(session.revoke({ signal: controller.signal }));
    controller.abort(reason);

    expect(await signOut).toBe(reason);
    expect(await renewal).toMatchObject({ code: 'token_cache_cleared' });
    expect(await session.exportTokens()).toBeUndefined();
  });

  it('sends nothing when nobody is signed in', async () => {
    const ims = fakeIms();
    await newSession(manualClock()).revoke();
    expect(ims.revoke).toEqual([]);
  });
});

describe('UserTokenSession export and import', () => {
  it('exports a copy, and import validates without quoting the value', async () => {
    const ims = fakeIms();
    const session = newSession(manualClock(START));
    await signIn(session, ims);
    const exported = (await session.exportTokens()) as UserTokenRecord;
    exported.scopes.push('tampered');
    expect((await session.exportTokens())?.scopes).toEqual(['openid', 'offline_access']);

    const error = await rejection(
      session.importTokens({ accessToken: 'access-imported-0123456789' } as UserTokenRecord),
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'invalid_tokens' });
    expect((error as Error).message).not.toContain('access-imported-0123456789');

    const elsewhere = newSession(manualClock(START));
    await elsewhere.importTokens(JSON.parse(JSON.stringify(await session.exportTokens())));
    expect((await elsewhere.getToken()).token).toBe('access-1-0123456789');
    expect(ims.token).toHaveLength(1);
  });

  it('recordClientId stores the client ID and never uses a record of another client', async () => {
    const ims = fakeIms();
    const store = new MemoryTokenStore();
    const session = newSession(manualClock(START), { store, recordClientId: true });
    await signIn(session, ims);
    expect(await store.get('app:spa-client:user-1')).toMatchObject({ clientId: 'spa-client' });
    expect(await session.exportTokens()).not.toHaveProperty('clientId');

    const otherClient = newSession(manualClock(START), {
      store,
      client: { clientId: 'other-client', authMethod: 'none' },
    });
    const error = await rejection(otherClient.getToken());
    expect(error).toBeInstanceOf(TokenStoreError);
    expect(error).toMatchObject({ code: 'token_store_corrupt' });
    expect((error as Error).message).toMatch(
      /does not hold tokens of client "other-client".*Sign the user in/s,
    );
    expect((error as Error).message).not.toContain('access-1-0123456789');
  });
});

describe('UserTokenSession store failures', () => {
  /** A MemoryTokenStore that fails every operation while `failing` is set. */
  function flakyStore() {
    const inner = new MemoryTokenStore();
    const flaky = {
      failing: false,
      async get(key: string): Promise<unknown> {
        if (flaky.failing) throw new Error('storage unavailable (get)');
        return inner.get(key);
      },
      async set(key: string, value: unknown): Promise<void> {
        if (flaky.failing) throw new Error('storage unavailable (set)');
        await inner.set(key, value);
      },
      async delete(key: string): Promise<void> {
        if (flaky.failing) throw new Error('storage unavailable (delete)');
        await inner.delete(key);
      },
    };
    return flaky;
  }

  it("'throw' (default): a failing store fails getToken with its error", async () => {
    const ims = fakeIms();
    const store = flakyStore();
    const session = newSession(manualClock(START), { store });
    await signIn(session, ims);

    store.failing = true;
    await expect(session.getToken()).rejects.toThrow('storage unavailable (get)');
  });

  it("'tolerate': the tokens in memory serve, a renewal that cannot be written is kept, and both are reported", async () => {
    const ims = fakeIms();
    const clock = manualClock(START);
    const store = flakyStore();
    const reports: unknown[] = [];
    const session = newSession(clock, {
      store,
      storeFailures: 'tolerate',
      onStoreError: (error, context) => reports.push([(error as Error).message, context]),
    });
    await signIn(session, ims);

    store.failing = true;
    clock.set(START + LIFETIME_MS);
    expect((await session.getToken()).token).toBe('access-2-0123456789');
    expect((await session.exportTokens())?.refreshToken).toBe('refresh-2-0123456789');
    expect(reports).toContainEqual([
      'storage unavailable (set)',
      { operation: 'set', key: 'app:spa-client:user-1' },
    ]);
    expect(reports).toContainEqual([
      'storage unavailable (get)',
      { operation: 'get', key: 'app:spa-client:user-1' },
    ]);

    // Back online, the store still holds the older tokens: the newer ones in memory win.
    store.failing = false;
    expect((await session.exportTokens())?.accessToken).toBe('access-2-0123456789');
    expect(ims.grants()).toEqual(['authorization_code', 'refresh_token']);
  });

  it("'tolerate': an entry of another client is reported as token_store_invalid_value and ignored", async () => {
    const store = new MemoryTokenStore();
    await store.set('app:spa-client:user-1', {
      clientId: 'other-client',
      accessToken: 'access-x-0123456789',
    });
    const reports: unknown[] = [];
    const session = newSession(manualClock(START), {
      store,
      recordClientId: true,
      storeFailures: 'tolerate',
      onStoreError: (error) => reports.push(error),
    });

    expect(await rejection(session.getToken())).toMatchObject({ code: 'not_signed_in' });
    expect(reports[0]).toBeInstanceOf(TokenStoreError);
    expect(reports[0]).toMatchObject({ code: 'token_store_invalid_value' });
  });
});

describe('UserTokenSession redaction', () => {
  it('prints only { description, storeKey }, and its errors carry no token', async () => {
    const ims = fakeIms({ refreshTokens: true });
    const clock = manualClock(START);
    const session = newSession(clock, { description: 'MyFlow(spa-client)' });
    await signIn(session, ims);
    const record = (await session.exportTokens()) as UserTokenRecord;
    await session.importTokens({ ...record, refreshToken: undefined });
    clock.set(START + LIFETIME_MS);
    const error = await rejection(session.getToken());

    expect(JSON.parse(JSON.stringify(session))).toEqual({
      description: 'MyFlow(spa-client)',
      storeKey: 'app:spa-client:user-1',
    });
    const texts = [
      String(session),
      inspect(session, { showHidden: true }),
      String(error),
      JSON.stringify(error),
    ];
    for (const secret of [record.accessToken, record.refreshToken ?? '', VERIFIER]) {
      for (const text of texts) expect(text).not.toContain(secret);
    }
  });

  it('the access token handed out is a plain AccessToken', async () => {
    const ims = fakeIms();
    const session = newSession(manualClock(START));
    await signIn(session, ims);
    const token: AccessToken = await session.getToken();
    expect(token).toEqual({ token: 'access-1-0123456789', expiresAt: START + LIFETIME_MS });
  });
});
