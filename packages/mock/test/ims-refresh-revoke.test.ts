import { describe, expect, test } from 'vitest';
import type { FrameioMock } from '../src/index.js';
import {
  authorize,
  basic,
  getMe,
  pkcePair,
  postForm,
  redirectParams,
  useMsw,
  webAppTokens,
} from './support.js';

const { startMock } = useMsw();

function refreshWebApp(mock: FrameioMock, refreshToken: string, extra: Record<string, string> = {}) {
  const { clientId, clientSecret } = mock.credentials.webApp;
  return postForm(
    mock.imsBaseUrl,
    { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
    { authorization: basic(clientId, clientSecret) },
  );
}

function revokeWebApp(mock: FrameioMock, token: string, hint?: string) {
  const { clientId, clientSecret } = mock.credentials.webApp;
  return postForm(
    mock.imsBaseUrl,
    { token, ...(hint ? { token_type_hint: hint } : {}) },
    { authorization: basic(clientId, clientSecret), path: '/ims/revoke' },
  );
}

/** SPA sign-in with PKCE and offline_access; returns the token reply. */
async function spaTokens(mock: FrameioMock) {
  const { verifier, challenge } = await pkcePair();
  const params = redirectParams(
    await authorize(mock.imsBaseUrl, {
      client_id: mock.credentials.spa.clientId,
      redirect_uri: 'http://localhost:5173/cb',
      scope: 'openid offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
  );
  return postForm(mock.imsBaseUrl, {
    grant_type: 'authorization_code',
    code: params.get('code') as string,
    redirect_uri: 'http://localhost:5173/cb',
    client_id: mock.credentials.spa.clientId,
    code_verifier: verifier,
  });
}

describe('refresh_token', () => {
  test('rotates: a new access and refresh token, and the old refresh token is rejected', async () => {
    const mock = startMock();
    const first = await webAppTokens(mock);
    const refreshed = await refreshWebApp(mock, first.body.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await getMe(mock, refreshed.body.access_token)).status).toBe(200);

    const reused = await refreshWebApp(mock, first.body.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    expect(reused.text).not.toContain(first.body.refresh_token);

    expect((await refreshWebApp(mock, refreshed.body.refresh_token)).status).toBe(200);
    expect(mock.state.tokenRequests.refresh_token).toBe(3);
  });

  test('rotateRefreshTokens: false returns no refresh token and the same one keeps working', async () => {
    const mock = startMock({ rotateRefreshTokens: false });
    const first = await webAppTokens(mock);
    const once = await refreshWebApp(mock, first.body.refresh_token);
    expect(once.status).toBe(200);
    expect(once.body.refresh_token).toBeUndefined();
    expect((await refreshWebApp(mock, first.body.refresh_token)).status).toBe(200);
  });

  test('public clients get and use refresh tokens by default (client_id only)', async () => {
    const mock = startMock();
    const tokens = await spaTokens(mock);
    expect(typeof tokens.body.refresh_token).toBe('string');
    const refreshed = await postForm(mock.imsBaseUrl, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
      client_id: mock.credentials.spa.clientId,
    });
    expect(refreshed.status).toBe(200);
  });

  test('a public client may also send its client_id as Basic with an empty password', async () => {
    const mock = startMock();
    const tokens = await spaTokens(mock);
    const refreshed = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token },
      { authorization: basic(mock.credentials.spa.clientId, '') },
    );
    expect(refreshed.status).toBe(200);
  });

  test('publicClientRefreshTokens: false gives public clients no refresh token, confidential ones still get one', async () => {
    const mock = startMock({ publicClientRefreshTokens: false });
    const spa = await spaTokens(mock);
    expect(spa.status).toBe(200);
    expect(spa.body.refresh_token).toBeUndefined();
    const web = await webAppTokens(mock);
    expect(typeof web.body.refresh_token).toBe('string');
  });

  test('an expired refresh token is invalid_grant', async () => {
    const mock = startMock({ refreshTokenTtlMs: 1_000 });
    const first = await webAppTokens(mock);
    mock.clock.advance(1_000);
    const reply = await refreshWebApp(mock, first.body.refresh_token);
    expect(reply.body.error).toBe('invalid_grant');
    expect(reply.body.error_description).toContain('expired');
  });

  test("another client's refresh token is invalid_grant", async () => {
    const mock = startMock();
    const spa = await spaTokens(mock);
    const reply = await refreshWebApp(mock, spa.body.refresh_token);
    expect(reply.body.error).toBe('invalid_grant');
  });

  test('a narrower scope is allowed, a wider one is invalid_scope (RFC 6749 §6)', async () => {
    const mock = startMock();
    const first = await webAppTokens(mock);
    const wider = await refreshWebApp(mock, first.body.refresh_token, { scope: 'openid email' });
    expect(wider.body.error).toBe('invalid_scope');
    const narrower = await refreshWebApp(mock, first.body.refresh_token, { scope: 'AdobeID' });
    expect(narrower.status).toBe(200);
    expect(narrower.body.id_token).toBeUndefined();
  });

  test('a narrowed refresh keeps the original scope on the new refresh token (RFC 6749 §6)', async () => {
    const mock = startMock();
    const first = await webAppTokens(mock);
    const narrowed = await refreshWebApp(mock, first.body.refresh_token, { scope: 'AdobeID' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.id_token).toBeUndefined();

    const rotated = mock.state.refreshTokenRecord(narrowed.body.refresh_token);
    expect(rotated?.scopes).toEqual(['openid', 'AdobeID', 'offline_access']);
    // The user granted openid: the next refresh may ask for it again, and gets it without asking.
    const widenedBack = await refreshWebApp(mock, narrowed.body.refresh_token, { scope: 'openid AdobeID' });
    expect(widenedBack.status).toBe(200);
    expect(typeof widenedBack.body.id_token).toBe('string');
    const full = await refreshWebApp(mock, widenedBack.body.refresh_token);
    expect(full.status).toBe(200);
    expect(typeof full.body.id_token).toBe('string');
  });

  test('a missing refresh_token parameter is invalid_request', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.webApp;
    const reply = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'refresh_token' },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(reply.body.error).toBe('invalid_request');
  });
});

describe('revoke (RFC 7009)', () => {
  test('revoking an access token answers 200 with an empty body; the API then says 401', async () => {
    const mock = startMock();
    const tokens = await webAppTokens(mock);
    const reply = await revokeWebApp(mock, tokens.body.access_token, 'access_token');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    const me = await getMe(mock, tokens.body.access_token);
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({
      errors: [{ title: 'Unauthorized', detail: 'Invalid or missing authorization token' }],
    });
    // Only that access token: the refresh token still works.
    expect((await refreshWebApp(mock, tokens.body.refresh_token)).status).toBe(200);
  });

  test('revoking a refresh token also revokes the access tokens of its grant', async () => {
    const mock = startMock();
    const tokens = await webAppTokens(mock);
    const refreshed = await refreshWebApp(mock, tokens.body.refresh_token);
    expect((await revokeWebApp(mock, refreshed.body.refresh_token)).status).toBe(200);

    expect((await refreshWebApp(mock, refreshed.body.refresh_token)).body.error).toBe('invalid_grant');
    expect((await getMe(mock, tokens.body.access_token)).status).toBe(401);
    expect((await getMe(mock, refreshed.body.access_token)).status).toBe(401);
    expect(mock.state.findToken(refreshed.body.refresh_token)?.revokedAt).toBeDefined();
  });

  test('an unknown token is a 200 (RFC 7009 §2.2)', async () => {
    const mock = startMock();
    expect((await revokeWebApp(mock, 'not-a-token')).status).toBe(200);
  });

  test('a public client revokes with client_id alone', async () => {
    const mock = startMock();
    const spa = await spaTokens(mock);
    const reply = await postForm(
      mock.imsBaseUrl,
      { token: spa.body.access_token, client_id: mock.credentials.spa.clientId },
      { path: '/ims/revoke' },
    );
    expect(reply.status).toBe(200);
    expect((await getMe(mock, spa.body.access_token)).status).toBe(401);
  });

  test("another client's token is refused and stays valid", async () => {
    const mock = startMock();
    const spa = await spaTokens(mock);
    const reply = await revokeWebApp(mock, spa.body.access_token);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('unauthorized_client');
    expect((await getMe(mock, spa.body.access_token)).status).toBe(200);
  });

  test('revoking needs client authentication', async () => {
    const mock = startMock();
    const tokens = await webAppTokens(mock);
    const reply = await postForm(
      mock.imsBaseUrl,
      { token: tokens.body.access_token },
      { path: '/ims/revoke' },
    );
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid_client');
    expect((await getMe(mock, tokens.body.access_token)).status).toBe(200);
  });
});
