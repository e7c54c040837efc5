import { describe, expect, test } from 'vitest';
import type { FrameioMock } from '../src/index.js';
import {
  authorize,
  basic,
  getMe,
  parseConsentForm,
  postForm,
  REDIRECT_URI,
  redirectParams,
  useMsw,
} from './support.js';

const { startMock } = useMsw();
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

async function openConsent(mock: FrameioMock, extra: Record<string, string> = {}, headers = HTML) {
  return authorize(
    mock.imsBaseUrl,
    {
      client_id: mock.credentials.webApp.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid AdobeID offline_access',
      state: 'consent-state',
      ...extra,
    },
    headers,
  );
}

function submit(action: string, fields: Record<string, string>) {
  return fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

describe('consent page', () => {
  test('a browser (Accept: text/html) gets the page with client, scopes, user picker and Approve button', async () => {
    const mock = startMock();
    const response = await openConsent(mock);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<button type="submit" id="approve">Approve</button>');
    expect(html).toContain('Mock Web App');
    expect(html).toContain('<code>offline_access</code>');
    expect(html).toContain('alice@example.com');
    expect(html).toContain('bob@example.com');
    expect(parseConsentForm(html).action).toBe(`${mock.imsBaseUrl}/ims/authorize/v2/consent`);
  });

  test('posting the form redirects with code and state, for the user picked', async () => {
    const mock = startMock();
    const { action, fields } = parseConsentForm(await (await openConsent(mock)).text());
    const bob = [...mock.state.users.values()].find((user) => user.email === 'bob@example.com');
    const redirect = await submit(action, { ...fields, user: bob?.id as string });
    const params = redirectParams(redirect);
    expect(params.get('state')).toBe('consent-state');

    const { clientId, clientSecret } = mock.credentials.webApp;
    const tokens = await postForm(
      mock.imsBaseUrl,
      { grant_type: 'authorization_code', code: params.get('code') as string, redirect_uri: REDIRECT_URI },
      { authorization: basic(clientId, clientSecret) },
    );
    expect(tokens.status).toBe(200);
    expect((await (await getMe(mock, tokens.body.access_token)).json()).data.email).toBe('bob@example.com');
  });

  test('without a user field the login_hint user, else the first user, signs in', async () => {
    const mock = startMock();
    const { action, fields } = parseConsentForm(
      await (await openConsent(mock, { login_hint: 'bob@example.com' })).text(),
    );
    const code = redirectParams(await submit(action, fields)).get('code') as string;
    expect(mock.state.findCode(code)?.userId).toBe('b0b00000-0000-4000-8000-000000000002');
  });

  test('Deny redirects with error=access_denied and the state', async () => {
    const mock = startMock();
    const { action, fields } = parseConsentForm(await (await openConsent(mock)).text());
    const params = redirectParams(await submit(action, { ...fields, decision: 'deny' }));
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe('consent-state');
    expect(params.get('code')).toBeNull();
  });

  test('a consent form can be answered once, and not after codeTtlMs', async () => {
    const mock = startMock({ codeTtlMs: 5_000 });
    const first = parseConsentForm(await (await openConsent(mock)).text());
    expect((await submit(first.action, first.fields)).status).toBe(302);
    const again = await submit(first.action, first.fields);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Start again');

    const late = parseConsentForm(await (await openConsent(mock)).text());
    mock.clock.advance(5_000);
    expect((await submit(late.action, late.fields)).status).toBe(400);
  });

  test("authorize mode: 'auto' redirects browsers too, 'consent' shows the page to any client", async () => {
    const auto = startMock({ authorize: 'auto' });
    expect((await openConsent(auto)).status).toBe(302);
    const consent = startMock({ authorize: 'consent', imsBaseUrl: 'https://ims-consent.example' });
    expect((await openConsent(consent, {}, { accept: '*/*' })).status).toBe(200);
  });

  test('by default a non-browser client is redirected at once, and prompt=none never shows the page', async () => {
    const mock = startMock();
    expect((await openConsent(mock, {}, { accept: 'application/json' })).status).toBe(302);
    expect((await openConsent(mock, { prompt: 'none' })).status).toBe(302);
  });

  test('values from the request are HTML-escaped', async () => {
    const mock = startMock({ authorize: 'consent' });
    const html = await (
      await openConsent(mock, { redirect_uri: 'https://app.example/cb?x="><script>alert(1)</script>' })
    ).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
