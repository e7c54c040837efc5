import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { type AccessToken, ImsError, MemoryTokenStore } from '../src/index.js';
import { expectNoSecrets, rejectionOf, useEmulator } from './support.js';

const emulator = useEmulator();

describe('ServerToServerAuth never shows a secret', () => {
  it('not in errors, JSON, inspect, String() or console output, even when IMS echoes the secret', async () => {
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => inspect(arg, { depth: 10 })).join(' '));
      }),
    );
    try {
      const store = new MemoryTokenStore<AccessToken>();
      const scenario = emulator({ store, retries: 0 });
      const { mock, clientSecret, issuedTokens } = scenario;
      const wrongSecret = 'p8e-Wrong+Secret/With=Chars 13579';
      const errors: unknown[] = [];

      // Tokens minted, cached, expired and minted again.
      await scenario.client.GET('/v4/me');
      mock.clock.advance(25 * 60 * 60 * 1000);
      await scenario.client.GET('/v4/me');

      // A wrong secret (without the store, which would hand it the valid token), and an IMS that quotes the
      // secret it received in its error description.
      const wrong = scenario.connect({ clientSecret: wrongSecret, retries: 0, store: undefined });
      errors.push(await rejectionOf(wrong.client.GET('/v4/me')));
      mock.faults.add({
        match: { host: 'ims' },
        fault: {
          kind: 'ims-error',
          error: 'invalid_client',
          description: `client_secret=${encodeURIComponent(wrongSecret)} (${wrongSecret}) is not valid`,
        },
      });
      errors.push(await rejectionOf(wrong.auth.getToken()));
      // IMS unavailable and unreachable.
      mock.faults.add({ match: { host: 'ims' }, fault: { kind: 'status', status: 503 } });
      errors.push(await rejectionOf(wrong.auth.getToken()));
      mock.faults.add({ match: { host: 'ims' }, fault: { kind: 'reset' } });
      errors.push(await rejectionOf(wrong.auth.getToken()));

      const secrets = [clientSecret, wrongSecret, ...issuedTokens];
      expect(issuedTokens).toHaveLength(2);
      expect(errors).toHaveLength(4);
      for (const error of errors) {
        expect(error).toBeInstanceOf(ImsError);
        expectNoSecrets(error, secrets);
      }
      for (const value of [scenario.auth, wrong.auth, store]) expectNoSecrets(value, secrets);
      expect(JSON.parse(JSON.stringify(scenario.auth))).toEqual({
        clientId: scenario.clientId,
        scopes: ['openid', 'AdobeID', 'frame.s2s.all'],
        imsBaseUrl: 'https://ims-na1.adobelogin.com',
        cached: true,
        expiresAt: (await scenario.auth.getToken()).expiresAt,
      });
      expect(String(scenario.auth)).toMatch(/^ServerToServerAuth \{"clientId":/);
      for (const line of logged) {
        for (const secret of secrets) expect(line).not.toContain(secret);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
