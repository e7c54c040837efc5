// Runs the BUILT CLI (`dist/fio.js`, built by the package's `test` script) as a child process, the way a user
// runs it: real argv, environment, exit code, stdout and stderr.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built executable. */
export const FIO = fileURLToPath(new URL('../dist/fio.js', import.meta.url));

/** What a finished `fio` run left behind. */
export interface FioResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `fio`. */
export interface FioProcess {
  /** Resolves with the first match of `pattern` in stderr (rejects if the process ends first). */
  waitForStderr(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  readonly done: Promise<FioResult>;
  /** Sends a signal to the process. */
  kill(signal: NodeJS.Signals): void;
}

/** Every output of every run, so a test can check that no secret was ever printed. */
export const transcript: string[] = [];

/**
 * Starts `fio args…` with ONLY the given environment (plus PATH): the developer's own FRAMEIO_* variables
 * and config directory never leak into a test.
 */
export function startFio(args: readonly string[], env: Record<string, string | undefined>): FioProcess {
  const child = spawn(process.execPath, [FIO, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: {
    pattern: RegExp;
    resolve: (match: RegExpMatchArray) => void;
    reject: (e: Error) => void;
  }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiters]) {
      const match = stderr.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const done = new Promise<FioResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      transcript.push(stdout, stderr);
      for (const waiter of waiters.splice(0)) {
        waiter.reject(
          new Error(`fio exited (${code}) before printing ${waiter.pattern}; stderr:\n${stderr}`),
        );
      }
      resolve({ code, stdout, stderr });
    });
  });
  return {
    done,
    kill: (signal) => child.kill(signal),
    waitForStderr: (pattern) => {
      const match = stderr.match(pattern);
      if (match) return Promise.resolve(match);
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}

/** Runs `fio args…` to completion. */
export function runFio(args: readonly string[], env: Record<string, string | undefined>): Promise<FioResult> {
  return startFio(args, env).done;
}

/** A fresh, private config directory (and HOME) for one test. */
export async function tempHome(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'fio-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every string value in the token files of `dir` (the stored tokens: secrets the CLI must never print). */
export async function storedSecrets(dir: string): Promise<string[]> {
  const secrets: string[] = [];
  const collect = (value: unknown, key: string): void => {
    if (typeof value === 'string' && /token/i.test(key) && value.length > 8) secrets.push(value);
    else if (typeof value === 'object' && value !== null) {
      for (const [name, inner] of Object.entries(value)) collect(inner, name);
    }
  };
  for (const name of await readdir(dir)) {
    if (name.endsWith('.json')) collect(JSON.parse(await readFile(join(dir, name), 'utf8')), '');
  }
  return secrets;
}

/** A local port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
