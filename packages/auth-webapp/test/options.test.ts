import { AuthError } from '@frameio-v4/auth-core';
import { describe, expect, test } from 'vitest';
import { DEFAULT_WEB_APP_SCOPES, WebAppAuth, type WebAppAuthOptions } from '../src/index.js';

// Construction makes no request, so no IMS emulator is needed here.
function create(overrides: Partial<WebAppAuthOptions>): WebAppAuth {
  return new WebAppAuth({
    clientId: 'client',
    clientSecret: 'client-secret-value',
    redirectUri: 'https://app.example.com/auth/callback',
    ...overrides,
  });
}

describe('WebAppAuth options', () => {
  test('redirectUri: https, or plain http only on a loopback host', () => {
    for (const redirectUri of [
      'https://app.example.com/auth/callback',
      'http://127.0.0.1:3000/callback',
      'http://[::1]:3000/callback',
      'http://localhost:3000/callback',
    ]) {
      expect(create({ redirectUri }).redirectUri).toBe(redirectUri);
    }
    for (const redirectUri of ['http://app.example.com/auth/callback', 'adobe+abc://callback']) {
      expect(() => create({ redirectUri })).toThrow(
        expect.objectContaining({
          code: 'invalid_options',
          message: expect.stringMatching(/WebAppAuth: redirectUri/),
        }),
      );
    }
    expect(() => create({ redirectUri: 'https://app.example.com/cb#x' })).toThrow(/fragment/);
  });

  test('timeoutMs must be positive and retries a whole number ≥ 0', () => {
    for (const overrides of [
      { timeoutMs: 0 },
      { timeoutMs: -1 },
      { timeoutMs: Number.NaN },
      { retries: -1 },
      { retries: 1.5 },
      { retries: Number.POSITIVE_INFINITY },
    ]) {
      const [name] = Object.keys(overrides);
      const error = (() => {
        try {
          create(overrides);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(AuthError);
      expect(error).toMatchObject({ code: 'invalid_options' });
      expect((error as Error).message).toMatch(new RegExp(`^WebAppAuth: ${name} must be`));
    }
    expect(() => create({ timeoutMs: 1, retries: 0 })).not.toThrow();
  });

  test('the default scopes are the user scopes Frame.io advises', () => {
    expect(create({}).scopes).toEqual([
      'openid',
      'profile',
      'email',
      'offline_access',
      'additional_info.roles',
    ]);
    expect(DEFAULT_WEB_APP_SCOPES).toEqual(create({}).scopes);
  });
});
