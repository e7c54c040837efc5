// @ts-check
// The quick-start demo. Without credentials it starts the embedded emulator (@frameio-v4/mock) on 127.0.0.1
// and walks through every auth flow against it; with FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET set it uses
// server-to-server auth against the real Frame.io V4 API instead (read-only calls only).

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createFrameioClient, FrameioApiError, paginate, unwrap } from '@frameio-v4/api';
import { LegacyTokenAuth } from '@frameio-v4/auth-legacy';
import { PkceAuth } from '@frameio-v4/auth-pkce';
import { ServerToServerAuth } from '@frameio-v4/auth-s2s';
import { startMockServer } from '@frameio-v4/mock/node';
import { startWebApp } from '@frameio-v4/webapp-example';

const env = process.env;
const real = Boolean(env.FRAMEIO_CLIENT_ID && env.FRAMEIO_CLIENT_SECRET);
// `--once` (used by the demo's test) exits after the walkthrough instead of serving the web app until Ctrl+C.
const once = process.argv.includes('--once');

const run = promisify(execFile);
const fio = fileURLToPath(new URL('../../apps/cli/dist/fio.js', import.meta.url));

/** A free port on 127.0.0.1, chosen by the OS. @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(address.port));
    });
  });
}

/** @param {string} title */
const section = (title) => console.log(`\n== ${title}`);

/**
 * Prints accounts → workspaces → projects → the root folder's children, with `paginate` following cursors.
 * @param {import('@frameio-v4/api').FrameioClient} client
 */
async function tree(client) {
  for await (const account of paginate(client, '/v4/accounts', {})) {
    console.log(`${account.display_name ?? account.id}  (account ${account.id})`);
    const accountParams = { params: { path: { account_id: account.id } } };
    for await (const workspace of paginate(client, '/v4/accounts/{account_id}/workspaces', accountParams)) {
      console.log(`  ${workspace.name}/`);
      const projects = paginate(client, '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects', {
        params: { path: { account_id: account.id, workspace_id: workspace.id } },
      });
      for await (const project of projects) {
        console.log(`    ${project.name}/  (project ${project.id})`);
        const children = paginate(client, '/v4/accounts/{account_id}/folders/{folder_id}/children', {
          params: { path: { account_id: account.id, folder_id: project.root_folder_id } },
        });
        for await (const child of children) {
          const size = child.type === 'file' && 'file_size' in child ? `  ${child.file_size} bytes` : '';
          console.log(`      ${child.name}${child.type === 'folder' ? '/' : ''}${size}`);
        }
      }
    }
  }
}

/** @param {import('@frameio-v4/api').FrameioClient} client @param {string} label */
async function whoami(client, label) {
  const { data: me } = unwrap(await client.GET('/v4/me'));
  console.log(`${label}: ${me.name ?? '(no name)'} <${me.email ?? 'no email'}>  (user ${me.id})`);
}

async function onRealApi() {
  section('Frame.io V4 API with server-to-server auth (FRAMEIO_CLIENT_ID / FRAMEIO_CLIENT_SECRET)');
  const auth = new ServerToServerAuth({
    clientId: /** @type {string} */ (env.FRAMEIO_CLIENT_ID),
    clientSecret: /** @type {string} */ (env.FRAMEIO_CLIENT_SECRET),
  });
  const client = createFrameioClient({ auth });
  await whoami(client, 'signed in as');
  await tree(client);
}

async function onEmulator() {
  const server = await startMockServer({ port: Number(env.FRAMEIO_DEMO_PORT ?? 0) });
  const { apiBaseUrl, imsBaseUrl, mock } = server;
  try {
    section('Embedded emulator (no credentials given)');
    console.log(`Frame.io V4 API  ${apiBaseUrl}`);
    console.log(`Adobe IMS        ${imsBaseUrl}`);

    section('1. Server-to-server (ServerToServerAuth: client_credentials)');
    const s2s = new ServerToServerAuth({ ...mock.credentials.serverToServer, imsBaseUrl });
    const client = createFrameioClient({ auth: s2s, baseUrl: apiBaseUrl });
    await whoami(client, 'service user');
    await tree(client);

    section('2. A user signs in (PkceAuth: authorization code + S256 PKCE)');
    const pkce = new PkceAuth({
      clientId: mock.credentials.spa.clientId,
      redirectUri: 'https://app.example.com/callback',
      imsBaseUrl,
    });
    const request = await pkce.getAuthorizationUrl({ loginHint: 'alice@example.com' });
    console.log(`authorize: ${request.url.split('?')[0]}?client_id=…&code_challenge_method=S256&…`);
    // A browser would show the consent page; the emulator approves requests that do not ask for HTML.
    const redirect = await fetch(request.url, { redirect: 'manual' });
    const callback = pkce.parseCallback(redirect.headers.get('location') ?? '');
    await pkce.exchangeCode({
      code: callback.code,
      codeVerifier: request.codeVerifier,
      state: callback.state,
      expectedState: request.state,
    });
    await whoami(createFrameioClient({ auth: pkce, baseUrl: apiBaseUrl }), 'signed in as');

    section('3. A legacy developer token (LegacyTokenAuth adds x-frameio-legacy-token-auth: true)');
    const legacy = new LegacyTokenAuth({ token: mock.credentials.legacyToken });
    await whoami(createFrameioClient({ auth: legacy, baseUrl: apiBaseUrl }), 'legacy user');

    section('4. Errors say what to do');
    const wrong = createFrameioClient({ auth: 'a-token-that-expired-long-ago', baseUrl: apiBaseUrl });
    try {
      unwrap(await wrong.GET('/v4/me'));
    } catch (error) {
      if (!(error instanceof FrameioApiError)) throw error;
      console.log(error.message);
    }

    section('5. The fio CLI (apps/cli) with server-to-server credentials');
    const configDir = await mkdtemp(join(tmpdir(), 'fio-demo-'));
    try {
      const { clientId, clientSecret } = mock.credentials.serverToServer;
      const cliEnv = {
        ...env,
        FIO_AUTH: 's2s',
        FIO_CONFIG_DIR: configDir,
        FRAMEIO_CLIENT_ID: clientId,
        FRAMEIO_CLIENT_SECRET: clientSecret,
      };
      const upload = join(configDir, 'hello-frameio.txt');
      await writeFile(upload, 'Uploaded by the frameio-v4 demo.\n'.repeat(64));
      const { rootFolderId } = mock.seedIds;
      for (const args of [
        ['whoami'],
        ['ls', 'Main Workspace/Launch Campaign'],
        ['upload', upload, '--to', rootFolderId],
      ]) {
        console.log(`$ fio ${args.map((arg) => (arg === upload ? 'hello-frameio.txt' : arg)).join(' ')}`);
        const { stdout } = await run(process.execPath, [fio, ...args, '--api-base', apiBaseUrl], {
          env: cliEnv,
        });
        console.log(stdout.trimEnd().replace(/^/gm, '  '));
      }
    } finally {
      await rm(configDir, { recursive: true, force: true });
    }

    section('6. The web app (apps/webapp: WebAppAuth, one server for many users)');
    // The redirect URI registered with the credential names the port, so the port is chosen first.
    const port = once ? await freePort() : Number(env.DEMO_WEBAPP_PORT ?? 3000);
    const { clientId: webClientId, clientSecret: webClientSecret } = mock.credentials.webApp;
    const webApp = await startWebApp({
      clientId: webClientId,
      clientSecret: webClientSecret,
      redirectUri: `http://127.0.0.1:${port}/callback`,
      imsBaseUrl,
      apiBaseUrl,
      port,
      logger: { info: () => {}, warn: () => {} },
    });
    try {
      const home = await fetch(webApp.url);
      const signIn = (await home.text()).includes('Sign in with Adobe') ? ', "Sign in with Adobe"' : '';
      console.log(`web app          ${webApp.url}  (${home.status}${signIn})`);
      if (once) return;
      console.log(
        "\nOpen the web app, sign in as alice@example.com or bob@example.com on the emulator's consent page",
      );
      console.log('and browse workspaces, projects and files. Ctrl+C stops the web app and the emulator.');
      console.log(
        '`pnpm emulator --port 8787` runs the emulator alone; with FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET',
      );
      console.log('set, `pnpm demo` runs read-only calls against the real API instead.');
      await new Promise((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    } finally {
      await webApp.close();
    }
  } finally {
    await server.close();
  }
}

await (real ? onRealApi() : onEmulator());
