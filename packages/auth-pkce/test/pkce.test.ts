import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  computeCodeChallenge,
  generateCodeVerifier,
  generateState,
  PkceAuth,
  parseCallback,
} from '../src/index.js';

const UNRESERVED = /^[A-Za-z0-9\-._~]+$/;

describe('PKCE values (RFC 7636)', () => {
  it('the S256 challenge matches the RFC 7636 Appendix B example', async () => {
    // https://www.rfc-editor.org/rfc/rfc7636#appendix-B
    expect(await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('the S256 challenge equals node:crypto base64url(sha256(verifier)) for generated verifiers', async () => {
    for (const length of [43, 77, 128]) {
      for (let index = 0; index < 50; index += 1) {
        const verifier = generateCodeVerifier(length);
        expect(await computeCodeChallenge(verifier)).toBe(
          createHash('sha256').update(verifier).digest('base64url'),
        );
      }
    }
  });

  it('verifiers have the asked length, only unreserved characters, and do not repeat', () => {
    for (const length of [43, 44, 64, 100, 127, 128]) {
      const verifiers = Array.from({ length: 200 }, () => generateCodeVerifier(length));
      for (const verifier of verifiers) {
        expect(verifier).toHaveLength(length);
        expect(verifier).toMatch(UNRESERVED);
      }
      expect(new Set(verifiers).size).toBe(verifiers.length);
    }
    expect(generateCodeVerifier()).toHaveLength(43);
  });

  it('every character of the 64-character alphabet shows up at every position', () => {
    // A generator that skipped characters or positions (e.g. base64 padding) would fail this.
    const verifiers = Array.from({ length: 2000 }, () => generateCodeVerifier(43));
    const alphabet = new Set(verifiers.join(''));
    expect(alphabet.size).toBe(64);
    const lastCharacters = new Set(verifiers.map((verifier) => verifier.at(-1)));
    expect(lastCharacters.size).toBe(64);
  });

  it('refuses verifier lengths outside 43..128', () => {
    for (const length of [0, 42, 129, 43.5, Number.NaN]) {
      expect(() => generateCodeVerifier(length)).toThrow(AuthError);
    }
    expect(
      () => new PkceAuth({ clientId: 'c', redirectUri: 'https://app.example.com/cb', verifierLength: 42 }),
    ).toThrow(/verifierLength/);
  });

  it('states are 256-bit base64url values that do not repeat', () => {
    const states = Array.from({ length: 500 }, () => generateState());
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(states).size).toBe(states.length);
  });
});

describe('getAuthorizationUrl', () => {
  const auth = new PkceAuth({
    clientId: 'my-spa-client',
    redirectUri: 'https://app.example.com/callback',
    verifierLength: 96,
  });

  it('builds the IMS authorize URL with S256 PKCE, default scopes and a random state', async () => {
    const request = await auth.getAuthorizationUrl();
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://ims-na1.adobelogin.com/ims/authorize/v2');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'my-spa-client',
      redirect_uri: 'https://app.example.com/callback',
      response_type: 'code',
      scope: 'openid profile email offline_access additional_info.roles',
      state: request.state,
      code_challenge: await computeCodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
    });
    // Spaces as %20, which every server decodes (a "+" is form encoding only).
    expect(request.url).toContain('scope=openid%20profile');
    expect(request.codeVerifier).toHaveLength(96);
    expect(request.url).not.toContain(request.codeVerifier);
    expect(request.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('uses the given state, scopes, login hint and prompt', async () => {
    const request = await auth.getAuthorizationUrl({
      state: 'my state/1',
      scopes: 'openid,AdobeID',
      loginHint: 'alice@example.com',
      prompt: 'login',
    });
    const params = new URL(request.url).searchParams;
    expect(request.state).toBe('my state/1');
    expect(params.get('state')).toBe('my state/1');
    expect(params.get('scope')).toBe('openid AdobeID');
    expect(params.get('login_hint')).toBe('alice@example.com');
    expect(params.get('prompt')).toBe('login');
    expect(request.scopes).toEqual(['openid', 'AdobeID']);
  });

  it('refuses an empty or over-long state', async () => {
    await expect(auth.getAuthorizationUrl({ state: '' })).rejects.toMatchObject({ code: 'invalid_options' });
    await expect(auth.getAuthorizationUrl({ state: 'x'.repeat(4097) })).rejects.toMatchObject({
      code: 'invalid_options',
    });
  });
});

describe('options', () => {
  it('accepts https, native-app scheme and loopback redirect URIs, and refuses the rest', () => {
    for (const redirectUri of [
      'https://app.example.com/callback',
      'adobe+abc123://callback',
      'http://127.0.0.1:8080/callback',
      'http://[::1]:8080/callback',
    ]) {
      expect(new PkceAuth({ clientId: 'c', redirectUri }).redirectUri).toBe(redirectUri);
    }
    for (const redirectUri of [
      'http://app.example.com/callback',
      'https://app.example.com/cb#x',
      'callback',
    ]) {
      expect(() => new PkceAuth({ clientId: 'c', redirectUri })).toThrow(/redirectUri/);
    }
  });

  it('names the missing option', () => {
    expect(() => new PkceAuth({ clientId: '', redirectUri: 'https://a.example/cb' })).toThrow(/clientId/);
    expect(() => new PkceAuth({ clientId: 'c', redirectUri: '' })).toThrow(/redirectUri/);
    expect(() => new PkceAuth({ clientId: 'c', redirectUri: 'https://a.example/cb', scopes: ' , ' })).toThrow(
      /scopes/,
    );
    expect(() => new PkceAuth({ clientId: 'c', redirectUri: 'https://a.example/cb', timeoutMs: 0 })).toThrow(
      /timeoutMs/,
    );
  });
});

describe('parseCallback', () => {
  it('reads code and state from the query, the fragment, or a native-app URL', () => {
    expect(parseCallback('https://app.example.com/callback?code=c1&state=s1')).toEqual({
      code: 'c1',
      state: 's1',
    });
    expect(parseCallback('https://app.example.com/callback#code=c2&state=s2')).toEqual({
      code: 'c2',
      state: 's2',
    });
    expect(parseCallback('adobe+abc123://callback?code=c3&state=s%203')).toEqual({
      code: 'c3',
      state: 's 3',
    });
    expect(parseCallback('https://app.example.com/callback?code=c4')).toEqual({
      code: 'c4',
      state: undefined,
    });
  });

  it('explains a URL without code or error, without quoting it', () => {
    expect(() => parseCallback('https://app.example.com/callback?foo=secret-ish')).toThrow(
      expect.objectContaining({
        code: 'invalid_callback',
        message: expect.not.stringContaining('secret-ish'),
      }),
    );
    expect(() => parseCallback('not a url?code=abc')).toThrow(
      expect.objectContaining({ code: 'invalid_callback', message: expect.not.stringContaining('abc') }),
    );
  });

  it('prompt=none errors say to sign in with a prompt', () => {
    expect(() => parseCallback('https://app.example.com/cb?error=login_required&state=s')).toThrow(
      expect.objectContaining({ code: 'login_required', message: expect.stringMatching(/without prompt/) }),
    );
  });
});
