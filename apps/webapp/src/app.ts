import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  createFrameioClient,
  FrameioApiError,
  type FrameioClient,
  paginate,
  type Schemas,
  unwrap,
} from '@frameio-v4/api';
import {
  AuthError,
  type AuthorizationCallback,
  AuthorizationCallbackError,
  ImsError,
  MemoryTokenStore,
  parseCallback,
  ReauthenticationRequiredError,
  StateMismatchError,
  type TokenStore,
  WebAppAuth,
} from '@frameio-v4/auth-webapp';
import type { MockServer } from '@frameio-v4/mock/node';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { formatBytes, html, page, type SafeHtml } from './html.js';
import { MemorySessionStore, type WebSession } from './sessions.js';

/** Name of the signed cookie holding the session id. */
export const SESSION_COOKIE = 'fio_session';
/** Name of the signed cookie holding the OAuth `state` between `/login` and `/callback`. */
export const STATE_COOKIE = 'fio_oauth_state';
/** How long a sign-in may take between `/login` and `/callback` (the emulator's and IMS's codes live 10 min). */
const STATE_TTL_SECONDS = 600;
const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** V4 lists: up to 100 items per page for accounts, workspaces and projects, 500 for folder children. */
const PAGE_SIZE = 100;
const ASSET_PAGE_SIZE = 500;

/** Options of {@link createApp}. */
export interface WebAppOptions {
  /** Client ID of the OAuth Web App credential. */
  clientId: string;
  /** Its client secret; kept inside `WebAppAuth`, never rendered or logged. */
  clientSecret: string;
  /** The app's `/callback` URL as registered with the credential; its origin is the app's URL. */
  redirectUri: string;
  /** Key that signs the cookies (HMAC-SHA256). Keep it stable across restarts to keep sessions. */
  sessionSecret: string;
  /** IMS root; default `https://ims-na1.adobelogin.com`. */
  imsBaseUrl?: string;
  /** API root; default `https://api.frame.io`. */
  apiBaseUrl?: string;
  /** Where each user's tokens are kept; default a `MemoryTokenStore` (one process). */
  store?: TokenStore;
  /** How long a browser session lasts; default 8 hours. */
  sessionTtlMs?: number;
  /** Clock in epoch ms; inject one in tests. */
  now?: () => number;
  /** Where unexpected errors are reported; default `console.error`. Messages never contain secrets. */
  onError?: (message: string) => void;
}

/** The app built by {@link createApp}. */
export interface WebApp {
  /** The Hono app: mount it, or call `app.fetch(request)`. */
  readonly app: Hono;
  /** Handles one request; what `@hono/node-server` and tests call. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The one `WebAppAuth` shared by every user. */
  readonly auth: WebAppAuth;
}

type Account = Schemas['Account'];
type Asset = Schemas['AssetWithIncludes'];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function errorPage(title: string, message: SafeHtml | string, user?: WebSession): string {
  return page(title, html`<h1>${title}</h1><div class="error" id="error"><p>${message}</p></div>`, user);
}

/** Absolute links need the account id: V4 paths are all under `/v4/accounts/{account_id}`. */
function link(path: string, accountId: string): string {
  return `${path}?account=${encodeURIComponent(accountId)}`;
}

/**
 * Builds the web app: "Sign in with Adobe" (authorization code grant, RFC 6749 §4.1) with a state check,
 * a signed session cookie, and pages listing the user's workspaces, projects and files.
 */
export function createApp(options: WebAppOptions): WebApp {
  const now = options.now ?? Date.now;
  const store = options.store ?? new MemoryTokenStore();
  const secret = options.sessionSecret;
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new TypeError(
      'sessionSecret must be a string of at least 16 characters (e.g. 32 random bytes, base64).',
    );
  }
  const appUrl = new URL(options.redirectUri);
  const callbackPath = appUrl.pathname;
  const apiBaseUrl = options.apiBaseUrl ?? 'https://api.frame.io';
  const sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const reportError = options.onError ?? ((message: string) => console.error(message));
  const auth = new WebAppAuth({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    store,
    now,
    ...(options.imsBaseUrl ? { imsBaseUrl: options.imsBaseUrl } : {}),
  });
  const sessions = new MemorySessionStore(now);

  // SameSite=Lax: the cookies still come along on IMS's top-level GET redirect to /callback, but not on
  // cross-site POSTs (so /logout cannot be forged). Secure whenever the app is served over https.
  const cookieBase: CookieOptions = {
    httpOnly: true,
    sameSite: 'Lax',
    secure: appUrl.protocol === 'https:',
    path: '/',
  };

  const clientFor = (userKey: string): FrameioClient =>
    createFrameioClient({ auth: auth.forUser(userKey), baseUrl: apiBaseUrl });

  async function currentSession(c: Context): Promise<{ id: string; session: WebSession } | undefined> {
    const id = await getSignedCookie(c, secret, SESSION_COOKIE);
    if (!id) return undefined;
    const session = sessions.get(id);
    return session ? { id, session } : undefined;
  }

  /** The signed-in user's session, or a redirect to sign-in. */
  async function requireSession(c: Context): Promise<WebSession | Response> {
    const current = await currentSession(c);
    return current ? current.session : c.redirect('/login', 302);
  }

  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    // Pages show private data: never cache them. same-origin keeps the callback's code out of the Referer of
    // other sites, while our own form posts keep a real Origin (no-referrer would make it "null").
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  app.onError(async (error, c) => {
    const current = await currentSession(c);
    if (error instanceof ReauthenticationRequiredError) {
      // The user's tokens are gone (revoked, refresh token expired): drop the session and sign in again.
      if (current) sessions.delete(current.id);
      deleteCookie(c, SESSION_COOKIE, cookieBase);
      return c.redirect('/login', 302);
    }
    if (error instanceof FrameioApiError) {
      const status = error.status === 404 || error.status === 403 ? error.status : 502;
      return c.html(
        errorPage(
          'Frame.io answered with an error',
          html`${error.message}<br>Go back to <a href="/">your workspaces</a> and try again.`,
          current?.session,
        ),
        status,
      );
    }
    reportError(`Unexpected error on ${c.req.method} ${c.req.path}: ${error.name}: ${error.message}`);
    return c.html(
      errorPage(
        'Something went wrong',
        'The server failed to answer. Try again; if it persists, check the server log.',
      ),
      500,
    );
  });

  app.get('/', async (c) => {
    const current = await currentSession(c);
    if (!current) {
      return c.html(
        page(
          'Sign in',
          html`<h1>Frame.io V4 web app example</h1>
<p>Sign in with your Adobe ID to see your Frame.io workspaces, projects and files.</p>
<p><a class="button" id="sign-in" href="/login">Sign in with Adobe</a></p>`,
        ),
      );
    }
    const { session } = current;
    const client = clientFor(session.userKey);
    const accounts: Account[] = await collect(
      paginate(client, '/v4/accounts', { params: { query: { page_size: PAGE_SIZE } } }),
    );
    const sections = await Promise.all(
      accounts.map(async (account) => {
        const workspaces = await collect(
          paginate(client, '/v4/accounts/{account_id}/workspaces', {
            params: { path: { account_id: account.id }, query: { page_size: PAGE_SIZE } },
          }),
        );
        const items = workspaces.map(
          (workspace) =>
            html`<li><a href="${link(`/workspaces/${encodeURIComponent(workspace.id)}`, account.id)}">${workspace.name}</a></li>`,
        );
        return html`<section class="account"><h2>${account.display_name}</h2>
${items.length > 0 ? html`<ul class="workspaces">${items}</ul>` : html`<p>No workspaces in this account.</p>`}</section>`;
      }),
    );
    return c.html(
      page(
        'Workspaces',
        html`<h1>Your workspaces</h1>
<p>Signed in as <strong id="signed-in-as">${session.name}</strong>${session.email ? html` (${session.email})` : ''}.</p>
${sections.length > 0 ? sections : html`<p>You are not a member of any Frame.io account.</p>`}`,
        session,
      ),
    );
  });

  app.get('/login', async (c) => {
    const { url, state } = auth.getAuthorizationUrl();
    await setSignedCookie(c, STATE_COOKIE, state, secret, { ...cookieBase, maxAge: STATE_TTL_SECONDS });
    return c.redirect(url, 302);
  });

  app.get(callbackPath, async (c) => {
    const expectedState = await getSignedCookie(c, secret, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, cookieBase);
    const tryAgain = html`<a href="/login">Sign in again</a>.`;
    let callback: AuthorizationCallback;
    try {
      callback = parseCallback(c.req.url);
    } catch (error) {
      if (error instanceof AuthorizationCallbackError) {
        const declined = error.code === 'access_denied';
        return c.html(
          errorPage(
            declined ? 'Sign-in was declined' : 'Adobe could not sign you in',
            html`${error.message} ${tryAgain}`,
          ),
          declined ? 403 : 502,
        );
      }
      if (error instanceof AuthError) {
        return c.html(errorPage('Not a sign-in callback', html`${error.message} ${tryAgain}`), 400);
      }
      throw error;
    }

    // The code is exchanged under a throwaway key: the stable key (the Frame.io user id) is only known once
    // the new token can call /v4/me. The auth-webapp README says never to key tokens by a cookie value.
    const pending = auth.forUser(`pending:${randomUUID()}`);
    let me: Schemas['ProfileResponse']['data'];
    try {
      await pending.exchangeCode({
        code: callback.code,
        state: callback.state,
        // An empty value (no cookie, or a forged signature) is refused as `state_missing`.
        expectedState: typeof expectedState === 'string' ? expectedState : '',
      });
      me = (await unwrap(createFrameioClient({ auth: pending, baseUrl: apiBaseUrl }).GET('/v4/me'))).data;
      const tokens = await pending.exportTokens();
      if (!tokens)
        throw new AuthError('The new sign-in was lost from the token store. Sign in again.', {
          code: 'not_signed_in',
        });
      const user = auth.forUser(me.id);
      // The user signed in before (maybe in another browser): their sessions share one record, so the
      // grant being replaced is used by nobody any more. Revoke it rather than leave it live at IMS.
      if (await user.exportTokens()) {
        await user.revoke().catch((error: unknown) => {
          reportError(`Sign-in: revoking the replaced tokens at IMS failed: ${String(error)}`);
        });
      }
      await user.importTokens(tokens);
      await store.delete(pending.storeKey);
    } catch (error) {
      if (error instanceof StateMismatchError) {
        // Forged callback (CSRF, RFC 6749 §10.12), an old tab, or an expired state cookie: nothing reached IMS.
        return c.html(
          errorPage(
            'Sign-in could not be verified',
            html`This sign-in response does not belong to the sign-in started in this browser (it may be from an
older tab, or it took longer than ${STATE_TTL_SECONDS / 60} minutes). Nothing was sent to Adobe. ${tryAgain}`,
          ),
          400,
        );
      }
      // Never keep tokens for a sign-in that did not complete.
      await pending.revoke().catch(() => undefined);
      if (error instanceof ImsError || error instanceof FrameioApiError) {
        return c.html(errorPage('Sign-in failed', html`${error.message} ${tryAgain}`), 502);
      }
      throw error;
    }

    // A fresh session id on every sign-in (no session fixation); the previous one is forgotten.
    const previous = await currentSession(c);
    if (previous) sessions.delete(previous.id);
    const sessionId = sessions.create({
      userKey: me.id,
      name: me.name ?? me.email ?? me.id,
      email: me.email ?? undefined,
      expiresAt: now() + sessionTtlMs,
    });
    await setSignedCookie(c, SESSION_COOKIE, sessionId, secret, {
      ...cookieBase,
      maxAge: Math.floor(sessionTtlMs / 1000),
    });
    // Redirect so the code leaves the address bar and a reload does not replay it.
    return c.redirect('/', 303);
  });

  app.get('/workspaces/:id', async (c) => {
    const session = await requireSession(c);
    if (session instanceof Response) return session;
    const accountId = c.req.query('account');
    if (!accountId) return c.html(missingAccount(session), 400);
    const workspaceId = c.req.param('id');
    const client = clientFor(session.userKey);
    const [workspace, projects] = await Promise.all([
      unwrap(
        client.GET('/v4/accounts/{account_id}/workspaces/{workspace_id}', {
          params: { path: { account_id: accountId, workspace_id: workspaceId } },
        }),
      ),
      collect(
        paginate(client, '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects', {
          params: {
            path: { account_id: accountId, workspace_id: workspaceId },
            query: { page_size: PAGE_SIZE },
          },
        }),
      ),
    ]);
    const items = projects.map(
      (project) =>
        html`<li><a href="${link(`/projects/${encodeURIComponent(project.id)}`, accountId)}">${project.name}</a></li>`,
    );
    return c.html(
      page(
        workspace.data.name,
        html`<p><a href="/">Workspaces</a> › ${workspace.data.name}</p>
<h1 id="workspace-name">${workspace.data.name}</h1><h2>Projects</h2>
${items.length > 0 ? html`<ul id="projects">${items}</ul>` : html`<p>No projects in this workspace.</p>`}`,
        session,
      ),
    );
  });

  async function folderPage(
    c: Context,
    session: WebSession,
    accountId: string,
    folderId: string,
    title: string,
    breadcrumb: SafeHtml,
  ): Promise<Response> {
    const children: Asset[] = await collect(
      paginate(clientFor(session.userKey), '/v4/accounts/{account_id}/folders/{folder_id}/children', {
        params: {
          path: { account_id: accountId, folder_id: folderId },
          query: { page_size: ASSET_PAGE_SIZE },
        },
      }),
    );
    // Folders first, then by name, as file browsers do.
    children.sort(
      (a, b) =>
        Number(b.type === 'folder') - Number(a.type === 'folder') ||
        a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }),
    );
    const rows = children.map((asset) => {
      if (asset.type === 'folder') {
        return html`<tr class="folder"><td>📁 <a href="${link(`/folders/${encodeURIComponent(asset.id)}`, accountId)}">${asset.name}</a></td><td>folder</td><td class="size"></td></tr>`;
      }
      const size = asset.type === 'file' ? asset.file_size : asset.head_version?.file_size;
      const kind = asset.type === 'file' ? (asset.media_type ?? 'file') : 'version stack';
      return html`<tr class="file"><td>${asset.name}</td><td>${kind}</td><td class="size">${formatBytes(size)}</td></tr>`;
    });
    return c.html(
      page(
        title,
        html`<p>${breadcrumb}</p><h1 id="folder-name">${title}</h1>
${
  rows.length > 0
    ? html`<table id="assets"><thead><tr><th>Name</th><th>Type</th><th class="size">Size</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p>This folder is empty.</p>`
}`,
        session,
      ),
    );
  }

  app.get('/projects/:id', async (c) => {
    const session = await requireSession(c);
    if (session instanceof Response) return session;
    const accountId = c.req.query('account');
    if (!accountId) return c.html(missingAccount(session), 400);
    const project = (
      await unwrap(
        clientFor(session.userKey).GET('/v4/accounts/{account_id}/projects/{project_id}', {
          params: { path: { account_id: accountId, project_id: c.req.param('id') } },
        }),
      )
    ).data;
    const breadcrumb = html`<a href="/">Workspaces</a> › <a href="${link(`/workspaces/${encodeURIComponent(project.workspace_id)}`, accountId)}">Projects</a> › ${project.name}`;
    return folderPage(c, session, accountId, project.root_folder_id, project.name, breadcrumb);
  });

  app.get('/folders/:id', async (c) => {
    const session = await requireSession(c);
    if (session instanceof Response) return session;
    const accountId = c.req.query('account');
    if (!accountId) return c.html(missingAccount(session), 400);
    const folder = (
      await unwrap(
        clientFor(session.userKey).GET('/v4/accounts/{account_id}/folders/{folder_id}', {
          params: { path: { account_id: accountId, folder_id: c.req.param('id') } },
        }),
      )
    ).data;
    const up = folder.parent_id
      ? html` › <a href="${link(`/folders/${encodeURIComponent(folder.parent_id)}`, accountId)}">Parent folder</a>`
      : '';
    return folderPage(c, session, accountId, folder.id, folder.name, html`<a href="/">Workspaces</a>${up}`);
  });

  app.post('/logout', async (c) => {
    // SameSite=Lax already keeps the cookie off cross-site POSTs; checking Origin also covers old browsers.
    const origin = c.req.header('origin');
    if (origin && origin !== appUrl.origin) {
      return c.html(errorPage('Sign-out refused', 'Sign out from this app’s own page.'), 403);
    }
    const current = await currentSession(c);
    deleteCookie(c, SESSION_COOKIE, cookieBase);
    if (current) {
      sessions.delete(current.id);
      // RFC 7009 revocation at IMS; the tokens are deleted from the store even when IMS cannot be reached.
      await auth
        .forUser(current.session.userKey)
        .revoke()
        .catch((error: unknown) => {
          reportError(
            `Sign-out: revoking the tokens at IMS failed (they were deleted here): ${String(error)}`,
          );
        });
    }
    return c.redirect('/', 303);
  });

  function missingAccount(session: WebSession): string {
    return errorPage(
      'Which account?',
      html`This link has no <code>account</code>. Open it from <a href="/">your workspaces</a>.`,
      session,
    );
  }

  return { app, fetch: (request) => Promise.resolve(app.fetch(request)), auth };
}

/** Options of {@link startWebApp}: like {@link WebAppOptions}, but everything may be left out. */
export interface StartWebAppOptions extends Partial<WebAppOptions> {
  /** Port to listen on; `0` picks a free one. Default `3000`. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Where startup notes (URLs, warnings) go; default `console`. */
  logger?: Pick<Console, 'info' | 'warn'>;
}

/** A running app from {@link startWebApp}. */
export interface RunningWebApp {
  /** Where the app listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The in-process emulator, when no credentials were given. */
  readonly emulator?: MockServer | undefined;
  readonly auth: WebAppAuth;
  /** Stops the app (and the emulator it started). */
  close(): Promise<void>;
}

/** Wildcard listen addresses: fine to bind to, but no browser or IMS can be sent to them. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0', '']);

/** The host to put in URLs for a listen address: loopback for a wildcard, IPv6 in brackets (RFC 3986 §3.2.2). */
function urlHost(host: string): string {
  if (WILDCARD_HOSTS.has(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

const CREDENTIAL_OPTIONS = ['clientId', 'clientSecret', 'redirectUri'] as const;

/**
 * Starts the app on a port. With `clientId`, `clientSecret` and `redirectUri` it targets those (real IMS and
 * the real API by default). Without any of them it starts the emulator in this process, on loopback, and signs
 * in with its demo web app credential, redirecting back to this server's `/callback`. A wildcard `host`
 * (`0.0.0.0`, `::`) is listened on, but URLs use `127.0.0.1`.
 *
 * @throws {TypeError} when only some of `clientId`, `clientSecret` and `redirectUri` are given.
 */
export async function startWebApp(options: StartWebAppOptions = {}): Promise<RunningWebApp> {
  const logger = options.logger ?? console;
  const host = options.host ?? '127.0.0.1';
  const given = CREDENTIAL_OPTIONS.filter((name) => options[name]);
  if (given.length > 0 && given.length < CREDENTIAL_OPTIONS.length) {
    const missing = CREDENTIAL_OPTIONS.filter((name) => !options[name]);
    throw new TypeError(
      `startWebApp: pass ${missing.join(' and ')} too (the OAuth Web App credential from the Adobe Developer ` +
        'Console and its registered redirect URI), or none of clientId, clientSecret and redirectUri to use ' +
        'the emulator.',
    );
  }
  let emulator: MockServer | undefined;
  let credentials = { clientId: options.clientId, clientSecret: options.clientSecret };
  let { imsBaseUrl, apiBaseUrl } = options;
  if (given.length === 0) {
    // Imported lazily so a real-API deployment never loads the emulator.
    const { startMockServer } = await import('@frameio-v4/mock/node');
    // Loopback only, whatever `host` is: the emulator hands out tokens to anyone who asks.
    emulator = await startMockServer({ host: '127.0.0.1' });
    const { clientId, clientSecret } = { ...emulator.mock.credentials.webApp };
    credentials = { clientId, clientSecret };
    imsBaseUrl = emulator.imsBaseUrl;
    apiBaseUrl = emulator.apiBaseUrl;
  }
  let sessionSecret = options.sessionSecret;
  if (!sessionSecret) {
    sessionSecret = randomBytes(32).toString('base64url');
    logger.warn('SESSION_SECRET is not set: using a random one, so sessions will not survive a restart.');
  }

  // The redirect URI needs the port, which port 0 only gives once listening: requests wait for the app.
  let handler: ((request: Request) => Promise<Response>) | undefined;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const created = serve(
      {
        fetch: (request: Request) =>
          handler ? handler(request) : new Response('Starting, try again in a moment.', { status: 503 }),
        port: options.port ?? 3000,
        hostname: host,
      },
      () => resolve(created),
    );
    created.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${address.port}`;
  const webApp = createApp({
    ...options,
    clientId: credentials.clientId as string,
    clientSecret: credentials.clientSecret as string,
    redirectUri: options.redirectUri ?? `${url}/callback`,
    sessionSecret,
    ...(imsBaseUrl ? { imsBaseUrl } : {}),
    ...(apiBaseUrl ? { apiBaseUrl } : {}),
  });
  handler = webApp.fetch;
  return {
    url,
    emulator,
    auth: webApp.auth,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Browsers keep idle connections open; without this close() would wait for them.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await emulator?.close();
    },
  };
}
