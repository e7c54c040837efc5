import { useMswServer } from '@frameio-v4/test-support/msw';
import { createFrameioMock, type FrameioMock, type FrameioMockOptions } from '../src/index.js';

/** A web-app-style redirect URI accepted by the default loopback pattern. */
export const REDIRECT_URI = 'http://127.0.0.1:3000/callback';

/**
 * One msw server per test file (`onUnhandledRequest: 'error'`); each test starts its own mock with
 * `startMock(options)`, and its handlers are removed after the test.
 */
export function useMsw(): { startMock(options?: FrameioMockOptions): FrameioMock } {
  const server = useMswServer();
  return {
    startMock(options) {
      const mock = createFrameioMock(options);
      server.use(...mock.handlers);
      return mock;
    },
  };
}

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** A fresh PKCE verifier and its S256 challenge (RFC 7636 §4.1-4.2). */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)) };
}

/** The authorize URL for `params`. */
export function authorizeUrl(base: string, params: Record<string, string>): URL {
  const url = new URL(`${base}/ims/authorize/v2`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

/** GETs the authorize URL without following the redirect. */
export function authorize(
  base: string,
  params: Record<string, string>,
  headers?: HeadersInit,
): Promise<Response> {
  return fetch(authorizeUrl(base, params), { redirect: 'manual', ...(headers ? { headers } : {}) });
}

/** The query (or fragment) parameters of a 302's Location. */
export function redirectParams(response: Response, from: 'query' | 'fragment' = 'query'): URLSearchParams {
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`expected a 302 with Location, got ${response.status}`);
  }
  const url = new URL(location);
  return from === 'query' ? url.searchParams : new URLSearchParams(url.hash.slice(1));
}

/** `Basic base64(urlencode(id):urlencode(secret))`, RFC 6749 §2.3.1. */
export function basic(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret)}`)}`;
}

/** The parsed answer of a token / revoke request. */
export interface OAuthReply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test helper; each test asserts the fields it reads.
  body: any;
}

/** POSTs a form to an IMS endpoint (default the token endpoint). */
export async function postForm(
  base: string,
  params: Record<string, string>,
  options: { authorization?: string; path?: string } = {},
): Promise<OAuthReply> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (options.authorization) headers.authorization = options.authorization;
  const response = await fetch(`${base}${options.path ?? '/ims/token/v3'}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Signs in through the web app credential (auto mode) and returns the code. */
export async function webAppCode(
  mock: FrameioMock,
  extra: Record<string, string> = {},
): Promise<{ code: string; params: URLSearchParams }> {
  const response = await authorize(mock.imsBaseUrl, {
    client_id: mock.credentials.webApp.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid,AdobeID,offline_access',
    state: 'state-1',
    ...extra,
  });
  const params = redirectParams(response);
  const code = params.get('code');
  if (!code) throw new Error(`no code in redirect: ${params.toString()}`);
  return { code, params };
}

/** Web app sign-in plus code exchange (Basic auth): the tokens a user flow ends with. */
export async function webAppTokens(
  mock: FrameioMock,
  extra: Record<string, string> = {},
): Promise<OAuthReply> {
  const { code } = await webAppCode(mock, extra);
  const { clientId, clientSecret } = mock.credentials.webApp;
  return postForm(
    mock.imsBaseUrl,
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
    { authorization: basic(clientId, clientSecret) },
  );
}

/** GET /v4/me with a bearer token. */
export function getMe(mock: { apiBaseUrl: string }, token?: string, headers: Record<string, string> = {}) {
  return fetch(`${mock.apiBaseUrl}/v4/me`, {
    headers: { ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

/** Reads the consent form of an HTML page: its action and hidden fields. */
export function parseConsentForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no consent form in the page');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] as string] = match[2] as string;
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
}
