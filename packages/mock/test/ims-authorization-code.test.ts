import { describe, expect, test } from 'vitest';
import { decodeJwtPayload } from '../src/index.js';
import {
  authorize,
  basic,
  getMe,
  pkcePair,
  postForm,
  REDIRECT_URI,
  redirectParams,
  useMsw,
  webAppCode,
  webAppTokens,
} from './support.js';

const { startMock } = useMsw();

describe('authorization_code: web app (confidential)', () => {
  test('code + Basic auth give access, refresh and id tokens for the signed-in user', async () => {
    const mock = startMock();
    const { code, params } = await webAppCode(mock, { nonce: 'n-1' });
    expect(params.get('state')).toBe('state-1');

    const { clientId, clientSecret } = mock.credentials.webApp;
    const reply = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 86400,
      sub: 'A11CE00000000001@AdobeID',
    });
    expect(typeof reply.body.refresh_token).toBe('string');
    expect(decodeJwtPayload(reply.body.access_token)).toMatchObject({
      type: 'access_token',
      client_id: clientId,
      user_id: 'A11CE00000000001@AdobeID',
      scope: 'openid,AdobeID,offline_access',
    });
    expect(decodeJwtPayload(reply.body.id_token)).toMatchObject({
      iss: mock.imsBaseUrl,
      aud: clientId,
      sub: 'A11CE00000000001@AdobeID',
      nonce: 'n-1',
    });

    const me = await getMe(mock, reply.body.access_token);
    expect((await me.json()).data.email).toBe('alice@example.com');
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
  });

  test('client_secret_post works as well as Basic', async () => {
    const mock = startMock();
    const { code } = await webAppCode(mock);
    const { clientId, clientSecret } = mock.credentials.webApp;
    const reply = await postForm(mock.imsBaseUrl, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(reply.status).toBe(200);
  });

  test('a confidential client that does not authenticate is invalid_client', async () => {
    const mock = startMock();
    const { code } = await webAppCode(mock);
    const reply = await postForm(mock.imsBaseUrl, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: mock.credentials.webApp.clientId,
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid_client');
  });

  test('without offline_access there is no refresh token', async () => {
    const mock = startMock();
    const reply = await webAppTokens(mock, { scope: 'openid AdobeID' });
    expect(reply.status).toBe(200);
    expect(reply.body.refresh_token).toBeUndefined();
  });

  test('without openid there is no id token', async () => {
    const mock = startMock();
    const reply = await webAppTokens(mock, { scope: 'AdobeID' });
    expect(reply.status).toBe(200);
    expect(reply.body.id_token).toBeUndefined();
  });

  test('a redirect_uri different from the authorize one is invalid_grant (RFC 6749 §4.1.3)', async () => {
    const mock = startMock();
    const { code } = await webAppCode(mock);
    const { clientId, clientSecret } = mock.credentials.webApp;
    const auth = { authorization: basic(clientId, clientSecret) };
    const other = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:3000/other' },
      auth,
    );
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('invalid_grant');

    const missing = await postForm(mock.imsBaseUrl, { grant_type: 'authorization_code', code }, auth);
    expect(missing.body.error).toBe('invalid_grant');
    expect(missing.body.error_description).toContain('redirect_uri');
  });

  test('a reused code is invalid_grant and revokes the tokens issued from it', async () => {
    const mock = startMock();
    const { code } = await webAppCode(mock);
    const { clientId, clientSecret } = mock.credentials.webApp;
    const exchange = () =>
      postForm(
        mock.imsBaseUrl,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
        { authorization: basic(clientId, clientSecret) },
      );
    const first = await exchange();
    expect((await getMe(mock, first.body.access_token)).status).toBe(200);

    const second = await exchange();
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    expect(second.text).not.toContain(code);

    expect((await getMe(mock, first.body.access_token)).status).toBe(401);
    const refresh = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'refresh_token', refresh_token: first.body.refresh_token },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(refresh.body.error).toBe('invalid_grant');
  });

  test('an expired code is invalid_grant (clock.advance past codeTtlMs)', async () => {
    const mock = startMock({ codeTtlMs: 60_000 });
    const { code } = await webAppCode(mock);
    mock.clock.advance(60_000);
    const { clientId, clientSecret } = mock.credentials.webApp;
    const reply = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
    expect(reply.body.error_description).toContain('expired');
  });

  test('a code issued to another client is invalid_grant', async () => {
    const mock = startMock();
    const { code } = await webAppCode(mock);
    const reply = await postForm(mock.imsBaseUrl, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: mock.credentials.spa.clientId,
      code_verifier: 'a'.repeat(43),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
  });
});

describe('authorize endpoint validation', () => {
  test('an unknown client or a redirect_uri outside the patterns gets an HTML 400 page, not a redirect', async () => {
    const mock = startMock();
    const unknown = await authorize(mock.imsBaseUrl, {
      client_id: 'nobody',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    expect(await unknown.text()).toContain('nobody');

    const wrongRedirect = await authorize(mock.imsBaseUrl, {
      client_id: mock.credentials.webApp.clientId,
      redirect_uri: 'http://evil.example/callback',
      scope: 'openid',
    });
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.headers.get('location')).toBeNull();
    const page = await wrongRedirect.text();
    expect(page).toContain('http://evil.example/callback');
    expect(page).toContain('Default Redirect URI');
  });

  test('a server-to-server client cannot start a user sign-in', async () => {
    const mock = startMock();
    const response = await authorize(mock.imsBaseUrl, {
      client_id: mock.credentials.serverToServer.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('client_credentials');
  });

  test('errors after the redirect URI is validated go back to it with state (RFC 6749 §4.1.2.1)', async () => {
    const mock = startMock();
    const base = { client_id: mock.credentials.webApp.clientId, redirect_uri: REDIRECT_URI, state: 's-9' };
    const cases: [Record<string, string>, string][] = [
      [{ scope: 'openid frame.s2s.all' }, 'invalid_scope'],
      [{}, 'invalid_scope'],
      [{ scope: 'openid', response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'openid', login_hint: 'carol@example.com' }, 'invalid_request'],
      [{ scope: 'openid', code_challenge_method: 'S256' }, 'invalid_request'],
      [{ scope: 'openid', code_challenge: 'too-short', code_challenge_method: 'S256' }, 'invalid_request'],
    ];
    for (const [extra, error] of cases) {
      const params = redirectParams(await authorize(mock.imsBaseUrl, { ...base, ...extra }));
      expect({ extra, error: params.get('error'), state: params.get('state') }).toEqual({
        extra,
        error,
        state: 's-9',
      });
      expect(params.get('error_description')).toBeTruthy();
      expect(params.get('code')).toBeNull();
    }
  });

  test('login_hint signs in that user', async () => {
    const mock = startMock();
    const reply = await webAppTokens(mock, { login_hint: 'bob@example.com' });
    const me = await (await getMe(mock, reply.body.access_token)).json();
    expect(me.data.email).toBe('bob@example.com');
  });

  test('response_mode=fragment puts code and state in the fragment', async () => {
    const mock = startMock();
    const response = await authorize(mock.imsBaseUrl, {
      client_id: mock.credentials.webApp.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state: 'frag',
      response_mode: 'fragment',
    });
    const params = redirectParams(response, 'fragment');
    expect(params.get('code')).toBeTruthy();
    expect(params.get('state')).toBe('frag');
    expect(new URL(response.headers.get('location') as string).search).toBe('');
  });
});

describe('authorization_code with PKCE (SPA / native)', () => {
  async function spaCode(mock: ReturnType<typeof startMock>, pkce: Record<string, string>): Promise<string> {
    const params = redirectParams(
      await authorize(mock.imsBaseUrl, {
        client_id: mock.credentials.spa.clientId,
        redirect_uri: 'https://app.example/callback',
        scope: 'openid AdobeID offline_access',
        ...pkce,
      }),
    );
    return params.get('code') as string;
  }
  const exchange = (mock: ReturnType<typeof startMock>, code: string, verifier?: string) =>
    postForm(mock.imsBaseUrl, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://app.example/callback',
      client_id: mock.credentials.spa.clientId,
      ...(verifier !== undefined ? { code_verifier: verifier } : {}),
    });

  test('S256: the right verifier gets tokens with client_id alone', async () => {
    const mock = startMock();
    const { verifier, challenge } = await pkcePair();
    const code = await spaCode(mock, { code_challenge: challenge, code_challenge_method: 'S256' });
    const reply = await exchange(mock, code, verifier);
    expect(reply.status).toBe(200);
    expect((await getMe(mock, reply.body.access_token)).status).toBe(200);
  });

  test('S256: a wrong or missing verifier is invalid_grant and does not echo the verifier', async () => {
    const mock = startMock();
    const { challenge } = await pkcePair();
    const other = await pkcePair();
    const code = await spaCode(mock, { code_challenge: challenge, code_challenge_method: 'S256' });
    const wrong = await exchange(mock, code, other.verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.text).not.toContain(other.verifier);

    const missing = await exchange(mock, code);
    expect(missing.body.error).toBe('invalid_grant');
  });

  test('a malformed verifier (RFC 7636 §4.1: 43-128 chars) is invalid_request', async () => {
    const mock = startMock();
    const { challenge } = await pkcePair();
    const code = await spaCode(mock, { code_challenge: challenge, code_challenge_method: 'S256' });
    const reply = await exchange(mock, code, 'short');
    expect(reply.body.error).toBe('invalid_request');
  });

  test('the method defaults to plain, as on IMS: a challenge sent without method must equal the verifier', async () => {
    const mock = startMock();
    const { verifier, challenge } = await pkcePair();

    // A client that computes S256 but forgets code_challenge_method fails the exchange.
    const forgotMethod = await spaCode(mock, { code_challenge: challenge });
    const failed = await exchange(mock, forgotMethod, verifier);
    expect(failed.body.error).toBe('invalid_grant');
    expect(failed.body.error_description).toContain('plain');

    const plain = await spaCode(mock, { code_challenge: verifier });
    expect((await exchange(mock, plain, verifier)).status).toBe(200);
  });

  test('a public client must use PKCE', async () => {
    const mock = startMock();
    const params = redirectParams(
      await authorize(mock.imsBaseUrl, {
        client_id: mock.credentials.spa.clientId,
        redirect_uri: 'https://app.example/callback',
        scope: 'openid',
      }),
    );
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toContain('PKCE');
  });

  test('native app: the adobe+<hash>://callback redirect is the default and receives the code', async () => {
    const mock = startMock();
    const { verifier, challenge } = await pkcePair();
    const response = await authorize(mock.imsBaseUrl, {
      client_id: mock.credentials.native.clientId,
      scope: 'openid offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const location = new URL(response.headers.get('location') as string);
    expect(`${location.protocol}//${location.host}`).toBe(mock.credentials.native.redirectUri);
    const code = location.searchParams.get('code') as string;
    const reply = await postForm(mock.imsBaseUrl, {
      grant_type: 'authorization_code',
      code,
      client_id: mock.credentials.native.clientId,
      code_verifier: verifier,
    });
    expect(reply.status).toBe(200);
    expect(typeof reply.body.refresh_token).toBe('string');
  });
});
