import { createFrameioClient, FrameioApiError, type FrameioClient, unwrap } from '@frameio-v4/api';
import {
  ImsError,
  PkceAuth,
  ReauthenticationRequiredError,
  SessionStorageTokenStore,
  StateMismatchError,
} from '@frameio-v4/auth-pkce';
import { type AppConfig, redirectUriFor, resolveConfig } from './config.js';
import { type Child, formatBytes, h } from './dom.js';
import { type FolderEntry, getProject, listFolder, listProjects } from './frameio-data.js';
import { CALLBACK_PATH, returnToFor, savePendingSignIn, takePendingSignIn } from './pending-sign-in.js';
import './style.css';

interface Services {
  config: AppConfig;
  auth: PkceAuth;
  client: FrameioClient;
}

const root = document.getElementById('app')!;
let services: Services | undefined;
/** Aborts the API calls of the page being left, so a slow answer never paints over the next page. */
let pageLoad = new AbortController();

function show(...children: Child[]): void {
  root.replaceChildren(...children.filter((child): child is Node | string => Boolean(child)));
}

function header(config: AppConfig | undefined, signedIn: boolean, user?: string): HTMLElement {
  return h(
    'header',
    {},
    h('h1', {}, 'Frame.io V4 — SPA example'),
    config &&
      h('span', { class: 'target', id: 'target' }, config.target === 'emulator' ? 'emulator' : 'Frame.io'),
    user ? h('span', { id: 'user' }, user) : null,
    signedIn &&
      h(
        'button',
        { id: 'sign-out', class: 'secondary', type: 'button', onclick: () => void signOut() },
        'Sign out',
      ),
  );
}

/** Turns any failure into a sentence that says what to do. SDK errors never contain tokens or verifiers. */
function describeError(
  error: unknown,
  config: AppConfig | undefined,
): { message: string; signInAgain: boolean } {
  if (error instanceof ReauthenticationRequiredError || error instanceof StateMismatchError) {
    return { message: `${error.message}`, signInAgain: true };
  }
  if (error instanceof ImsError) {
    const declined = error.code === 'access_denied';
    return {
      message: declined
        ? 'You declined the sign-in at Adobe. Sign in again and approve to continue.'
        : error.message,
      signInAgain: true,
    };
  }
  if (error instanceof FrameioApiError) return { message: error.message, signInAgain: error.status === 401 };
  if (error instanceof TypeError && config) {
    // fetch rejects with a TypeError for network and CORS failures; the browser hides which one.
    return {
      message:
        `Could not reach ${config.apiBaseUrl} or ${config.imsBaseUrl}. If you use the emulator, start it with ` +
        '`pnpm --filter @frameio-v4/spa-example dev`; otherwise check your network connection.',
      signInAgain: false,
    };
  }
  return { message: error instanceof Error ? error.message : String(error), signInAgain: false };
}

function showError(error: unknown): void {
  if (error instanceof DOMException && error.name === 'AbortError') return;
  const { message, signInAgain } = describeError(error, services?.config);
  show(
    header(services?.config, false),
    h('p', { role: 'alert', id: 'error' }, message),
    signInAgain && services ? signInButton() : null,
  );
}

function signInButton(): HTMLButtonElement {
  return h(
    'button',
    { id: 'sign-in', type: 'button', onclick: () => void signIn().catch(showError) },
    'Sign in with Adobe',
  );
}

function link(href: string, text: string, id?: string): HTMLAnchorElement {
  return h(
    'a',
    {
      href,
      id,
      onclick: (event) => {
        const mouse = event as MouseEvent;
        if (mouse.button !== 0 || mouse.metaKey || mouse.ctrlKey || mouse.shiftKey) return;
        event.preventDefault();
        history.pushState(null, '', href);
        void route();
      },
    },
    text,
  );
}

async function signIn(): Promise<void> {
  const { auth } = services!;
  const { url, state, codeVerifier } = await auth.getAuthorizationUrl();
  // The verifier and state must survive the full-page round trip to IMS, and only in this tab.
  savePendingSignIn(sessionStorage, {
    state,
    codeVerifier,
    returnTo: returnToFor(location.pathname, location.search),
  });
  location.assign(url);
}

async function completeSignIn({ auth }: Services): Promise<void> {
  const pending = takePendingSignIn(sessionStorage);
  // parseCallback throws ImsError when IMS put an error (e.g. access_denied) on the redirect.
  const { code, state } = auth.parseCallback(location.href);
  if (!pending) {
    throw new Error(
      'This sign-in was not started in this tab, or its link was already used. Click "Sign in with Adobe" again.',
    );
  }
  await auth.exchangeCode({ code, state, codeVerifier: pending.codeVerifier, expectedState: pending.state });
  // Replacing the callback URL takes the used code out of the address bar and the history.
  history.replaceState(null, '', pending.returnTo);
}

async function signOut(): Promise<void> {
  const { auth, config } = services!;
  pageLoad.abort();
  let notice = 'You are signed out.';
  try {
    await auth.revoke(); // RFC 7009: the tokens stop working at IMS; deleted here even if IMS is unreachable
  } catch (error) {
    notice =
      'You are signed out in this tab, but Adobe IMS could not be told to revoke the sign-in ' +
      `(${describeError(error, config).message}). The tokens expire on their own; you can also remove the app at ` +
      'account.adobe.com → Connected applications.';
  }
  history.replaceState(null, '', '/');
  showSignedOut(notice);
}

function showSignedOut(notice?: string): void {
  const { config } = services!;
  show(
    header(config, false),
    notice ? h('p', { id: 'notice' }, notice) : null,
    h('p', {}, 'Sign in with your Adobe ID to list your Frame.io projects and files.'),
    signInButton(),
    h(
      'p',
      { class: 'muted' },
      config.target === 'emulator'
        ? `Using the emulator at ${config.apiBaseUrl} (client ${config.clientId}).`
        : `Using ${config.apiBaseUrl} with Adobe IMS (client ${config.clientId}).`,
    ),
  );
}

async function whoAmI(client: FrameioClient, signal: AbortSignal): Promise<string> {
  const { data } = await unwrap(client.GET('/v4/me', { signal }));
  return data.email ? `${data.name} (${data.email})` : data.name;
}

async function showProjects({ client, config }: Services, signal: AbortSignal): Promise<void> {
  show(header(config, true), h('p', { class: 'muted' }, 'Loading projects…'));
  const [user, projects] = await Promise.all([whoAmI(client, signal), listProjects(client, signal)]);
  if (signal.aborted) return;
  const list = h(
    'ul',
    { id: 'projects' },
    ...projects.map((project) =>
      h(
        'li',
        { 'data-project-id': project.id },
        link(
          `/?account=${encodeURIComponent(project.accountId)}&project=${encodeURIComponent(project.id)}`,
          project.name,
        ),
        h('span', { class: 'muted' }, ` — ${project.accountName} / ${project.workspaceName}`),
      ),
    ),
  );
  show(
    header(config, true, user),
    h('h2', {}, 'Projects'),
    projects.length
      ? list
      : h('p', { id: 'no-projects' }, 'You have no projects yet. Create one in Frame.io.'),
  );
}

function folderRow(entry: FolderEntry, accountId: string, projectId: string): HTMLLIElement {
  if (entry.type === 'folder') {
    const href = `/?account=${encodeURIComponent(accountId)}&project=${encodeURIComponent(projectId)}&folder=${encodeURIComponent(entry.id)}`;
    return h(
      'li',
      { 'data-type': 'folder' },
      link(href, entry.name),
      h('span', { class: 'muted' }, ' folder'),
    );
  }
  const details =
    entry.type === 'version_stack'
      ? 'version stack'
      : entry.size !== undefined
        ? formatBytes(entry.size)
        : '';
  return h(
    'li',
    { 'data-type': entry.type },
    h('span', { class: 'name' }, entry.name),
    h('span', { class: 'muted' }, ` ${details}`),
  );
}

async function showFolder(
  { client, config }: Services,
  params: { accountId: string; projectId: string; folderId: string | null },
  signal: AbortSignal,
): Promise<void> {
  show(header(config, true), h('p', { class: 'muted' }, 'Loading files…'));
  const project = await getProject(client, params.accountId, params.projectId, signal);
  const folderId = params.folderId ?? project.rootFolderId;
  const entries = await listFolder(client, params.accountId, folderId, signal);
  if (signal.aborted) return;
  const projectHref = `/?account=${encodeURIComponent(params.accountId)}&project=${encodeURIComponent(project.id)}`;
  show(
    header(config, true),
    h(
      'nav',
      {},
      link('/', '← All projects', 'all-projects'),
      folderId !== project.rootFolderId ? ' · ' : null,
      folderId !== project.rootFolderId ? link(projectHref, project.name) : null,
    ),
    h('h2', { id: 'project-name' }, project.name),
    entries.length
      ? h('ul', { id: 'files' }, ...entries.map((entry) => folderRow(entry, params.accountId, project.id)))
      : h('p', { id: 'empty-folder' }, 'This folder is empty.'),
  );
}

async function route(): Promise<void> {
  pageLoad.abort();
  pageLoad = new AbortController();
  const { signal } = pageLoad;
  try {
    services ??= createServices();
    if (location.pathname === CALLBACK_PATH) {
      show(header(services.config, false), h('p', { class: 'muted' }, 'Signing in…'));
      await completeSignIn(services);
    }
    if (!(await services.auth.isSignedIn())) return showSignedOut();
    const query = new URLSearchParams(location.search);
    const accountId = query.get('account');
    const projectId = query.get('project');
    if (accountId && projectId) {
      await showFolder(services, { accountId, projectId, folderId: query.get('folder') }, signal);
    } else {
      await showProjects(services, signal);
    }
  } catch (error) {
    if (!signal.aborted) showError(error);
  }
}

function createServices(): Services {
  const config = resolveConfig(import.meta.env);
  const auth = new PkceAuth({
    clientId: config.clientId,
    redirectUri: redirectUriFor(location.origin),
    scopes: config.scopes,
    imsBaseUrl: config.imsBaseUrl,
    // Survives the redirect back from IMS and reloads, not the closing of the tab.
    store: new SessionStorageTokenStore(),
  });
  const client = createFrameioClient({ auth, baseUrl: config.apiBaseUrl });
  return { config, auth, client };
}

window.addEventListener('popstate', () => void route());
void route();
