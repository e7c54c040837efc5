import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, listFiles } from './support.js';

// Secrets an SPA must never carry: the emulator's confidential demo secrets, and whatever secret the
// developer's shell holds while building (Vite inlines only VITE_* variables; this proves it).
const ENV_SECRET = `should-not-leak-${randomUUID()}`;
const FIXED_SECRETS = ['mock-webapp-secret', 'mock-s2s-secret'];
const ENV_SECRET_NAMES = ['FRAMEIO_CLIENT_SECRET', 'ADOBE_CLIENT_SECRET', 'CLIENT_SECRET'];

describe('built bundle (vite build)', () => {
  let outDir: string;
  let files: { path: string; text: string }[];
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'spa-bundle-'));
    for (const name of ENV_SECRET_NAMES) {
      saved[name] = process.env[name];
      process.env[name] = ENV_SECRET;
    }
    try {
      await buildApp(outDir);
    } finally {
      for (const name of ENV_SECRET_NAMES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    const paths = await listFiles(outDir);
    files = await Promise.all(paths.map(async (path) => ({ path, text: await readFile(path, 'latin1') })));
  });

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('is a real build: index.html plus the app script, which carries the public SPA client ID', () => {
    const names = files.map((file) => relative(outDir, file.path));
    expect(names).toContain('index.html');
    const scripts = files.filter((file) => file.path.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    // Positive control: the grep below really reads the bundle (the client ID is public, unlike a secret).
    expect(scripts.some((file) => file.text.includes('mock-spa-client'))).toBe(true);
  });

  it.each([...FIXED_SECRETS, ENV_SECRET])('no file contains the secret %s', (secret) => {
    const leaking = files
      .filter((file) => file.text.includes(secret))
      .map((file) => relative(outDir, file.path));
    expect(leaking).toEqual([]);
  });

  it('never pairs client_secret with a value', () => {
    // The parameter *name* does occur: @frameio-v4/auth-core's shared IMS request helper has a runtime switch
    // for confidential clients (`client_secret_post`) that no bundler can drop. What must never be there is a
    // value for it: `client_secret: "…"`, `client_secret=…` in a URL or form string, or a `clientSecret` literal.
    const withValue = [
      /client_secret["'`]?\s*[:=]\s*["'`][^"'`]/,
      /client_secret=[^&"'`\s]/,
      /clientSecret["'`]?\s*:\s*["'`][^"'`]/,
    ];
    const leaking = files
      .filter((file) => withValue.some((pattern) => pattern.test(file.text)))
      .map((file) => relative(outDir, file.path));
    expect(leaking).toEqual([]);
  });
});
