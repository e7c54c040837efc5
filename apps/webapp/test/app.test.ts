import { DEFAULT_SEED_IDS } from '@frameio-v4/mock';
import { type MockServer, startMockServer } from '@frameio-v4/mock/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, SESSION_COOKIE, STATE_COOKIE, type WebApp } from '../src/app.js';

const APP = 'http://127.0.0.1:4999';
const SECRET = 'test-session-secret-0123456789';

let emulator: MockServer;
let webApp: WebApp;

beforeAll(async () => {
  emulator = await startMockServer();
  webApp = createApp({
    ...emulator.mock.credentials.webApp,
    redirectUri: `${APP}/callback`,
    sessionSecret: SECRET,
    imsBaseUrl: emulator.imsBaseUrl,
    apiBaseUrl: emulator.apiBaseUrl,
    onError: () => undefined,
  });
});
afterAll(async () => {
  await emulator.close();
});

function get(path: string, cookie?: string): Promise<Response> {
  return webApp.fetch(new Request(`${APP}${path}`, cookie ? { headers: { cookie } } : {}));
}

/** `name=value` of each Set-Cookie, and the raw header per name. */
function cookiesOf(response: Response): Map<string, { pair: string; header: string }> {
  const cookies = new Map<string, { pair: string; header: string }>();
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0] ?? '';
    cookies.set(pair.split('=')[0] ?? '', { pair, header });
  }
  return cookies;
}

async function startLogin(): Promise<{ authorizeUrl: URL; stateCookie: string; setCookie: string }> {
  const response = await get('/login');
  expect(response.status).toBe(302);
  const state = cookiesOf(response).get(STATE_COOKIE);
  if (!state) throw new Error('no state cookie');
  return {
    authorizeUrl: new URL(response.headers.get('location') ?? ''),
    stateCookie: state.pair,
    setCookie: state.header,
  };
}

/** Runs the whole sign-in without a browser: the emulator approves at once when Accept is not HTML. */
async function signIn(loginHint: string): Promise<{ sessionCookie: string; setCookie: string }> {
  const { authorizeUrl, stateCookie } = await startLogin();
  authorizeUrl.searchParams.set('login_hint', loginHint);
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = new URL(authorize.headers.get('location') ?? '');
  const response = await get(`${callback.pathname}${callback.search}`, stateCookie);
  expect(response.status).toBe(303);
  const session = cookiesOf(response).get(SESSION_COOKIE);
  if (!session) throw new Error('no session cookie');
  return { sessionCookie: session.pair, setCookie: session.header };
}

describe('signed out', () => {
  it('offers "Sign in with Adobe" on the home page', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in with Adobe');
  });

  it.each([
    `/workspaces/${DEFAULT_SEED_IDS.mainWorkspaceId}?account=${DEFAULT_SEED_IDS.accountId}`,
    `/projects/${DEFAULT_SEED_IDS.projectId}?account=${DEFAULT_SEED_IDS.accountId}`,
    `/folders/${DEFAULT_SEED_IDS.rootFolderId}?account=${DEFAULT_SEED_IDS.accountId}`,
  ])('redirects %s to sign-in', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
  });
});

describe('/login', () => {
  it('redirects to IMS with a state kept in a short-lived, signed, httpOnly, SameSite=Lax cookie', async () => {
    const { authorizeUrl, stateCookie, setCookie } = await startLogin();
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${emulator.imsBaseUrl}/ims/authorize/v2`);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${APP}/callback`);
    const state = authorizeUrl.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThan(20);
    // Signed: the value is the state plus an HMAC, not the state alone.
    expect(decodeURIComponent(stateCookie.slice(STATE_COOKIE.length + 1))).toMatch(
      new RegExp(`^${state}\\.`),
    );
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Max-Age=600/);
    expect(setCookie).not.toMatch(/; Secure/);
  });
});

describe('/callback', () => {
  it('refuses a state that differs from the cookie with a 400 page, without calling IMS', async () => {
    const before = emulator.mock.state.tokenRequests.authorization_code ?? 0;
    const { stateCookie } = await startLogin();
    const response = await get('/callback?code=some-code&state=forged-state', stateCookie);
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('Sign-in could not be verified');
    expect(body).toContain('href="/login"');
    expect(body).not.toContain('some-code');
    expect(emulator.mock.state.tokenRequests.authorization_code ?? 0).toBe(before);
  });

  it('refuses a callback when the state cookie is missing or its signature is forged', async () => {
    const before = emulator.mock.state.tokenRequests.authorization_code ?? 0;
    const { authorizeUrl } = await startLogin();
    const state = authorizeUrl.searchParams.get('state') ?? '';
    for (const cookie of [undefined, `${STATE_COOKIE}=${encodeURIComponent(`${state}.forgedsignature=`)}`]) {
      const response = await get(`/callback?code=some-code&state=${state}`, cookie);
      expect(response.status).toBe(400);
    }
    expect(emulator.mock.state.tokenRequests.authorization_code ?? 0).toBe(before);
  });

  it('shows what to do when the user declined on the IMS page', async () => {
    const response = await get('/callback?error=access_denied&error_description=declined&state=x');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Sign in again');
  });
});

describe('signed in', () => {
  it('sets a signed, httpOnly, SameSite=Lax session cookie and shows the user and their workspaces', async () => {
    const { sessionCookie, setCookie } = await signIn('alice@example.com');
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    const page = await (await get('/', sessionCookie)).text();
    expect(page).toContain('Alice Example');
    expect(page).toContain('Main Workspace');
    expect(page).toContain('Archive');
  });

  it('never renders the access or refresh token', async () => {
    const { sessionCookie } = await signIn('bob@example.com');
    const tokens = await webApp.auth.forUser('b0b00000-0000-4000-8000-000000000002').exportTokens();
    expect(tokens?.accessToken).toBeTruthy();
    const pages = [
      '/',
      `/workspaces/${DEFAULT_SEED_IDS.mainWorkspaceId}?account=${DEFAULT_SEED_IDS.accountId}`,
      `/projects/${DEFAULT_SEED_IDS.projectId}?account=${DEFAULT_SEED_IDS.accountId}`,
    ];
    for (const path of pages) {
      const body = await (await get(path, sessionCookie)).text();
      expect(body).toContain('Bob Example');
      expect(body).not.toContain(tokens?.accessToken);
      if (tokens?.refreshToken) expect(body).not.toContain(tokens.refreshToken);
    }
  });

  it('lists the project root folder: folders and files with sizes', async () => {
    const { sessionCookie } = await signIn('alice@example.com');
    const response = await get(
      `/projects/${DEFAULT_SEED_IDS.projectId}?account=${DEFAULT_SEED_IDS.accountId}`,
      sessionCookie,
    );
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).toContain('Footage');
    expect(body).toContain('notes.txt');
    expect(body).toContain('Graphics');
    expect(body).toMatch(/notes\.txt<\/td><td>text\/plain<\/td><td class="size">\d+ B</);
  });

  it('shows the API error on a page for an unknown project', async () => {
    const { sessionCookie } = await signIn('alice@example.com');
    const response = await get(
      `/projects/cafe0000-0000-4000-8000-0000000000ff?account=${DEFAULT_SEED_IDS.accountId}`,
      sessionCookie,
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('404');
  });

  it('treats a tampered session cookie as signed out', async () => {
    const { sessionCookie } = await signIn('alice@example.com');
    // Flip one character of the signed session id (always to a different one).
    const at = SESSION_COOKIE.length + 3;
    const flipped = sessionCookie[at] === 'A' ? 'B' : 'A';
    const tampered = `${sessionCookie.slice(0, at)}${flipped}${sessionCookie.slice(at + 1)}`;
    expect(tampered).not.toBe(sessionCookie);
    const page = await (await get('/', tampered)).text();
    expect(page).toContain('Sign in with Adobe');
    expect(page).not.toContain('Alice Example');
  });

  it('refuses a sign-out posted from another origin', async () => {
    const { sessionCookie } = await signIn('alice@example.com');
    const response = await webApp.fetch(
      new Request(`${APP}/logout`, {
        method: 'POST',
        headers: { cookie: sessionCookie, origin: 'https://evil.example' },
      }),
    );
    expect(response.status).toBe(403);
    expect(await (await get('/', sessionCookie)).text()).toContain('Alice Example');
  });
});

describe('/logout', () => {
  it("revokes the user's tokens at IMS, forgets the session and clears the cookie", async () => {
    const { sessionCookie } = await signIn('alice@example.com');
    const response = await webApp.fetch(
      new Request(`${APP}/logout`, { method: 'POST', headers: { cookie: sessionCookie, origin: APP } }),
    );
    expect(response.status).toBe(303);
    expect(cookiesOf(response).get(SESSION_COOKIE)?.header).toMatch(/Max-Age=0/);
    const alice = emulator.mock.state
      .refreshTokens()
      .filter((token) => token.userId === 'a11ce000-0000-4000-8000-000000000001');
    expect(alice.length).toBeGreaterThan(0);
    expect(alice.every((token) => token.revokedAt !== undefined)).toBe(true);
    // The old cookie no longer signs anyone in.
    expect(await (await get('/', sessionCookie)).text()).toContain('Sign in with Adobe');
  });
});

describe('over https', () => {
  it('marks the cookies Secure', async () => {
    const secureApp = createApp({
      ...emulator.mock.credentials.webApp,
      redirectUri: 'https://app.example.com/callback',
      sessionSecret: SECRET,
      imsBaseUrl: emulator.imsBaseUrl,
      apiBaseUrl: emulator.apiBaseUrl,
    });
    const response = await secureApp.fetch(new Request('https://app.example.com/login'));
    expect(cookiesOf(response).get(STATE_COOKIE)?.header).toMatch(/; Secure/);
  });
});
