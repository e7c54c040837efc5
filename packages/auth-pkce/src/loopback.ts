/// <reference types="node" />
// Node-only module (reached from src/node.ts only): RFC 8252 §7.3 loopback interface redirection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError } from '@frameio-v4/auth-core';
import { openInBrowser } from './open-browser.js';
import { PkceAuth, type PkceAuthOptions, type PkceSession } from './pkce-auth.js';

/** Default time to wait for the browser to come back: 5 minutes. */
export const DEFAULT_LOOPBACK_TIMEOUT_MS = 300_000;

/**
 * Options of {@link loginWithLoopback}: those of the {@link PkceAuth} it returns (the redirect URI is the
 * loopback one it listens on; the credential's Redirect URI pattern must allow
 * `http://127.0.0.1:<port><path>`), plus how to run the loopback server.
 */
export interface LoopbackLoginOptions extends Omit<PkceAuthOptions, 'redirectUri' | 'timeoutMs'> {
  /** Per-attempt timeout of IMS requests, in ms (the returned auth's `timeoutMs`). Default 30 000. */
  imsTimeoutMs?: number | undefined;
  /** Email to prefill on the Adobe sign-in page. */
  loginHint?: string | undefined;
  /** Local port; 0 (default) lets the OS pick a free one (RFC 8252 §7.3: any port must be accepted). */
  port?: number | undefined;
  /** Loopback IP literal to listen on: `127.0.0.1` (default) or `::1`. Not `localhost` (RFC 8252 §8.3). */
  host?: '127.0.0.1' | '::1' | undefined;
  /** Callback path. Default `/callback`. */
  path?: string | undefined;
  /**
   * How to show the sign-in URL. `true` (default): the platform opener (`open`, `xdg-open`, or
   * `rundll32 url.dll` on Windows), without a shell. `false`: only print it. A function: called with the URL.
   * Whenever the opener or function fails, or with `false`, the URL is printed to stderr.
   */
  openBrowser?: boolean | ((url: string) => Promise<void> | void) | undefined;
  /** Called with the sign-in URL before the browser is opened (e.g. to show it in your own UI). */
  onAuthorizationUrl?: ((url: string) => void) | undefined;
  /** How long to wait for the browser to come back, in ms. Default 300 000 (5 min). */
  timeoutMs?: number | undefined;
  /** Cancels the login; the call rejects with `signal.reason` and the port is closed. */
  signal?: AbortSignal | undefined;
}

/** What {@link loginWithLoopback} resolves to. */
export interface LoopbackLoginResult {
  /** Signed in: pass it to `createFrameioClient({ auth })`. */
  auth: PkceAuth;
  /** The redirect URI used, e.g. `http://127.0.0.1:53121/callback`. */
  redirectUri: string;
  /** What was granted (no secrets). */
  session: PkceSession;
}

/**
 * Nobody came back to the loopback redirect URI within `timeoutMs`. The local server is closed. Code
 * `loopback_timeout`.
 */
export class LoopbackTimeoutError extends AuthError {
  override readonly name: string = 'LoopbackTimeoutError';
  /** How long the login waited, in ms. */
  readonly timeoutMs: number;
  /** The redirect URI the browser was expected to reach. */
  readonly redirectUri: string;

  constructor(timeoutMs: number, redirectUri: string) {
    super(
      `loginWithLoopback: the browser did not come back to ${redirectUri} within ${Math.round(timeoutMs / 1000)} s, ` +
        'so the sign-in was abandoned and the local server closed. Run the login again, open the sign-in URL ' +
        'in a browser on this machine (it is passed to onAuthorizationUrl, or printed to stderr) and finish ' +
        'signing in, or pass a larger timeoutMs. If the browser ended on another page, the credential does ' +
        "not allow this redirect URI: IMS then uses the credential's Default Redirect URI instead (see the " +
        'README on loopback redirect URIs).',
      { code: 'loopback_timeout' },
    );
    this.timeoutMs = timeoutMs;
    this.redirectUri = redirectUri;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, redirectUri: this.redirectUri };
  }
}

function invalidOption(message: string): AuthError {
  return new AuthError(`loginWithLoopback: ${message}`, { code: 'invalid_options' });
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style>' +
    `</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>`
  );
}

/** Sends a small HTML page and resolves once it is handed to the OS, so closing the server cannot cut it. */
function respond(res: ServerResponse, status: number, html: string): Promise<void> {
  return new Promise<void>((resolve) => {
    res.once('close', () => resolve());
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
      // The page runs no script and loads nothing; the URL that led here carried a code: never send it on.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    res.end(html, () => resolve());
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new AuthError(
          `loginWithLoopback: cannot listen on ${host}:${port} (${error.code ?? error.message}). ` +
            (error.code === 'EADDRINUSE'
              ? 'The port is in use: pass port: 0 to let the OS pick a free one (IMS accepts any port on a loopback redirect URI).'
              : 'Check that this machine has a loopback interface and that the port is allowed.'),
          { code: 'loopback_listen_failed', cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    // Browsers keep connections alive; without this, close() would wait for them to time out.
    server.closeAllConnections();
  });
}

function printUrl(url: string): void {
  process.stderr.write(`\nOpen this URL in a browser to sign in with Adobe:\n\n  ${url}\n\n`);
}

/** Shows the URL as asked; every failure falls back to printing it, so the user can always go on. */
async function announce(url: string, openBrowser: LoopbackLoginOptions['openBrowser']): Promise<void> {
  if (openBrowser === false) {
    printUrl(url);
    return;
  }
  if (typeof openBrowser === 'function') {
    try {
      await openBrowser(url);
    } catch {
      printUrl(url);
    }
    return;
  }
  if (!(await openInBrowser(url))) printUrl(url);
}

/**
 * Signs a user in from a CLI or desktop app with the system browser and a one-shot local HTTP server on the
 * loopback interface (RFC 8252 §7.3): listens on `http://127.0.0.1:<port><path>`, opens the Adobe sign-in page,
 * waits for IMS to redirect back, checks `state`, answers the browser with a small "Signed in — you can close
 * this tab" (or error) page, and exchanges the code with PKCE. The server is closed in every case: success,
 * error, timeout and abort.
 *
 * The credential's Redirect URI pattern must allow `http://127.0.0.1:<any port>/callback`; see the README.
 *
 * @example
 * const { auth } = await loginWithLoopback({ clientId: process.env.ADOBE_CLIENT_ID! });
 * const { data } = await createFrameioClient({ auth }).GET('/v4/me');
 *
 * @throws {LoopbackTimeoutError} nobody came back within `timeoutMs`.
 * @throws {StateMismatchError} the redirect carried another `state`.
 * @throws {ImsError} IMS reported an error on the redirect (e.g. `access_denied`) or refused the code.
 * @throws {AuthError} `invalid_options` or `loopback_listen_failed`.
 */
export async function loginWithLoopback(options: LoopbackLoginOptions): Promise<LoopbackLoginResult> {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('pass an options object such as { clientId }.');
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const path = options.path ?? '/callback';
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOOPBACK_TIMEOUT_MS;
  if (host !== '127.0.0.1' && host !== '::1') {
    throw invalidOption(
      `host must be the loopback IP literal "127.0.0.1" or "::1", got "${String(host)}". RFC 8252 §8.3 ` +
        'advises against "localhost" (it may resolve elsewhere, and firewalls may treat it differently).',
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw invalidOption(
      `port must be a whole number from 0 to 65535 (0 picks a free one), got ${String(port)}.`,
    );
  }
  if (typeof path !== 'string' || !/^\/[^?#\s]*$/.test(path)) {
    throw invalidOption(`path must start with "/" and have no query or fragment, got "${String(path)}".`);
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw invalidOption(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}.`);
  }
  const { signal } = options;
  if (signal?.aborted) throw signal.reason;

  const server = createServer();
  try {
    await listen(server, port, host);
    const { port: boundPort } = server.address() as AddressInfo;
    const redirectUri = `http://${host === '::1' ? '[::1]' : host}:${boundPort}${path}`;
    const auth = new PkceAuth({
      clientId: options.clientId,
      redirectUri,
      scopes: options.scopes,
      store: options.store,
      storeKey: options.storeKey,
      imsBaseUrl: options.imsBaseUrl,
      fetch: options.fetch,
      refreshMarginMs: options.refreshMarginMs,
      now: options.now,
      timeoutMs: options.imsTimeoutMs,
      retries: options.retries,
      verifierLength: options.verifierLength,
      onStoreError: options.onStoreError,
    });
    const session = await waitForCallback(server, auth, redirectUri, path, timeoutMs, options);
    return { auth, redirectUri, session };
  } finally {
    await close(server);
  }
}

async function waitForCallback(
  server: Server,
  auth: PkceAuth,
  redirectUri: string,
  path: string,
  timeoutMs: number,
  options: LoopbackLoginOptions,
): Promise<PkceSession> {
  const { signal } = options;
  if (signal?.aborted) throw signal.reason;
  const request = await auth.getAuthorizationUrl({ scopes: options.scopes, loginHint: options.loginHint });
  if (signal?.aborted) throw signal.reason;
  // Aborts the code exchange too when the caller gives up.
  const exchange = new AbortController();

  return new Promise<PkceSession>((resolve, reject) => {
    let settled = false;
    let callbackSeen = false;
    const timer = setTimeout(() => fail(new LoopbackTimeoutError(timeoutMs, redirectUri)), timeoutMs);
    const onAbort = (): void => fail(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });

    function settle(): boolean {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    }
    function fail(error: unknown): void {
      if (!settle()) return;
      exchange.abort(error);
      reject(error);
    }

    const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== path) {
        // E.g. /favicon.ico: not ours, and not a reason to stop waiting.
        await respond(res, 404, page('Not found', `This local server only answers the sign-in callback.`));
        return;
      }
      if (req.method !== 'GET' || callbackSeen || settled) {
        await respond(
          res,
          callbackSeen || settled ? 409 : 405,
          page('Nothing to do here', 'This sign-in is not waiting for this request. You can close this tab.'),
        );
        return;
      }
      callbackSeen = true;
      // The browser is back: from now on only the code exchange (with its own IMS timeouts) is waited for.
      clearTimeout(timer);
      try {
        const callback = auth.parseCallback(url);
        const session = await auth.exchangeCode({
          code: callback.code,
          codeVerifier: request.codeVerifier,
          state: callback.state,
          expectedState: request.state,
          scopes: request.scopes,
          signal: exchange.signal,
        });
        await respond(res, 200, page('Signed in — you can close this tab', 'Return to the application.'));
        if (settle()) resolve(session);
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'The sign-in failed.';
        await respond(res, 400, page('Sign-in failed', `${reason} You can close this tab.`));
        fail(error);
      }
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      handle(req, res).catch((error: unknown) => fail(error));
    });

    try {
      options.onAuthorizationUrl?.(request.url);
    } catch (error) {
      fail(error);
      return;
    }
    announce(request.url, options.openBrowser).catch(() => printUrl(request.url));
  });
}
