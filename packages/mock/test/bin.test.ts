import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_SEED_IDS } from '../src/index.js';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const children: ChildProcess[] = [];
let binPath = '';

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `dist/bin.js` when the build is newer than every source file; otherwise the sources are compiled into
 * node_modules/.cache (turbo may run `test` before or alongside this package's `build`).
 */
beforeAll(async () => {
  const dist = join(packageRoot, 'dist/bin.js');
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(join(packageRoot, 'src'))) {
    binPath = dist;
    return;
  }
  const outDir = join(packageRoot, 'node_modules/.cache/frameio-mock-bin-test');
  await promisify(execFile)(
    process.execPath,
    [
      // The workspace's TypeScript (a root devDependency).
      createRequire(import.meta.url).resolve('typescript/bin/tsc'),
      ...[
        '-p',
        'tsconfig.build.json',
        '--outDir',
        outDir,
        '--declaration',
        'false',
        '--declarationMap',
        'false',
      ],
      ...['--sourceMap', 'false'],
    ],
    { cwd: packageRoot },
  );
  binPath = join(outDir, 'bin.js');
}, 120_000);

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [binPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exit = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, output: () => output, exit };
}

async function waitFor(output: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const match = pattern.exec(output());
    if (match) return match;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  throw new Error(`no ${pattern} in the output:\n${output()}`);
}

describe('frameio-mock bin', () => {
  test('prints the URLs, credentials and seeded ids, serves the API, and exits 0 on SIGTERM', async () => {
    const { child, output, exit } = run(['--port', '0']);
    const api = (await waitFor(output, /API base URL: (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    const ims = (await waitFor(output, /IMS base URL: (http:\/\/\S+)/))[1];
    expect(ims).toBe(api);
    expect(output()).toContain('client_id=mock-s2s-client  client_secret=mock-s2s-secret');
    expect(output()).toContain('mock-legacy-token');
    expect(output()).toContain(`accountId             ${DEFAULT_SEED_IDS.accountId}`);

    const headers = { authorization: 'Bearer mock-legacy-token', 'x-frameio-legacy-token-auth': 'true' };
    const me = await fetch(`${api}/v4/me`, { headers });
    expect(me.status).toBe(200);
    expect((await me.json()).data.email).toBe('legacy-token@example.com');
    const projects = await fetch(`${api}/v4/accounts/${DEFAULT_SEED_IDS.accountId}/projects`, { headers });
    expect((await projects.json()).data).toHaveLength(2);

    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    // The port is free again.
    const port = Number(new URL(api).port);
    const probe = createServer();
    await new Promise<void>((resolveListen, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', resolveListen);
    });
    await new Promise<void>((resolveClose) => probe.close(() => resolveClose()));
  });

  test('--json prints one line a script can read; SIGINT stops it', async () => {
    const { child, output, exit } = run(['--port', '0', '--json', '--rate-limit', '5/1000']);
    const line = (await waitFor(output, /^(\{.*\})\n/))[1] as string;
    const info = JSON.parse(line);
    expect(info).toMatchObject({
      credentials: {
        serverToServer: { clientId: 'mock-s2s-client', clientSecret: 'mock-s2s-secret' },
        legacyToken: 'mock-legacy-token',
      },
      seedIds: DEFAULT_SEED_IDS,
    });
    const me = await fetch(`${info.apiBaseUrl}/v4/me`, {
      headers: { authorization: 'Bearer mock-legacy-token', 'x-frameio-legacy-token-auth': 'true' },
    });
    expect(me.headers.get('x-ratelimit-limit')).toBe('5');
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  test('bad arguments exit 2 with the usage; a port in use exits 1 and says what to do', async () => {
    const bad = run(['--port', 'eighty']);
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toContain('--port must be an integer');
    expect(bad.output()).toContain('Usage: frameio-mock');

    const blocker = createServer();
    await new Promise<void>((resolveListen) => blocker.listen(0, '127.0.0.1', resolveListen));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = run(['--port', String(port)]);
      expect(await busy.exit).toBe(1);
      expect(busy.output()).toContain(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise<void>((resolveClose) => blocker.close(() => resolveClose()));
    }
  });
});
