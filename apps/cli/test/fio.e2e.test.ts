// `fio` end to end: the built CLI, spawned with node, against the emulator over real HTTP
// (startMockServer), in a temporary config directory. The emulator runs in this process, so a test can
// read its state (uploads, token records) and move its clock.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSeed } from '@frameio-v4/mock';
import { type MockServer, startMockServer } from '@frameio-v4/mock/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, runFio, startFio, storedSecrets, tempHome, transcript } from './support.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let server: MockServer;
let home: Awaited<ReturnType<typeof tempHome>>;
let env: Record<string, string>;

beforeEach(async () => {
  // Small parts: a few hundred KB already make a multi-part upload.
  server = await startMockServer({ uploadPartSize: 64 * 1024 });
  home = await tempHome();
  env = { HOME: home.dir, FIO_CONFIG_DIR: home.dir, FRAMEIO_API_BASE: server.url };
});

afterEach(async () => {
  // Every test checks its own runs: nothing depends on which test runs last.
  const printed = transcript.splice(0).join('\n');
  const { clientSecret } = { ...server.mock.credentials.serverToServer };
  await server.close();
  await home.cleanup();
  expect(printed, 'a fio run printed the S2S client secret').not.toContain(clientSecret);
  expect(printed, 'a fio run printed the legacy token').not.toContain(server.mock.credentials.legacyToken);
  // Emulator tokens are JWT-shaped: none may appear anywhere.
  expect(printed, 'a fio run printed a token').not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
});

/** `fio login --no-browser`, driven like a user: open the printed URL, the emulator redirects back. */
async function login(extraArgs: string[] = []) {
  const fio = startFio(['login', '--no-browser', ...extraArgs], env);
  const [url] = await fio.waitForStderr(/http:\/\/127\.0\.0\.1:\d+\/ims\/authorize\/v2\?\S+/);
  // The emulator approves at once when the request does not ask for HTML; fetch then follows its redirect to
  // the CLI's loopback server, which answers the "browser".
  const page = await fetch(url, { headers: { accept: 'application/json' } });
  const result = await fio.done;
  return { page, pageText: await page.text(), result, url };
}

describe('fio login / whoami / logout (stored login, PKCE loopback)', () => {
  it('signs in through the loopback redirect, prints who signed in, and keeps the tokens private', async () => {
    const { page, pageText, result, url } = await login();

    expect(result.code).toBe(0);
    expect(new URL(url).searchParams.get('client_id')).toBe('mock-spa-client');
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
    expect(page.status).toBe(200);
    expect(pageText).toContain('Signed in');
    expect(result.stdout).toContain('Signed in as Alice Example <alice@example.com>');
    // One 0600 file in the config directory holds the sign-in.
    const files = (await readdir(home.dir)).filter((name) => name.endsWith('.json'));
    expect(files).toHaveLength(1);
    expect((await stat(join(home.dir, files[0] as string))).mode & 0o777).toBe(0o600);
    const secrets = await storedSecrets(home.dir);
    expect(secrets.length).toBeGreaterThanOrEqual(2); // access and refresh token
    for (const secret of secrets) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });

  it('whoami shows the signed-in user and the credentials in use, as text and as JSON', async () => {
    expect((await login()).result.code).toBe(0);

    const text = await runFio(['whoami'], env);
    const json = await runFio(['whoami', '--json'], env);

    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Alice Example');
    expect(text.stdout).toContain('alice@example.com');
    expect(text.stdout).toContain('stored login (client mock-spa-client');
    expect(json.code).toBe(0);
    const me = JSON.parse(json.stdout);
    expect(me).toMatchObject({
      email: 'alice@example.com',
      auth: { kind: 'login', clientId: 'mock-spa-client' },
    });
    expect(me.id).toBe(
      [...server.mock.state.users.values()].find((user) => user.email === 'alice@example.com')?.id,
    );
  });

  it('logout revokes the tokens at IMS and deletes them; whoami then says to run `fio login` (exit 3)', async () => {
    expect((await login()).result.code).toBe(0);

    const logout = await runFio(['logout'], env);
    const whoami = await runFio(['whoami'], env);
    const again = await runFio(['logout'], env);

    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain('Signed out');
    const refreshTokens = server.mock.state.refreshTokens();
    expect(refreshTokens.length).toBeGreaterThan(0);
    expect(refreshTokens.every((record) => record.revokedAt !== undefined)).toBe(true);
    expect((await readdir(home.dir)).filter((name) => name.endsWith('.json'))).toHaveLength(0);
    expect(whoami.code).toBe(3);
    expect(whoami.stderr).toContain('not signed in: run `fio login`');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Not signed in');
  });

  it('logout still deletes the tokens when IMS cannot be reached, and exits 5 saying so', async () => {
    expect((await login()).result.code).toBe(0);
    server.mock.faults.add({ match: { path: '/ims/revoke' }, fault: { kind: 'reset' }, times: Infinity });

    const logout = await runFio(['logout'], env);
    const whoami = await runFio(['whoami'], env);

    expect(logout.code).toBe(5);
    expect(logout.stderr).toContain('Signed out on this machine (tokens deleted)');
    expect(logout.stderr).toContain('cannot reach Adobe IMS');
    expect((await readdir(home.dir)).filter((name) => name.endsWith('.json'))).toHaveLength(0);
    expect(whoami.code).toBe(3);
  });

  it('logging in again revokes the previous sign-in at IMS before storing the new one', async () => {
    expect((await login()).result.code).toBe(0);
    const previous = [...server.mock.state.refreshTokens()];
    expect(previous.length).toBeGreaterThan(0);

    const again = await login();
    const whoami = await runFio(['whoami'], env);

    expect(again.result.code).toBe(0);
    expect(again.result.stderr).toContain('Signed out the previous sign-in');
    expect(previous.every((record) => record.revokedAt !== undefined)).toBe(true);
    const current = server.mock.state.refreshTokens().filter((record) => !previous.includes(record));
    expect(current.length).toBeGreaterThan(0);
    expect(current.every((record) => record.revokedAt === undefined)).toBe(true);
    expect(whoami.code).toBe(0);
  });

  it('logging in again still works when IMS cannot revoke the previous sign-in, and says so', async () => {
    expect((await login()).result.code).toBe(0);
    server.mock.faults.add({ match: { path: '/ims/revoke' }, fault: { kind: 'reset' }, times: Infinity });

    const again = await login();
    const whoami = await runFio(['whoami'], env);

    expect(again.result.code).toBe(0);
    expect(again.result.stderr).toContain('did not confirm the revocation of the previous sign-in');
    expect(again.result.stderr).toContain('forgotten on this machine');
    expect(again.result.stdout).toContain('Signed in as Alice Example');
    expect(whoami.code).toBe(0);
  });

  it('Ctrl+C while waiting for the browser stops the login with exit 130 and stores nothing', async () => {
    const fio = startFio(['login', '--no-browser'], env);
    await fio.waitForStderr(/\/ims\/authorize\/v2\?\S+/);

    fio.kill('SIGINT');
    const result = await fio.done;

    expect(result.code).toBe(130);
    expect(result.stderr).toContain('fio: interrupted');
    expect((await readdir(home.dir)).filter((name) => name.endsWith('.json'))).toHaveLength(0);
  });

  it('renews an access token the API rejects as expired, without asking the user', async () => {
    expect((await login()).result.code).toBe(0);
    // A day later on the emulator's clock the access token is expired there (the CLI's clock does not know).
    server.mock.clock.advance(DAY_MS + 60_000);

    const whoami = await runFio(['whoami'], env);

    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toContain('alice@example.com');
    expect(server.mock.state.tokenRequests.refresh_token).toBe(1);
  });

  it('an expired session (refresh token expired too) exits 3 with "session expired: run `fio login`"', async () => {
    expect((await login()).result.code).toBe(0);
    // IMS refresh tokens live 14 days: past that, only a new sign-in helps.
    server.mock.clock.advance(15 * DAY_MS);

    const whoami = await runFio(['whoami'], env);

    expect(whoami.code).toBe(3);
    expect(whoami.stderr).toContain('session expired: run `fio login`');
    expect(whoami.stdout).toBe('');
  });

  it('login refuses --s2s / --legacy-token with a usage error (exit 2)', async () => {
    const result = await runFio(['login', '--s2s'], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('need no login');
    expect(result.stderr).toContain('usage: fio login');
  });
});

describe('fio ls', () => {
  it('without a path prints accounts → workspaces → projects as a tree', async () => {
    expect((await login()).result.code).toBe(0);
    const { resources } = server.mock.state;

    const result = await runFio(['ls'], env);

    expect(result.code).toBe(0);
    for (const workspace of resources.workspaces.values()) expect(result.stdout).toContain(workspace.name);
    for (const project of resources.projects.values()) expect(result.stdout).toContain(project.name);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Mock Studio {2}account /);
    expect(lines).toContain(`│   └── Launch Campaign  project ${server.mock.seedIds.projectId}`);
  });

  it('--json nests projects under their workspace and account', async () => {
    expect((await login()).result.code).toBe(0);

    const result = await runFio(['ls', '--json'], env);

    expect(result.code).toBe(0);
    const { accounts } = JSON.parse(result.stdout);
    const main = accounts[0].workspaces.find(
      (workspace: { id: string }) => workspace.id === server.mock.seedIds.mainWorkspaceId,
    );
    expect(main.projects).toEqual([
      {
        id: server.mock.seedIds.projectId,
        name: 'Launch Campaign',
        root_folder_id: server.mock.seedIds.rootFolderId,
      },
    ]);
  });

  it('with Workspace/Project lists the root folder: folders first, files with sizes; --depth goes deeper', async () => {
    expect((await login()).result.code).toBe(0);
    const ids = server.mock.seedIds;
    const notes = server.mock.state.resources.assets.get(ids.notesFileId) as { fileSize: number };

    const shallow = await runFio(['ls', 'Main Workspace/Launch Campaign'], env);
    const deep = await runFio(['ls', 'Main Workspace/Launch Campaign', '--depth', '2'], env);

    expect(shallow.code).toBe(0);
    const lines = shallow.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Main Workspace/Launch Campaign/  folder ${ids.rootFolderId}`);
    const footage = lines.findIndex((line) => line.includes(`Footage/  folder ${ids.footageFolderId}`));
    const notesLine = lines.findIndex((line) =>
      line.includes(`notes.txt  ${notes.fileSize} B  file ${ids.notesFileId}`),
    );
    expect(footage).toBeGreaterThan(0);
    expect(notesLine).toBeGreaterThan(footage);
    expect(shallow.stdout).not.toContain('poster.png');
    expect(deep.code).toBe(0);
    expect(deep.stdout).toMatch(/│ {3}└── poster\.png {2}\d+ B {2}file /);
  });

  it('takes names in any case, or ids, down to a nested folder', async () => {
    expect((await login()).result.code).toBe(0);
    const ids = server.mock.seedIds;

    const byName = await runFio(['ls', 'main workspace/Launch Campaign/Footage/Day 1', '--json'], env);
    const byId = await runFio(['ls', ids.dayOneFolderId, '--json'], env);

    expect(byName.code).toBe(0);
    expect(byId.code).toBe(0);
    const named = JSON.parse(byName.stdout);
    expect(named.folder.id).toBe(ids.dayOneFolderId);
    expect(named.children.map((child: { id: string }) => child.id)).toEqual([ids.pendingUploadFileId]);
    expect(JSON.parse(byId.stdout).children).toEqual(named.children);
  });

  it('a path part that matches nothing exits 4 and lists what is there', async () => {
    expect((await login()).result.code).toBe(0);

    const result = await runFio(['ls', 'Main Workspace/Nope'], env);

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('no project "Nope" in workspace "Main Workspace"');
    expect(result.stderr).toContain('"Launch Campaign"');
  });
});

describe('fio comments', () => {
  it("prints the file's comments with author, time and text", async () => {
    expect((await login()).result.code).toBe(0);
    const fileId = server.mock.seedIds.introV2FileId;
    const expected = [...server.mock.state.resources.comments.values()].filter(
      (comment) => comment.fileId === fileId && comment.parentId === null,
    );
    expect(expected.length).toBeGreaterThan(1);

    const text = await runFio(['comments', fileId], env);
    const json = await runFio(['comments', fileId, '--json'], env);

    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${expected.length} comments`);
    for (const comment of expected) {
      const owner = server.mock.state.users.get(comment.ownerId);
      expect(text.stdout).toContain(`  ${comment.text}`);
      expect(text.stdout).toContain(`${owner?.name} <${owner?.email}>`);
    }
    expect(text.stdout).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · at \d{2}:\d{2}:\d{2}:\d{2}/);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.file.id).toBe(fileId);
    expect(parsed.comments.map((comment: { id: string }) => comment.id).sort()).toEqual(
      expected.map((comment) => comment.id).sort(),
    );
  });

  it('an unknown file id exits 4 and says how to find ids', async () => {
    expect((await login()).result.code).toBe(0);

    const result = await runFio(['comments', 'f11e0000-0000-4000-8000-00000000dead'], env);

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('no file f11e0000-0000-4000-8000-00000000dead');
    expect(result.stderr).toContain('fio ls');
  });
});

describe('several accounts', () => {
  it('finds a file in whichever account holds it, and asks for an id or --account when names clash', async () => {
    // A second account, listed first, with a workspace of the same name as the default seed's.
    await server.close();
    const seeded = await startMockServer({
      seed: (seed) => {
        const other = seed.account({ displayName: 'Second Studio' });
        const clash = seed.workspace({ accountId: other.id, name: 'Main Workspace' });
        return { ...defaultSeed(seed), otherAccountId: other.id, clashWorkspaceId: clash.id };
      },
    });
    server = seeded as unknown as MockServer;
    env.FRAMEIO_API_BASE = seeded.url;
    expect((await login()).result.code).toBe(0);
    const ids = seeded.mock.seedIds;

    const comments = await runFio(['comments', ids.introV2FileId, '--json'], env);
    const ambiguous = await runFio(['ls', 'Main Workspace'], env);
    const narrowed = await runFio(['ls', 'Main Workspace', '--account', ids.accountId, '--json'], env);

    expect(comments.code).toBe(0);
    expect(JSON.parse(comments.stdout).account_id).toBe(ids.accountId);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('2 workspaces in your accounts are named "Main Workspace"');
    expect(ambiguous.stderr).toContain(ids.clashWorkspaceId);
    expect(ambiguous.stderr).toContain(ids.mainWorkspaceId);
    expect(narrowed.code).toBe(0);
    expect(JSON.parse(narrowed.stdout).workspace.id).toBe(ids.mainWorkspaceId);
  });
});

describe('fio upload', () => {
  it('uploads a file in parts with progress on stderr and prints the new file id; the bytes arrive', async () => {
    expect((await login()).result.code).toBe(0);
    const bytes = randomBytes(300 * 1024 + 123);
    const path = join(home.dir, 'take 01.bin');
    await writeFile(path, bytes);
    const folderId = server.mock.seedIds.graphicsFolderId;

    const result = await runFio(['upload', path, '--to', folderId], env);

    expect(result.code).toBe(0);
    const fileId = result.stdout.trim();
    expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
    const uploaded = server.mock.uploads.bytes(fileId);
    expect(uploaded).toBeDefined();
    const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
    expect(digest(uploaded as Uint8Array)).toBe(digest(bytes));
    expect(server.mock.uploads.get(fileId)?.parts.length).toBeGreaterThan(1);
    const file = server.mock.state.resources.assets.get(fileId) as { name: string; parentId: string };
    expect(file).toMatchObject({ name: 'take 01.bin', parentId: folderId });
    // Not a terminal: plain progress lines, ending at 100 %.
    expect(result.stderr).toMatch(/^take 01\.bin: 0% /m);
    expect(result.stderr).toMatch(/^take 01\.bin: 100% \(300\.1 KiB \/ 300\.1 KiB/m);
    expect(result.stderr).toContain(`as file ${fileId}`);
  });

  it('without --to, or with a missing file, is a usage error (exit 2) and sends nothing', async () => {
    const noFolder = await runFio(['upload', join(home.dir, 'x.bin')], env);
    const noFile = await runFio(
      ['upload', join(home.dir, 'missing.bin'), '--to', server.mock.seedIds.graphicsFolderId],
      env,
    );

    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain('--to <folder-id>');
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('no file at');
    expect(server.mock.state.requests).toHaveLength(0);
  });
});

describe('fio upload: interrupted uploads', () => {
  const UPLOAD_PUTS = /^\/_mock\/uploads\/([^/]+)\/(\d+)$/;

  function s2sEnv(): Record<string, string> {
    const { clientId, clientSecret } = { ...server.mock.credentials.serverToServer };
    return { ...env, FRAMEIO_CLIENT_ID: clientId, FRAMEIO_CLIENT_SECRET: clientSecret };
  }

  /** Part PUTs the emulator answered with 200, as `<file id>/<part>` in order, from request `from` on. */
  function partsSent(from = 0): string[] {
    return server.mock.state.requests
      .slice(from)
      .filter((request) => request.method === 'PUT' && request.status === 200)
      .flatMap((request) => {
        const match = UPLOAD_PUTS.exec(request.path);
        return match ? [`${match[1]}/${match[2]}`] : [];
      });
  }

  /**
   * Starts `fio upload` with part 3 failing (503, every attempt) and presses Ctrl+C once the other four parts
   * arrived, while part 3 waits for its next retry. Resolves with the run and the file id.
   */
  async function interruptedUpload(path: string, folderId: string) {
    const failing = server.mock.faults.add({
      match: { method: 'PUT', path: '/_mock/uploads/:upload_id/3' },
      fault: { kind: 'status', status: 503 },
      times: Number.POSITIVE_INFINITY,
    });
    const from = server.mock.state.requests.length;
    const fio = startFio(['upload', path, '--to', folderId, '--s2s'], s2sEnv());
    let sent: string[] = [];
    for (const started = Date.now(); sent.length < 4; sent = partsSent(from)) {
      if (Date.now() - started > 20_000) throw new Error(`only ${sent.length} parts arrived`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The emulator logs a PUT as it answers; give fio a moment to take the answer in before Ctrl+C. The
    // assertions read what fio saved, so a part it had not yet counted would be sent again, not lost.
    await new Promise((resolve) => setTimeout(resolve, 200));
    fio.kill('SIGINT');
    const result = await fio.done;
    failing.remove();
    return { result, fileId: (sent[0] as string).split('/')[0] as string };
  }

  it('Ctrl+C keeps where the upload stopped; the same command then sends only the missing part', async () => {
    const bytes = randomBytes(5 * 64 * 1024 - 100); // five parts of the emulator's 64 KiB
    const path = join(home.dir, 'take 02.bin');
    await writeFile(path, bytes);
    const folderId = server.mock.seedIds.graphicsFolderId;

    const { result: first, fileId } = await interruptedUpload(path, folderId);

    expect(first.code).toBe(130);
    expect(first.stderr).toContain(`fio: interrupted (the partly uploaded file ${fileId} stays in Frame.io)`);
    // Saved like a sign-in: one 0600 file in uploads/ (it holds presigned URLs).
    const saved = await readdir(join(home.dir, 'uploads'));
    expect(saved).toHaveLength(1);
    const savedFile = join(home.dir, 'uploads', saved[0] as string);
    expect((await stat(savedFile)).mode & 0o777).toBe(0o600);
    const completed: number[] = JSON.parse(await readFile(savedFile, 'utf8')).value.resumeState
      .completedParts;
    expect(completed.length).toBeGreaterThan(0);
    expect(server.mock.uploads.receivedParts(fileId)).toEqual(expect.arrayContaining(completed));
    expect(first.stderr).toContain(
      `${completed.length} of 5 parts are in Frame.io. Run the same command again`,
    );
    const missing = [1, 2, 3, 4, 5].filter((part) => !completed.includes(part));

    const before = server.mock.state.requests.length;
    const second = await runFio(['upload', path, '--to', folderId, '--s2s'], s2sEnv());

    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe(fileId);
    expect(second.stderr).toContain(
      `Resuming the interrupted upload of take 02.bin: ${completed.length} of 5 parts`,
    );
    // No new file was created, and only the missing parts were sent (part 3, unless Ctrl+C came very early).
    const created = server.mock.state.requests
      .slice(before)
      .filter((request) => request.method === 'POST' && request.path.endsWith('/files/local_upload'));
    expect(created).toEqual([]);
    expect(partsSent(before).sort()).toEqual(missing.map((part) => `${fileId}/${part}`));
    expect(missing).toContain(3);
    const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
    expect(digest(server.mock.uploads.bytes(fileId) as Uint8Array)).toBe(digest(bytes));
    expect(await readdir(join(home.dir, 'uploads'))).toEqual([]);
  });

  it('--restart, or a change to the local file, starts a new upload instead', async () => {
    const path = join(home.dir, 'take 03.bin');
    await writeFile(path, randomBytes(5 * 64 * 1024));
    const folderId = server.mock.seedIds.graphicsFolderId;

    const { fileId: interrupted } = await interruptedUpload(path, folderId);
    const restarted = await runFio(['upload', path, '--to', folderId, '--s2s', '--restart'], s2sEnv());

    expect(restarted.code).toBe(0);
    expect(restarted.stdout.trim()).not.toBe(interrupted);
    expect(restarted.stderr).not.toContain('Resuming');
    expect(server.mock.uploads.get(restarted.stdout.trim())?.complete).toBe(true);

    const { fileId: again } = await interruptedUpload(path, folderId);
    await writeFile(path, randomBytes(5 * 64 * 1024 - 1));
    const changed = await runFio(['upload', path, '--to', folderId, '--s2s'], s2sEnv());

    expect(changed.code).toBe(0);
    expect(changed.stdout.trim()).not.toBe(again);
    expect(changed.stderr).toContain('the file changed since the interrupted upload, so it starts over');
    expect(await readdir(join(home.dir, 'uploads'))).toEqual([]);
  });
});

describe('other credentials', () => {
  it('--s2s uses FRAMEIO_CLIENT_ID / FRAMEIO_CLIENT_SECRET and reuses the cached token on the next run', async () => {
    const { clientId, clientSecret } = { ...server.mock.credentials.serverToServer };
    const s2sEnv = { ...env, FRAMEIO_CLIENT_ID: clientId, FRAMEIO_CLIENT_SECRET: clientSecret };

    const first = await runFio(['whoami', '--s2s'], s2sEnv);
    const second = await runFio(['ls', '--s2s'], s2sEnv);

    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${clientId}@techacct.adobe.com`);
    expect(first.stdout).toContain('server-to-server');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Launch Campaign');
    expect(server.mock.state.tokenRequests.client_credentials).toBe(1);
    for (const output of [first, second]) expect(output.stdout + output.stderr).not.toContain(clientSecret);
  });

  it('logout --s2s forgets the cached token and revokes it at IMS', async () => {
    const { clientId, clientSecret } = { ...server.mock.credentials.serverToServer };
    const s2sEnv = { ...env, FRAMEIO_CLIENT_ID: clientId, FRAMEIO_CLIENT_SECRET: clientSecret };
    expect((await runFio(['whoami', '--s2s'], s2sEnv)).code).toBe(0);

    const logout = await runFio(['logout', '--s2s'], s2sEnv);

    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain(`revoked the cached server-to-server token for client ${clientId}`);
    expect((await readdir(home.dir)).filter((name) => name.endsWith('.json'))).toHaveLength(0);
    expect(server.mock.state.accessTokens().map((record) => record.revokedAt !== undefined)).toEqual([true]);
  });

  it('logout --s2s says the token was forgotten here when IMS cannot revoke it, then exits 5', async () => {
    const { clientId, clientSecret } = { ...server.mock.credentials.serverToServer };
    const s2sEnv = { ...env, FRAMEIO_CLIENT_ID: clientId, FRAMEIO_CLIENT_SECRET: clientSecret };
    expect((await runFio(['whoami', '--s2s'], s2sEnv)).code).toBe(0);
    server.mock.faults.add({ match: { path: '/ims/revoke' }, fault: { kind: 'reset' }, times: Infinity });

    const logout = await runFio(['logout', '--s2s'], s2sEnv);

    expect(logout.code).toBe(5);
    const forgot = logout.stderr.indexOf(`Forgot the cached server-to-server token for client ${clientId}`);
    expect(forgot).toBeGreaterThanOrEqual(0);
    expect(logout.stderr.indexOf('cannot reach Adobe IMS')).toBeGreaterThan(forgot);
    expect((await readdir(home.dir)).filter((name) => name.endsWith('.json'))).toHaveLength(0);
  });

  it('--s2s without a secret is a usage error naming the missing variable', async () => {
    const result = await runFio(['whoami', '--s2s'], { ...env, FRAMEIO_CLIENT_ID: 'mock-s2s-client' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('FRAMEIO_CLIENT_SECRET');
  });

  it('--s2s with a wrong secret exits 3 with the IMS error, and never prints the secret', async () => {
    const wrong = 'not-the-secret-42';
    const result = await runFio(['whoami', '--s2s'], {
      ...env,
      FRAMEIO_CLIENT_ID: 'mock-s2s-client',
      FRAMEIO_CLIENT_SECRET: wrong,
    });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('invalid_client');
    expect(result.stderr).not.toContain(wrong);
  });

  it('--legacy-token uses FRAMEIO_TOKEN with the legacy header', async () => {
    const token = server.mock.credentials.legacyToken;

    const result = await runFio(['whoami', '--legacy-token'], { ...env, FRAMEIO_TOKEN: token });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(server.mock.state.legacyUser.email);
    expect(result.stdout).toContain('legacy developer token');
    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it('FIO_AUTH selects the credentials when no flag is given', async () => {
    const result = await runFio(['whoami', '--json'], {
      ...env,
      FIO_AUTH: 'legacy-token',
      FRAMEIO_TOKEN: server.mock.credentials.legacyToken,
    });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).auth.kind).toBe('legacy-token');
  });

  it('a rejected legacy token exits 3 with the API hint', async () => {
    const result = await runFio(['whoami', '--legacy-token'], { ...env, FRAMEIO_TOKEN: 'not-a-known-token' });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain('FRAMEIO_TOKEN');
  });
});

describe('failures', () => {
  it('an unreachable API exits 5 and names the host and --api-base', async () => {
    const port = await closedPort();

    const result = await runFio(['whoami', '--legacy-token', '--api-base', `http://127.0.0.1:${port}`], {
      ...env,
      FRAMEIO_TOKEN: server.mock.credentials.legacyToken,
    });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`cannot reach Frame.io at 127.0.0.1:${port}`);
    expect(result.stderr).toContain('check --api-base / your network');
  });

  it('an unreachable IMS exits 5 and names --ims-base', async () => {
    const port = await closedPort();

    const result = await runFio(['whoami', '--s2s', '--ims-base', `http://127.0.0.1:${port}`], {
      ...env,
      FRAMEIO_CLIENT_ID: 'mock-s2s-client',
      FRAMEIO_CLIENT_SECRET: 'mock-s2s-secret',
    });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`cannot reach Adobe IMS at 127.0.0.1:${port}`);
    expect(result.stderr).toContain('--ims-base');
  });

  it('bad usage exits 2 with the usage; --help exits 0', async () => {
    const unknown = await runFio(['frobnicate'], env);
    const badOption = await runFio(['ls', '--to', 'x'], env);
    const help = await runFio(['--help'], env);
    const commandHelp = await runFio(['comments', '--help'], env);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('fio ls does not take --to');
    expect(help.code).toBe(0);
    for (const command of ['login', 'logout', 'whoami', 'ls', 'comments', 'upload']) {
      expect(help.stdout).toContain(`  ${command}`);
    }
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.stdout).toContain('Usage: fio comments <file-id>');
    expect(server.mock.state.requests).toHaveLength(0);
  });
});
