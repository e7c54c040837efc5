import { inspect } from 'node:util';
import { createFrameioClient, FrameioApiError, unwrap } from '@frameio-v4/api';
import { createFrameioMock, type FrameioMock } from '@frameio-v4/mock';
import { useMswServer } from '@frameio-v4/test-support/msw';
import { describe, expect, it, vi } from 'vitest';
import {
  InvalidLegacyTokenError,
  type InvalidLegacyTokenReason,
  LEGACY_TOKEN_HEADER,
  LegacyTokenAuth,
} from '../src/index.js';

const server = useMswServer();

function startMock(legacyToken?: string): FrameioMock {
  const mock = createFrameioMock(legacyToken === undefined ? {} : { credentials: { legacyToken } });
  server.use(...mock.handlers);
  return mock;
}

function apiRequests(mock: FrameioMock): number {
  return mock.state.requests.filter((entry) => entry.host === 'api').length;
}

/** Every way a user might print a value. */
function renderings(value: unknown): string[] {
  const error = value instanceof Error ? value : undefined;
  return [
    String(value),
    JSON.stringify(value) ?? '',
    inspect(value, { depth: 10, showHidden: true }),
    inspect(value, { depth: 10, showHidden: true, customInspect: false }),
    error?.message ?? '',
    error?.stack ?? '',
  ];
}

function expectNoSecret(value: unknown, secret: string): void {
  for (const text of renderings(value)) expect(text).not.toContain(secret);
}

function thrownBy(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the constructor to throw');
}

const LEGACY_TOKEN = 'fio-u-Legacy0123456789_abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ';

describe('LegacyTokenAuth end to end: createFrameioClient({ auth }).GET("/v4/me")', () => {
  it('authenticates with the legacy header the API requires', async () => {
    const mock = startMock(LEGACY_TOKEN);
    const client = createFrameioClient({ auth: new LegacyTokenAuth({ token: LEGACY_TOKEN }) });

    const { data, response } = await client.GET('/v4/me');

    expect(response.status).toBe(200);
    expect(data?.data.email).toBe(mock.state.legacyUser.email);
    // The same token without the header is refused: the header is what makes it work.
    const bare = await createFrameioClient({ auth: LEGACY_TOKEN }).GET('/v4/me');
    expect(bare.response.status).toBe(401);
  });

  it('a wrong token is a FrameioApiError 401 with the client hint, sent once and never quoted', async () => {
    const mock = startMock(LEGACY_TOKEN);
    const wrongToken = 'fio-u-Wrong9876543210_zyxwvutsrqponmlkjihgfedcba';
    const client = createFrameioClient({ auth: new LegacyTokenAuth({ token: wrongToken }) });

    const error = await unwrap(client.GET('/v4/me')).then(
      () => expect.fail('expected a 401'),
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(FrameioApiError);
    expect(error).toMatchObject({ status: 401, path: '/v4/me' });
    expect((error as FrameioApiError).message).toContain(LEGACY_TOKEN_HEADER);
    // The token cannot be refreshed, so the client does not replay the request.
    expect(apiRequests(mock)).toBe(1);
    expectNoSecret(error, wrongToken);
  });
});

describe('LegacyTokenAuth.getToken', () => {
  it('returns the token with the legacy header and no expiry, the same one even when forced', async () => {
    const auth = new LegacyTokenAuth({ token: LEGACY_TOKEN });

    const token = await auth.getToken();
    const forced = await auth.getToken({ forceRefresh: true });

    expect(token).toEqual({ token: LEGACY_TOKEN, headers: { 'x-frameio-legacy-token-auth': 'true' } });
    expect(token).not.toHaveProperty('expiresAt');
    expect(forced).toEqual(token);
    expect('invalidate' in auth).toBe(false);
  });

  it('a caller that edits the returned headers does not change later tokens', async () => {
    const auth = new LegacyTokenAuth({ token: LEGACY_TOKEN });
    const first = await auth.getToken();
    if (first.headers) delete first.headers[LEGACY_TOKEN_HEADER];

    expect((await auth.getToken()).headers).toEqual({ [LEGACY_TOKEN_HEADER]: 'true' });
  });

  it('rejects with the reason of an aborted signal', async () => {
    const auth = new LegacyTokenAuth({ token: LEGACY_TOKEN });
    const reason = new Error('caller gave up');

    await expect(auth.getToken({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('accepts tokens that merely contain dots or start like a JWT without being one', () => {
    for (const token of ['fio-u-abc.def.ghi', 'eyJnot-a-jwt', 'eyJhbGciOiJub25lIn0.payload', 'fio-u-~_.-']) {
      expect(() => new LegacyTokenAuth({ token })).not.toThrow();
    }
  });
});

describe('LegacyTokenAuth rejects malformed tokens at construction', () => {
  const cases: { name: string; token: unknown; reason: InvalidLegacyTokenReason; says: string }[] = [
    {
      name: 'a missing token',
      token: undefined,
      reason: 'missing',
      says: 'token is required (it is missing)',
    },
    { name: 'null', token: null, reason: 'missing', says: 'got null' },
    { name: 'a number', token: 42, reason: 'missing', says: 'got a number' },
    { name: 'an empty string', token: '', reason: 'missing', says: 'got an empty string' },
    { name: 'only whitespace', token: ' \n\t ', reason: 'missing', says: 'got only whitespace' },
    {
      name: 'a "Bearer " prefix',
      token: `Bearer ${LEGACY_TOKEN}`,
      reason: 'bearer_prefix',
      says: 'Pass the token without the prefix',
    },
    {
      name: 'a lowercase "bearer " prefix after a space',
      token: ` bearer ${LEGACY_TOKEN}`,
      reason: 'bearer_prefix',
      says: 'without the prefix',
    },
    {
      name: 'a trailing newline',
      token: `${LEGACY_TOKEN}\n`,
      reason: 'whitespace',
      says: `U+000A at character ${LEGACY_TOKEN.length + 1} of ${LEGACY_TOKEN.length + 1}`,
    },
    { name: 'a space inside', token: 'fio-u-abc defghijk', reason: 'whitespace', says: 'U+0020' },
    { name: 'a leading tab', token: '\tfio-u-abcdefghijk', reason: 'whitespace', says: 'character 1 of' },
    { name: 'a no-break space', token: 'fio-u-abc\u00a0defgh', reason: 'whitespace', says: 'U+00A0' },
    { name: 'a NUL character', token: 'fio-u-abc\u0000defgh', reason: 'invalid_character', says: 'U+0000' },
    { name: 'a DEL character', token: 'fio-u-abc\u007fdefgh', reason: 'invalid_character', says: 'U+007F' },
    {
      name: 'a zero-width space',
      token: 'fio-u-abc\u200bdefgh',
      reason: 'invalid_character',
      says: 'U+200B',
    },
    {
      name: 'smart quotes',
      token: '\u201cfio-u-abcdefgh\u201d',
      reason: 'invalid_character',
      says: 'U+201C',
    },
    { name: 'a non-ASCII letter', token: 'fio-u-äbcdefgh', reason: 'invalid_character', says: 'U+00E4' },
    {
      name: 'an IMS access token (JWT)',
      token:
        'eyJhbGciOiJSUzI1NiIsIng1dSI6Imltc19uYTEta2V5LWF0LTEuY2VyIn0.eyJ0eXBlIjoiYWNjZXNzX3Rva2VuIn0.c2lnbmF0dXJlLXZhbHVl',
      reason: 'ims_access_token',
      says:
        'this is an IMS access token, not a legacy developer token: pass it directly as ' +
        '`createFrameioClient({ auth: token })`',
    },
  ];

  it.each(cases)('$name → InvalidLegacyTokenError ($reason)', ({ token, reason, says }) => {
    const error = thrownBy(() => new LegacyTokenAuth({ token: token as string }));

    expect(error).toBeInstanceOf(InvalidLegacyTokenError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ name: 'InvalidLegacyTokenError', code: 'invalid_legacy_token', reason });
    expect((error as Error).message).toContain(says);
    if (typeof token === 'string' && token.trim() !== '') {
      expectNoSecret(error, token.trim());
      // Nothing recognisable of the token either: none of its 8-character runs.
      for (let start = 0; start + 8 <= token.length; start += 1) {
        const run = token.slice(start, start + 8);
        if (run.trim() === run) expect((error as Error).message).not.toContain(run);
      }
    }
  });

  it('no options object → InvalidLegacyTokenError (missing)', () => {
    const error = thrownBy(() => new LegacyTokenAuth(undefined as never));
    expect(error).toMatchObject({ code: 'invalid_legacy_token', reason: 'missing' });
  });
});

describe('LegacyTokenAuth never shows the token', () => {
  it('not in JSON, inspect, String(), errors or console output', async () => {
    const mock = startMock(LEGACY_TOKEN);
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => inspect(arg, { depth: 10 })).join(' '));
      }),
    );
    try {
      const auth = new LegacyTokenAuth({ token: LEGACY_TOKEN });
      await createFrameioClient({ auth }).GET('/v4/me');
      const wrong = new LegacyTokenAuth({ token: `${LEGACY_TOKEN}-revoked` });
      const apiError = await unwrap(createFrameioClient({ auth: wrong }).GET('/v4/me')).catch(
        (error: unknown) => error,
      );
      const constructionErrors = [`Bearer ${LEGACY_TOKEN}`, `${LEGACY_TOKEN} `, `${LEGACY_TOKEN}é`].map(
        (token) => thrownBy(() => new LegacyTokenAuth({ token })),
      );

      expect(JSON.parse(JSON.stringify(auth))).toEqual({ token: '[redacted]', header: LEGACY_TOKEN_HEADER });
      expect(String(auth)).toBe(
        'LegacyTokenAuth {"token":"[redacted]","header":"x-frameio-legacy-token-auth"}',
      );
      expect(apiError).toBeInstanceOf(FrameioApiError);
      for (const value of [auth, wrong, apiError, ...constructionErrors]) expectNoSecret(value, LEGACY_TOKEN);
      for (const line of logged) expect(line).not.toContain(LEGACY_TOKEN);
      expect(apiRequests(mock)).toBe(2);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
