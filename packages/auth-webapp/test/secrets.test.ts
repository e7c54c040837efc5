import { format, inspect } from 'node:util';
import { revokeImsToken } from '@frameio-v4/auth-core';
import type { FrameioMock } from '@frameio-v4/mock';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { WebAppAuth } from '../src/index.js';
import {
  ALICE,
  BOB,
  caught,
  DAY_MS,
  followAuthorization,
  signIn,
  useMockIms,
  webAppAuth,
  whoAmI,
} from './support.js';

const { startMock } = useMockIms();

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every secret that went to or came from IMS, read off the wire by a wrapping fetch. */
function secretCollector() {
  const secrets = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value !== '') secrets.add(value);
  };
  const collectingFetch: typeof fetch = async (input, init) => {
    const form = new URLSearchParams(String(init?.body ?? ''));
    for (const name of ['code', 'refresh_token', 'token', 'client_secret', 'code_verifier'])
      add(form.get(name));
    const response = await fetch(input, init);
    const text = await response.clone().text();
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      add(body.access_token);
      add(body.refresh_token);
      add(body.id_token);
    } catch {
      // Not a token response.
    }
    return response;
  };
  return { secrets, add, fetch: collectingFetch };
}

function renderings(value: unknown): string[] {
  const texts = [String(value), inspect(value, { depth: 10, showHidden: true })];
  try {
    texts.push(JSON.stringify(value) ?? '');
  } catch (error) {
    texts.push(`JSON.stringify threw ${String(error)}`);
  }
  if (value instanceof Error) texts.push(value.message, value.stack ?? '');
  return texts;
}

async function authorizeCode(auth: WebAppAuth, loginHint: string) {
  const { url, state } = auth.getAuthorizationUrl({ loginHint });
  return { ...auth.parseCallback(await followAuthorization(url)), expectedState: state };
}

async function revokeAtIms(mock: FrameioMock, token: string) {
  const { clientId, clientSecret } = mock.credentials.webApp;
  await revokeImsToken({
    imsBaseUrl: mock.imsBaseUrl,
    token,
    client: { clientId, clientSecret, authMethod: 'client_secret_basic' },
  });
}

describe('secret scan', () => {
  test('no secret appears in errors, console output or printed auth objects', async () => {
    const consoleOutput: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleOutput.push(format(...args));
      });
    }
    const mock = startMock();
    const collector = secretCollector();
    const wrongSecret = 'definitely-not-the-client-secret';
    collector.add(mock.credentials.webApp.clientSecret);
    collector.add(wrongSecret);
    const errors: unknown[] = [];
    const auth = webAppAuth(mock, { fetch: collector.fetch, rotationGraceMs: 20, retries: 0 });
    const printed: unknown[] = [auth];

    // Wrong client secret: invalid_client.
    const badAuth = webAppAuth(mock, { fetch: collector.fetch, clientSecret: wrongSecret });
    printed.push(badAuth);
    const badCode = await authorizeCode(badAuth, ALICE);
    collector.add(badCode.code);
    errors.push(await caught(() => badAuth.exchangeCode(badCode)));

    // State mismatch, then the code reused after a good exchange: invalid_grant.
    const alice = auth.forUser('alice');
    printed.push(alice);
    const aliceCode = await authorizeCode(auth, ALICE);
    collector.add(aliceCode.code);
    errors.push(await caught(() => alice.exchangeCode({ ...aliceCode, expectedState: 'forged' })));
    await alice.exchangeCode(aliceCode);
    expect(await whoAmI(mock, alice)).toBe(ALICE);
    errors.push(await caught(() => auth.forUser('other').exchangeCode(aliceCode)));

    // A gateway error page that echoes the refresh token back.
    const bob = auth.forUser('bob');
    printed.push(bob);
    await signIn(auth, bob, BOB);
    const bobTokens = await bob.exportTokens();
    mock.clock.advance(DAY_MS);
    mock.faults.add({
      match: { grantType: 'refresh_token' },
      fault: {
        kind: 'status',
        status: 502,
        body: `<html>Bad gateway for refresh_token=${bobTokens?.refreshToken}</html>`,
      },
    });
    errors.push(await caught(() => whoAmI(mock, bob)));
    expect(await whoAmI(mock, bob)).toBe(BOB);

    // A refresh token revoked elsewhere: invalid_grant on refresh, then "not signed in".
    const revoked = await bob.exportTokens();
    await revokeAtIms(mock, revoked?.refreshToken ?? '');
    mock.clock.advance(DAY_MS);
    errors.push(await caught(() => whoAmI(mock, bob)));
    errors.push(await caught(() => bob.getToken()));

    // No refresh token (offline_access not granted), expired.
    const shortLived = auth.forUser('short');
    printed.push(shortLived);
    await signIn(auth, shortLived, ALICE, 'openid profile email');
    mock.clock.advance(DAY_MS);
    errors.push(await caught(() => shortLived.getToken()));

    // Import of bad tokens, and an IMS error on the callback.
    const aliceTokens = await alice.exportTokens();
    errors.push(
      await caught(() =>
        alice.importTokens({ ...aliceTokens, accessToken: '', clientId: undefined } as unknown as {
          accessToken: string;
        }),
      ),
    );
    errors.push(await caught(() => auth.parseCallback('/cb?error=access_denied&state=s')));
    // The revoke path, with the stored tokens in hand.
    await alice.revoke();

    const secrets = [...collector.secrets];
    // Client secrets, 5 codes, access/refresh/id tokens: the scan must have something to find.
    expect(secrets.length).toBeGreaterThan(15);
    expect(errors).toHaveLength(9);
    expect(errors.every((error) => error instanceof Error)).toBe(true);

    const texts = [...errors.flatMap(renderings), ...printed.flatMap(renderings), ...consoleOutput];
    for (const secret of secrets) {
      for (const text of texts) {
        if (text.includes(secret)) {
          throw new Error(`a secret leaked into: ${text.split(secret).join('<SECRET>').slice(0, 300)}`);
        }
      }
    }
    // The summaries still say which credential and user they are about.
    expect(JSON.stringify(auth)).toContain(mock.credentials.webApp.clientId);
    expect(inspect(alice)).toContain('alice');
  });
});
