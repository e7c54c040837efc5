import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { useMswServer } from '@frameio-v4/test-support/msw';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  type AccessToken,
  accessTokenFromResponse,
  installSafeInspect,
  MemoryTokenStore,
  REDACTED,
  redact,
  requestImsToken,
  revokeImsToken,
  scrubSecrets,
  TokenCache,
} from '../src/index.js';
import { FileTokenStore } from '../src/node.js';
import { imsTokenEndpoint, REVOKE_URL, TOKEN_URL } from './support.js';

const server = useMswServer();

// `~ ( ) !` are left alone by encodeURIComponent but escaped in a form body, so both forms must be scrubbed.
const CLIENT_SECRET = 'p8e-Cl1ent+Secret/With=Chars 2468~(x)!';
const AUTH_CODE = 'eyJhbGciOiJSUzI1NiIsIng1dSI6ImltcyJ9.auth-code-0123456789';
// `~` is one of the unreserved characters a PKCE verifier may hold (RFC 7636 §4.1).
const CODE_VERIFIER = 'verifier-0123456789-abcdefghijklmnopqrstuvwxyz~ABCDEFG';
const REFRESH_TOKEN_VALUE = 'refresh-rt-9876543210-zyxwvutsrqponmlkjihgfedcba';
const ACCESS_TOKEN_VALUE = 'access-at-1357924680-THE-BEARER-TOKEN-VALUE';
const SECRETS = [CLIENT_SECRET, AUTH_CODE, CODE_VERIFIER, REFRESH_TOKEN_VALUE, ACCESS_TOKEN_VALUE];
/** A secret as a form body (URLSearchParams) carries it. */
const formEncoded = (secret: string): string => new URLSearchParams({ s: secret }).toString().slice(2);
const FORBIDDEN = [
  ...SECRETS,
  ...SECRETS.map(encodeURIComponent),
  ...SECRETS.map(formEncoded),
  btoa(`client:${encodeURIComponent(CLIENT_SECRET)}`),
  btoa(`client:${CLIENT_SECRET}`),
];

/** Every way a user might print a value. */
function renderings(value: unknown): Record<string, string> {
  const error = value instanceof Error ? value : undefined;
  return {
    string: String(value),
    template: `${value}`,
    json: JSON.stringify(value),
    inspect: inspect(value, { depth: 10, showHidden: true }),
    inspectPlain: inspect(value, { depth: 10, showHidden: true, customInspect: false }),
    message: error?.message ?? '',
    stack: error?.stack ?? '',
  };
}

function expectNoSecrets(value: unknown): void {
  for (const [how, text] of Object.entries(renderings(value))) {
    for (const secret of FORBIDDEN) {
      expect(text.includes(secret), `${how} contains a secret: ${text}`).toBe(false);
    }
  }
}

/** An IMS that echoes every secret it could have received: the worst case for redaction. */
const echoAllSecrets = [SECRETS, SECRETS.map(encodeURIComponent), SECRETS.map(formEncoded)]
  .map((forms) => forms.join(' | '))
  .join(' | ');

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const confidentialClient = {
  clientId: 'client',
  clientSecret: CLIENT_SECRET,
  authMethod: 'client_secret_post',
} as const;

describe('no secret in errors', () => {
  it.each([
    ['invalid_client', 401],
    ['invalid_grant', 400],
    ['invalid_request', 400],
    ['server_error', 500],
  ])('%s whose description echoes the secrets', async (error, status) => {
    server.use(
      imsTokenEndpoint(() => HttpResponse.json({ error, error_description: echoAllSecrets }, { status }))
        .handler,
    );

    const caught = await rejection(
      requestImsToken({
        grantType: 'authorization_code',
        client: confidentialClient,
        params: {
          code: AUTH_CODE,
          code_verifier: CODE_VERIFIER,
          refresh_token: REFRESH_TOKEN_VALUE,
          token: ACCESS_TOKEN_VALUE,
        },
        retries: 1,
        sleep: async () => undefined,
      }),
    );

    expect(String(caught)).toContain(REDACTED);
    expectNoSecrets(caught);
  });

  it('a non-JSON 502 page that echoes the secrets, after retries', async () => {
    server.use(
      imsTokenEndpoint(
        () =>
          new HttpResponse(`<html>${echoAllSecrets}</html>`, {
            status: 502,
            headers: { 'content-type': 'text/html' },
          }),
      ).handler,
    );
    const caught = await rejection(
      requestImsToken({
        grantType: 'refresh_token',
        client: { ...confidentialClient, authMethod: 'client_secret_basic' },
        params: {
          refresh_token: REFRESH_TOKEN_VALUE,
          code: AUTH_CODE,
          code_verifier: CODE_VERIFIER,
          token: ACCESS_TOKEN_VALUE,
        },
        sleep: async () => undefined,
      }),
    );
    expect(caught).toMatchObject({ attempts: 3 });
    expectNoSecrets(caught);
  });

  it('a 200 response that carries tokens but no access_token', async () => {
    server.use(
      imsTokenEndpoint(() =>
        HttpResponse.json({ accessToken: ACCESS_TOKEN_VALUE, refresh_token: REFRESH_TOKEN_VALUE }),
      ).handler,
    );
    expectNoSecrets(
      await rejection(requestImsToken({ grantType: 'client_credentials', client: confidentialClient })),
    );
  });

  it('network errors and timeouts', async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.error()));
    expectNoSecrets(
      await rejection(
        requestImsToken({ grantType: 'client_credentials', client: confidentialClient, retries: 0 }),
      ),
    );
    server.use(
      http.post(TOKEN_URL, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    expectNoSecrets(
      await rejection(
        requestImsToken({
          grantType: 'client_credentials',
          client: confidentialClient,
          retries: 0,
          timeoutMs: 20,
        }),
      ),
    );
  });

  it('a failed revocation that echoes the revoked token and the client secret', async () => {
    // Only what the request carried can be scrubbed, so IMS echoes only that.
    const echo = `token ${REFRESH_TOKEN_VALUE} secret ${encodeURIComponent(CLIENT_SECRET)} form ${formEncoded(CLIENT_SECRET)}`;
    server.use(
      http.post(REVOKE_URL, () =>
        HttpResponse.json({ error: 'invalid_request', error_description: echo }, { status: 400 }),
      ),
    );
    const caught = await rejection(
      revokeImsToken({ token: REFRESH_TOKEN_VALUE, client: confidentialClient }),
    );
    expect(String(caught)).toContain(`token ${REDACTED} secret ${REDACTED} form ${REDACTED}`);
    expectNoSecrets(caught);
  });

  it('a corrupt token file that holds a token', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'auth-core-secrets-'));
    try {
      const store = new FileTokenStore({ directory });
      await writeFile(store.pathFor('k'), `${ACCESS_TOKEN_VALUE} ${REFRESH_TOKEN_VALUE}`);
      expectNoSecrets(await rejection(store.get('k')));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('no secret in caches and stores', () => {
  it('a TokenCache holding a token fetched from IMS, and its store', async () => {
    server.use(
      imsTokenEndpoint(() =>
        HttpResponse.json({ access_token: ACCESS_TOKEN_VALUE, token_type: 'bearer', expires_in: 86399 }),
      ).handler,
    );
    const store = new MemoryTokenStore<AccessToken>();
    const cache = new TokenCache({
      description: 'ServerToServerAuth(client abcd…)',
      store,
      storeKey: 'k',
      fetchToken: async ({ signal }) =>
        accessTokenFromResponse(
          await requestImsToken({ grantType: 'client_credentials', client: confidentialClient, signal }),
        ),
    });

    expect((await cache.getToken()).token).toBe(ACCESS_TOKEN_VALUE);

    expect(JSON.parse(JSON.stringify(cache))).toEqual({
      description: 'ServerToServerAuth(client abcd…)',
      cached: true,
      expiresAt: expect.any(Number),
    });
    expectNoSecrets(cache);
    expectNoSecrets(store);
    expectNoSecrets({ nested: { cache, store } });
  });

  it('an object made safe with installSafeInspect', () => {
    const credentials = installSafeInspect({ clientId: 'client', clientSecret: CLIENT_SECRET }, () => ({
      clientId: 'client',
      clientSecret: redact(CLIENT_SECRET),
    }));
    const { inspectPlain: _plainShowsOwnFields, ...shown } = renderings(credentials);
    for (const text of Object.values(shown)) expect(text).not.toContain(CLIENT_SECRET);
    expect(inspect(credentials)).toContain(`clientSecret: '${REDACTED}'`);
    expect(credentials.clientSecret).toBe(CLIENT_SECRET);
  });
});

describe('scrubSecrets', () => {
  it('removes raw and URL-encoded occurrences, longest secret first', () => {
    const text = `a ${CLIENT_SECRET} b ${encodeURIComponent(CLIENT_SECRET)} c ${new URLSearchParams({ s: CLIENT_SECRET }).toString()}`;
    expect(scrubSecrets(text, [undefined, '', CLIENT_SECRET, 'p8e-Cl1ent'])).toBe(
      `a ${REDACTED} b ${REDACTED} c s=${REDACTED}`,
    );
  });

  it('scrubs a short secret only where it stands alone', () => {
    expect(scrubSecrets('secret s sent, code=abc; abcdef', ['s', 'abc'])).toBe(
      `secret ${REDACTED} sent, code=${REDACTED}; abcdef`,
    );
  });
});
