import { describe, expect, test } from 'vitest';
import { decodeJwtPayload } from '../src/index.js';
import { basic, getMe, postForm, useMsw } from './support.js';

const { startMock } = useMsw();

describe('client_credentials (server-to-server)', () => {
  test('issues an IMS-shaped bearer token without refresh token for client_secret_post', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.serverToServer;
    const reply = await postForm(mock.imsBaseUrl, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'openid,AdobeID,frame.s2s.all',
    });

    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body).toMatchObject({ token_type: 'bearer', expires_in: 86400 });
    expect(reply.body.refresh_token).toBeUndefined();
    expect(reply.body.id_token).toBeUndefined();
    expect(decodeJwtPayload(reply.body.access_token)).toMatchObject({
      type: 'access_token',
      client_id: clientId,
      scope: 'openid,AdobeID,frame.s2s.all',
      expires_in: '86400000',
    });

    const me = await getMe(mock, reply.body.access_token);
    expect(me.status).toBe(200);
    expect((await me.json()).data.email).toBe(`${clientId}@techacct.adobe.com`);
  });

  test('accepts Basic client authentication, space-separated scopes and parameters in the query string', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.serverToServer;
    const response = await fetch(
      `${mock.imsBaseUrl}/ims/token/v3?grant_type=client_credentials&scope=${encodeURIComponent('openid AdobeID')}`,
      { method: 'POST', headers: { authorization: basic(clientId, clientSecret) } },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(decodeJwtPayload(body.access_token)?.scope).toBe('openid,AdobeID');
  });

  test('a wrong secret is invalid_client 401 and the description echoes no secret', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.serverToServer;
    const wrongSecret = 'wrong-secret-value';
    const viaPost = await postForm(mock.imsBaseUrl, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: wrongSecret,
      scope: 'openid',
    });
    const viaBasic = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'client_credentials', scope: 'openid' },
      { authorization: basic(clientId, wrongSecret) },
    );

    for (const reply of [viaPost, viaBasic]) {
      expect(reply.status).toBe(401);
      expect(reply.body.error).toBe('invalid_client');
      expect(reply.text).not.toContain(wrongSecret);
      expect(reply.text).not.toContain(clientSecret);
    }
    // RFC 6749 §5.2: a failed Authorization header gets a challenge.
    expect(viaBasic.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  test('an unknown client is invalid_client', async () => {
    const mock = startMock();
    const reply = await postForm(mock.imsBaseUrl, {
      grant_type: 'client_credentials',
      client_id: 'nobody',
      client_secret: 'x',
      scope: 'openid',
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid_client');
  });

  test('scopes outside the credential are invalid_scope, and so is no scope', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.serverToServer;
    const tooWide = await postForm(mock.imsBaseUrl, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'openid,offline_access',
    });
    expect(tooWide.status).toBe(400);
    expect(tooWide.body.error).toBe('invalid_scope');
    expect(tooWide.body.error_description).toContain('offline_access');

    const none = await postForm(mock.imsBaseUrl, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(none.status).toBe(400);
    expect(none.body.error).toBe('invalid_scope');
  });

  test('a user-flow credential cannot use client_credentials (unauthorized_client)', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.webApp;
    const reply = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'client_credentials', scope: 'openid' },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('unauthorized_client');
  });

  test('grant_type problems: missing is invalid_request, unknown is unsupported_grant_type', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.serverToServer;
    const missing = await postForm(mock.imsBaseUrl, { client_id: clientId, client_secret: clientSecret });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');

    const unknown = await postForm(mock.imsBaseUrl, {
      grant_type: 'password',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unsupported_grant_type');
  });

  test('a JSON body is invalid_request telling to send a form', async () => {
    const mock = startMock();
    const response = await fetch(`${mock.imsBaseUrl}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toContain('application/x-www-form-urlencoded');
  });

  test('Basic plus client_secret in the body is invalid_request (one method per request)', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.serverToServer;
    const reply = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'client_credentials', scope: 'openid', client_secret: clientSecret },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_request');
  });

  test('a public client that sends a secret is invalid_client', async () => {
    const mock = startMock();
    const reply = await postForm(mock.imsBaseUrl, {
      grant_type: 'refresh_token',
      refresh_token: 'whatever',
      client_id: mock.credentials.spa.clientId,
      client_secret: 'made-up',
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid_client');
  });

  test('state.tokenRequests counts requests per grant type, failed ones included', async () => {
    const mock = startMock();
    const { clientId, clientSecret } = mock.credentials.serverToServer;
    const form = { grant_type: 'client_credentials', client_id: clientId, scope: 'openid' };
    await postForm(mock.imsBaseUrl, { ...form, client_secret: clientSecret });
    await postForm(mock.imsBaseUrl, { ...form, client_secret: 'bad' });
    await postForm(mock.imsBaseUrl, { client_id: clientId });
    expect(mock.state.tokenRequests).toMatchObject({
      client_credentials: 2,
      authorization_code: 0,
      refresh_token: 0,
      '(missing)': 1,
    });
  });

  test('overridden credentials replace the demo ones', async () => {
    const mock = startMock({
      credentials: { serverToServer: { clientId: 'my-s2s', clientSecret: 'my-secret' } },
    });
    const reply = await postForm(mock.imsBaseUrl, {
      grant_type: 'client_credentials',
      client_id: 'my-s2s',
      client_secret: 'my-secret',
      scope: 'frame.s2s.all',
    });
    expect(reply.status).toBe(200);
  });
});
