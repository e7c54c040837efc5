import { describe, expect, it } from 'vitest';
import {
  AuthError,
  AuthorizationCallbackError,
  assertStateMatches,
  buildAuthorizationUrl,
  DEFAULT_USER_SCOPES,
  generateState,
  ImsError,
  isAllowedRedirectUri,
  parseCallback,
  StateMismatchError,
} from '../src/index.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('buildAuthorizationUrl', () => {
  const base = {
    clientId: 'client-1',
    redirectUri: 'https://app.example.com/cb',
    scopes: DEFAULT_USER_SCOPES,
  };

  it('sends the authorization code request parameters to /ims/authorize/v2, spaces as %20', () => {
    const { url, state } = buildAuthorizationUrl({
      ...base,
      imsBaseUrl: 'https://ims.example.com',
      state: 'my state/1',
      loginHint: 'alice@example.com',
      prompt: 'login',
      extraParams: { code_challenge: 'abc', nonce: undefined },
    });
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe('https://ims.example.com/ims/authorize/v2');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      client_id: 'client-1',
      redirect_uri: 'https://app.example.com/cb',
      response_type: 'code',
      scope: 'openid profile email offline_access additional_info.roles',
      state: 'my state/1',
      code_challenge: 'abc',
      login_hint: 'alice@example.com',
      prompt: 'login',
    });
    expect(state).toBe('my state/1');
    expect(parsed.search).not.toContain('+');
  });

  it('generates a fresh state when none is given', () => {
    const first = buildAuthorizationUrl(base);
    const second = buildAuthorizationUrl(base);
    expect(first.state).not.toBe(second.state);
    expect(new URL(first.url).searchParams.get('state')).toBe(first.state);
  });

  it('refuses an empty or over-long state, no scopes and an unknown prompt', () => {
    for (const input of [
      { ...base, state: '' },
      { ...base, state: 'x'.repeat(4097) },
      { ...base, scopes: ' , ' },
      { ...base, prompt: 'consent' as 'login' },
    ]) {
      expect(() => buildAuthorizationUrl(input)).toThrow(
        expect.objectContaining({
          code: 'invalid_options',
          message: expect.stringMatching(/getAuthorizationUrl/),
        }),
      );
    }
    expect(buildAuthorizationUrl({ ...base, state: 'x'.repeat(4096) }).state).toHaveLength(4096);
  });
});

describe('generateState', () => {
  it('is 256 random bits in base64url without padding', () => {
    const states = new Set(Array.from({ length: 200 }, () => generateState()));
    expect(states.size).toBe(200);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('assertStateMatches', () => {
  it('accepts the state the sign-in started with', () => {
    expect(() => assertStateMatches('s-123', 's-123')).not.toThrow();
  });

  it('refuses a missing state or expectedState (state_missing) and a different one (state_mismatch)', () => {
    const cases: [unknown, unknown, string][] = [
      [undefined, 'expected-secretish', 'state_missing'],
      ['', 'expected-secretish', 'state_missing'],
      ['forged-value', undefined, 'state_missing'],
      ['forged-value', 'expected-secretish', 'state_mismatch'],
      // Same length, one character apart: still refused.
      ['expected-secretisH', 'expected-secretish', 'state_mismatch'],
    ];
    for (const [state, expected, code] of cases) {
      const error = thrown(() => assertStateMatches(state, expected));
      expect(error).toBeInstanceOf(StateMismatchError);
      expect(error).toBeInstanceOf(AuthError);
      expect(error).toMatchObject({ name: 'StateMismatchError', code });
      expect((error as Error).message).not.toMatch(/forged-value|expected-secretis/);
    }
  });

  it('throws the error the flow builds, and names where the flow keeps state', () => {
    class FlowError extends Error {}
    const error = thrown(() =>
      assertStateMatches('a', undefined, {
        stateStorage: 'in sessionStorage',
        createError: (message) => new FlowError(message),
      }),
    );
    expect(error).toBeInstanceOf(FlowError);
    expect((error as Error).message).toContain('in sessionStorage');
  });
});

describe('parseCallback', () => {
  it('reads code and state from the query, or from the fragment when the query has neither code nor error', () => {
    expect(parseCallback('https://app.example.com/cb?code=c1&state=s1')).toEqual({ code: 'c1', state: 's1' });
    expect(parseCallback('https://app.example.com/cb#code=c2&state=s2')).toEqual({ code: 'c2', state: 's2' });
    expect(parseCallback('adobe+abc123://callback?code=c3&state=s%203')).toEqual({
      code: 'c3',
      state: 's 3',
    });
  });

  it('never merges query and fragment', () => {
    expect(parseCallback('https://app.example.com/cb?state=q#code=f')).toEqual({
      code: 'f',
      state: undefined,
    });
    expect(parseCallback('https://app.example.com/cb?code=q#state=f')).toEqual({
      code: 'q',
      state: undefined,
    });
  });

  it('reads only the part responseMode names', () => {
    const url = 'https://app.example.com/cb?code=q&state=qs#code=f&state=fs';
    expect(parseCallback(url, { responseMode: 'query' })).toEqual({ code: 'q', state: 'qs' });
    expect(parseCallback(url, { responseMode: 'fragment' })).toEqual({ code: 'f', state: 'fs' });
    expect(() => parseCallback('https://app.example.com/cb#code=f', { responseMode: 'query' })).toThrow(
      expect.objectContaining({ code: 'invalid_callback' }),
    );
  });

  it('accepts a path with query only when acceptPath is set', () => {
    expect(parseCallback('/auth/cb?code=abc&state=xyz', { acceptPath: true })).toEqual({
      code: 'abc',
      state: 'xyz',
    });
    const error = thrown(() => parseCallback('/auth/cb?code=abc'));
    expect(error).toMatchObject({ code: 'invalid_callback' });
    expect((error as Error).message).not.toContain('abc');
  });

  it('explains a URL without code or error without quoting its query', () => {
    const error = thrown(() => parseCallback('https://app.example.com/cb?foo=secret-ish'));
    expect(error).toMatchObject({ code: 'invalid_callback' });
    expect((error as Error).message).toMatch(/neither a code nor an error/);
    expect((error as Error).message).not.toContain('secret-ish');
  });

  it('turns an error on the redirect into an AuthorizationCallbackError that says what to do', () => {
    const denied = thrown(() =>
      parseCallback('https://app.example.com/cb?error=access_denied&error_description=The+user+said+no.', {
        imsBaseUrl: 'https://ims.example.com',
      }),
    );
    expect(denied).toBeInstanceOf(AuthorizationCallbackError);
    expect(denied).toBeInstanceOf(ImsError);
    expect(denied).toMatchObject({
      code: 'access_denied',
      errorDescription: 'The user said no.',
      status: 302,
      retryable: false,
      endpoint: 'https://ims.example.com/ims/authorize/v2',
    });
    expect((denied as Error).message).toMatch(/offer to sign in again/);

    const unavailable = thrown(() =>
      parseCallback('https://app.example.com/cb#error=temporarily_unavailable'),
    );
    expect(unavailable).toMatchObject({ code: 'temporarily_unavailable', retryable: true });

    const prompt = thrown(() => parseCallback('https://app.example.com/cb?error=login_required'));
    expect((prompt as Error).message).toContain('without prompt "none"');
  });

  it('quotes at most 300 characters of an error description, which anyone can put in a URL', () => {
    const description = `${'a'.repeat(300)}TAIL-NOT-QUOTED`;
    const error = thrown(() =>
      parseCallback(`https://app.example.com/cb?error=server_error&error_description=${description}`),
    ) as ImsError;
    expect(error.errorDescription).toBe(`${'a'.repeat(300)}…`);
    expect(error.message).not.toContain('TAIL-NOT-QUOTED');
  });
});

describe('isAllowedRedirectUri', () => {
  it.each([
    ['https://app.example.com/callback', true],
    ['http://127.0.0.1:8080/callback', true],
    ['http://[::1]:8080/callback', true],
    ['http://localhost:3000/callback', true],
    ['http://app.example.com/callback', false],
    ['http://127.0.0.1.example.com/callback', false],
    ['https://app.example.com/cb#x', false],
    ['/callback', false],
    ['adobe+abc123://callback', false],
  ])('%s → %s', (redirectUri, allowed) => {
    expect(isAllowedRedirectUri(redirectUri)).toBe(allowed);
  });

  it('allows a private-use scheme only when asked, and never a local-content scheme', () => {
    expect(isAllowedRedirectUri('adobe+abc123://callback', { allowPrivateUseScheme: true })).toBe(true);
    for (const unsafe of ['javascript://x', 'file:///etc/passwd', 'data://x', 'adobe+abc:callback']) {
      expect(isAllowedRedirectUri(unsafe, { allowPrivateUseScheme: true })).toBe(false);
    }
  });
});
