// @ts-check
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const demo = fileURLToPath(new URL('../demo.mjs', import.meta.url));

it('walks every auth flow and the typed client on the embedded emulator, offline and without credentials', async () => {
  const env = { ...process.env, FRAMEIO_CLIENT_ID: '', FRAMEIO_CLIENT_SECRET: '' };
  const { stdout } = await run(process.execPath, [demo, '--once'], { env, timeout: 60_000 });
  expect(stdout).toMatch(/Frame\.io V4 API {2}http:\/\/127\.0\.0\.1:\d+/);
  expect(stdout).toContain('service user: Mock S2S technical account');
  expect(stdout).toMatch(/Main Workspace\/\n {4}Launch Campaign\/ {2}\(project cafe0000-/);
  expect(stdout).toContain('notes.txt  78 bytes');
  expect(stdout).toContain('code_challenge_method=S256');
  expect(stdout).toContain('signed in as: Alice Example <alice@example.com>');
  expect(stdout).toContain('legacy user: Legacy developer token user');
  expect(stdout).toContain('GET /v4/me → 401 Unauthorized');
  // The fio CLI walkthrough: whoami, ls of a project by name, then an upload whose new file id is printed.
  expect(stdout).toMatch(/\$ fio whoami\n {2}name: {3}Mock S2S technical account/);
  expect(stdout).toMatch(/└── notes\.txt {2}78 B/);
  expect(stdout).toMatch(
    /\$ fio upload hello-frameio\.txt --to f01d0000-\S+\n {2}[0-9a-f]{8}-[0-9a-f-]{27}\n/,
  );
  // The web app is started on the same emulator and answers with its sign-in page.
  expect(stdout).toMatch(/web app {10}http:\/\/127\.0\.0\.1:\d+ {2}\(200, "Sign in with Adobe"\)/);
  // The demo prints no credential: not the emulator's client secret nor any issued token.
  expect(stdout).not.toContain('mock-s2s-secret');
  expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
});
