// @ts-check
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPEC_URL, resolveSpec, SPEC_ENV_VAR, SpecResolutionError, sha256 } from '../src/resolve.js';
import { snapshots } from './snapshots.js';

/** @type {import('node:http').Server} */
let server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/openapi.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ openapi: '3.0.0', info: { version: 'x' }, paths: {} }));
    } else if (req.url === '/html') {
      res.end('<html>not a spec</html>');
    } else {
      res.statusCode = 404;
      res.end('nope');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise((done) => server.close(() => done(undefined))));

describe('resolveSpec', () => {
  it('reads a file path from FRAMEIO_OPENAPI_SPEC and hashes its bytes', async () => {
    const spec = await resolveSpec({ env: { [SPEC_ENV_VAR]: snapshots.current } });
    expect(spec.source).toBe(snapshots.current);
    expect(spec.sha256).toBe('e7487c89bfebadca4d67ee9e7a6c38c56318d3d83a41d52f266cb05d6681c825');
    expect(spec.sha256).toBe(sha256(spec.text));
    expect(spec.document.info.title).toBe('Frame.io API');
  });

  it('reads an http(s) URL from FRAMEIO_OPENAPI_SPEC', async () => {
    const spec = await resolveSpec({ env: { [SPEC_ENV_VAR]: `${baseUrl}/openapi.json` } });
    expect(spec.document.openapi).toBe('3.0.0');
  });

  it('prefers an explicit source over the environment', async () => {
    const spec = await resolveSpec({ source: snapshots.early, env: { [SPEC_ENV_VAR]: snapshots.current } });
    expect(spec.document.info.version).toBe('0.0');
  });

  it('falls back to the published URL when nothing is configured', async () => {
    /** @type {string[]} */
    const fetched = [];
    const fakeFetch = /** @type {typeof fetch} */ (
      async (input) => {
        fetched.push(String(input));
        throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND api.frame.io') });
      }
    );
    const error = await resolveSpec({ env: {}, fetch: fakeFetch }).catch((e) => e);
    expect(fetched).toEqual([DEFAULT_SPEC_URL]);
    expect(error).toBeInstanceOf(SpecResolutionError);
    expect(error.message).toContain(`Tried: ${DEFAULT_SPEC_URL}`);
    expect(error.message).toContain('ENOTFOUND');
    expect(error.message).toContain(`Set ${SPEC_ENV_VAR}`);
  });

  it('names the configured path and how to fix it when the file is missing', async () => {
    const error = await resolveSpec({ env: { [SPEC_ENV_VAR]: '/nowhere/spec.json' } }).catch((e) => e);
    expect(error).toBeInstanceOf(SpecResolutionError);
    expect(error.message).toContain(`${SPEC_ENV_VAR}=/nowhere/spec.json`);
    expect(error.message).toContain('ENOENT');
    expect(error.tried).toEqual(['/nowhere/spec.json']);
  });

  it('reads a file: URL whose path has spaces (percent-encoded in the URL)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spec-resolve-'));
    try {
      const folder = join(dir, 'my specs');
      await mkdir(folder);
      const file = join(folder, 'frame io.json');
      await writeFile(file, JSON.stringify({ openapi: '3.0.0', info: { version: 'spaced' }, paths: {} }));
      const source = pathToFileURL(file).href;
      expect(source).toContain('%20');

      const spec = await resolveSpec({ source });

      expect(spec.document.info.version).toBe('spaced');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports HTTP errors and documents that are not OpenAPI', async () => {
    await expect(resolveSpec({ source: `${baseUrl}/missing` })).rejects.toThrow(/HTTP 404/);
    await expect(resolveSpec({ source: `${baseUrl}/html` })).rejects.toThrow(/not valid JSON/);
  });
});
