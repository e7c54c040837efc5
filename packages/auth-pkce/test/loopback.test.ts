// Real HTTP end to end: the emulator runs as a node:http server and the login's loopback server is real too.
import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { createFrameioClient } from '@frameio-v4/api';
import { type MockServer, startMockServer } from '@frameio-v4/mock/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImsError, StateMismatchError } from '../src/index.js';
import { LoopbackTimeoutError, loginWithLoopback } from '../src/node.js';
import { openInBrowser, type SpawnFunction } from '../src/open-browser.js';
import { rejection } from './support.js';

let server: MockServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The port of the redirect_uri in an authorize URL. */
function redirectPort(authorizeUrl: string): number {
  const redirectUri = new URL(authorizeUrl).searchParams.get('redirect_uri') ?? '';
  return Number(new URL(redirectUri).port);
}

describe('loginWithLoopback (RFC 8252 loopback redirect)', () => {
  it('signs in through the browser redirect to 127.0.0.1 and the result calls GET /v4/me', async () => {
    server = await startMockServer({ authorize: 'auto' });
    const mockServer = server;
    let pageText = '';
    let announced = '';
    let browser: Promise<void> = Promise.resolve();

    const { auth, redirectUri, session } = await loginWithLoopback({
      clientId: mockServer.mock.credentials.spa.clientId,
      imsBaseUrl: mockServer.imsBaseUrl,
      loginHint: 'bob@example.com',
      onAuthorizationUrl: (url) => {
        announced = url;
      },
      // Plays the browser: opens the sign-in URL and follows IMS's redirect to the loopback server.
      openBrowser: (url) => {
        browser = (async () => {
          pageText = await (await fetch(url)).text();
        })();
      },
    });
    await browser;

    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(new URL(announced).searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(new URL(announced).searchParams.get('code_challenge_method')).toBe('S256');
    expect(pageText).toContain('Signed in — you can close this tab');
    expect(session.refreshable).toBe(true);
    const { data } = await createFrameioClient({ auth, baseUrl: mockServer.apiBaseUrl }).GET('/v4/me');
    expect(data?.data.email).toBe('bob@example.com');
    expect(await isListening(redirectPort(announced))).toBe(false);
  });

  it('times out with a typed error and closes the port', async () => {
    server = await startMockServer({ authorize: 'auto' });
    let announced = '';
    const error = await rejection(
      loginWithLoopback({
        clientId: server.mock.credentials.spa.clientId,
        imsBaseUrl: server.imsBaseUrl,
        timeoutMs: 200,
        openBrowser: (url) => {
          announced = url;
        },
      }),
    );

    expect(error).toBeInstanceOf(LoopbackTimeoutError);
    expect(error).toMatchObject({ code: 'loopback_timeout', timeoutMs: 200 });
    expect((error as Error).message).toMatch(/did not come back to http:\/\/127\.0\.0\.1:\d+\/callback/);
    expect((error as Error).message).toMatch(/larger timeoutMs/);
    expect(await isListening(redirectPort(announced))).toBe(false);
    expect(server.mock.state.tokenRequests.authorization_code).toBe(0);
  });

  // Real time: 10 s leave the browser leg room on a slow machine, and the exchange outlasts them.
  const BROWSER_TIMEOUT_MS = 10_000;
  it('the timeout covers waiting for the browser, not a slow code exchange after it came back', {
    timeout: BROWSER_TIMEOUT_MS + 15_000,
  }, async () => {
    server = await startMockServer({ authorize: 'auto' });
    server.mock.faults.add({
      match: { path: '/ims/token/v3' },
      fault: { kind: 'delay', ms: BROWSER_TIMEOUT_MS + 1_000 },
    });
    let browser: Promise<void> = Promise.resolve();
    const { auth } = await loginWithLoopback({
      clientId: server.mock.credentials.spa.clientId,
      imsBaseUrl: server.imsBaseUrl,
      timeoutMs: BROWSER_TIMEOUT_MS,
      openBrowser: (url) => {
        browser = fetch(url).then((page) => page.text().then(() => undefined));
      },
    });
    await browser;
    expect(await auth.isSignedIn()).toBe(true);
  });

  it('stops when the signal aborts, rejecting with its reason, and closes the port', async () => {
    server = await startMockServer({ authorize: 'auto' });
    const controller = new AbortController();
    let announced = '';
    const login = loginWithLoopback({
      clientId: server.mock.credentials.spa.clientId,
      imsBaseUrl: server.imsBaseUrl,
      signal: controller.signal,
      openBrowser: (url) => {
        announced = url;
        controller.abort(new Error('user pressed Ctrl+C'));
      },
    });

    await expect(login).rejects.toThrow('user pressed Ctrl+C');
    expect(await isListening(redirectPort(announced))).toBe(false);
  });

  it('shows an error page and rejects when the user denies access on the consent page', async () => {
    server = await startMockServer({ authorize: 'consent' });
    const mockServer = server;
    let pageText = '';
    let browser: Promise<void> = Promise.resolve();
    const error = await rejection(
      loginWithLoopback({
        clientId: mockServer.mock.credentials.spa.clientId,
        imsBaseUrl: mockServer.imsBaseUrl,
        openBrowser: (url) => {
          browser = (async () => {
            const consent = await (await fetch(url)).text();
            const requestId = /name="request_id" value="([^"]+)"/.exec(consent)?.[1] ?? '';
            const denied = await fetch(`${mockServer.imsBaseUrl}/ims/authorize/v2/consent`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ request_id: requestId, decision: 'deny' }),
            });
            pageText = await denied.text();
          })();
        },
      }),
    );
    await browser;

    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ code: 'access_denied' });
    expect(pageText).toContain('Sign-in failed');
    expect(mockServer.mock.state.tokenRequests.authorization_code).toBe(0);
  });

  it('rejects a callback with a forged state without exchanging its code', async () => {
    server = await startMockServer({ authorize: 'auto' });
    const mockServer = server;
    let status = 0;
    let code = '';
    let errorPage = '';
    let browser: Promise<void> = Promise.resolve();
    const error = await rejection(
      loginWithLoopback({
        clientId: mockServer.mock.credentials.spa.clientId,
        imsBaseUrl: mockServer.imsBaseUrl,
        openBrowser: (url) => {
          browser = (async () => {
            const redirect = await fetch(url, { redirect: 'manual' });
            const location = new URL(redirect.headers.get('location') ?? '');
            location.searchParams.set('state', 'forged');
            code = location.searchParams.get('code') ?? '';
            const page = await fetch(location);
            status = page.status;
            errorPage = await page.text();
          })();
        },
      }),
    );
    await browser;

    expect(error).toBeInstanceOf(StateMismatchError);
    expect(status).toBe(400);
    expect(errorPage).toContain('Sign-in failed');
    expect(code).not.toBe('');
    expect(errorPage).not.toContain(code);
    expect(mockServer.mock.state.tokenRequests.authorization_code).toBe(0);
  });

  it('prints the URL to stderr when openBrowser is false', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    await expect(
      loginWithLoopback({ clientId: 'spa', timeoutMs: 50, openBrowser: false }),
    ).rejects.toBeInstanceOf(LoopbackTimeoutError);
    expect(written.join('')).toMatch(
      /https:\/\/ims-na1\.adobelogin\.com\/ims\/authorize\/v2\?client_id=spa&/,
    );
  });

  it('refuses localhost and other non-literal hosts (RFC 8252 §8.3)', async () => {
    await expect(
      loginWithLoopback({ clientId: 'spa', host: 'localhost' as '127.0.0.1' }),
    ).rejects.toMatchObject({ code: 'invalid_options', message: expect.stringMatching(/8252/) });
  });
});

describe('openInBrowser', () => {
  function fakeSpawn(outcome: { error?: Error; exitCode?: number }) {
    const calls: { command: string; args: readonly string[] }[] = [];
    const spawn: SpawnFunction = (command, args) => {
      calls.push({ command, args });
      const child = Object.assign(new EventEmitter(), { unref: () => undefined });
      queueMicrotask(() => {
        if (outcome.error) child.emit('error', outcome.error);
        else child.emit('exit', outcome.exitCode ?? 0);
      });
      return child;
    };
    return { spawn, calls };
  }

  it('runs the platform opener with the URL as one argument, without a shell', async () => {
    const url = 'https://ims.example/authorize?a=1&b=2';
    for (const [platform, command, args] of [
      ['darwin', 'open', [url]],
      ['linux', 'xdg-open', [url]],
      ['win32', 'rundll32.exe', ['url.dll,FileProtocolHandler', url]],
    ] as const) {
      const { spawn, calls } = fakeSpawn({ exitCode: 0 });
      expect(await openInBrowser(url, platform, spawn)).toBe(true);
      expect(calls).toEqual([{ command, args }]);
    }
  });

  it('reports failure when the opener is missing or fails, and never opens a non-http URL', async () => {
    const missing = fakeSpawn({
      error: Object.assign(new Error('spawn xdg-open ENOENT'), { code: 'ENOENT' }),
    });
    expect(await openInBrowser('https://ims.example/a', 'linux', missing.spawn)).toBe(false);
    expect(await openInBrowser('https://ims.example/a', 'linux', fakeSpawn({ exitCode: 3 }).spawn)).toBe(
      false,
    );
    const file = fakeSpawn({ exitCode: 0 });
    expect(await openInBrowser('file:///etc/passwd', 'linux', file.spawn)).toBe(false);
    expect(file.calls).toEqual([]);
  });
});
