import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccessToken, MemoryTokenStore, TokenCache, TokenStoreError } from '../src/index.js';
import { FileTokenStore } from '../src/node.js';

describe('MemoryTokenStore', () => {
  it('returns undefined for a missing key and forgets deleted keys (deleting twice is fine)', async () => {
    const store = new MemoryTokenStore<{ token: string }>();
    expect(await store.get('missing')).toBeUndefined();
    await store.set('k', { token: 'a' });
    expect(await store.get('k')).toEqual({ token: 'a' });
    await store.delete('k');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('stores a copy: mutating the value given to set or returned by get does not change the entry', async () => {
    const store = new MemoryTokenStore<{ token: string; headers: Record<string, string> }>();
    const value = { token: 'original', headers: { a: '1' } };
    await store.set('k', value);
    value.token = 'changed after set';
    value.headers.a = 'changed';
    const read = await store.get('k');
    if (read) read.token = 'changed after get';

    expect(await store.get('k')).toEqual({ token: 'original', headers: { a: '1' } });
  });

  it('rejects a value that cannot be cloned with a TokenStoreError', async () => {
    const store = new MemoryTokenStore<unknown>();
    await expect(store.set('k', { callback: () => 1 })).rejects.toMatchObject({
      name: 'TokenStoreError',
      code: 'token_store_invalid_value',
    });
  });
});

describe('FileTokenStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'auth-core-store-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('round-trips values, returns undefined for missing keys and tolerates deleting a missing key', async () => {
    const store = new FileTokenStore<{ token: string; expiresAt: number }>({
      directory: join(root, 'tokens'),
    });
    expect(await store.get('absent')).toBeUndefined();
    await store.delete('absent');

    await store.set('frameio:s2s:client', { token: 'abc', expiresAt: 123 });
    expect(await store.get('frameio:s2s:client')).toEqual({ token: 'abc', expiresAt: 123 });
    expect(await new FileTokenStore({ directory: join(root, 'tokens') }).get('frameio:s2s:client')).toEqual({
      token: 'abc',
      expiresAt: 123,
    });

    await store.delete('frameio:s2s:client');
    expect(await store.get('frameio:s2s:client')).toBeUndefined();
  });

  it('creates the directory with mode 0700 and entries with mode 0600', async () => {
    const directory = join(root, 'nested', 'tokens');
    const store = new FileTokenStore({ directory });
    await store.set('k', { token: 't' });

    expect((await stat(directory)).mode & 0o777).toBe(0o700);
    expect((await stat(store.pathFor('k'))).mode & 0o777).toBe(0o600);
  });

  it('names files by the SHA-256 of the key, so any key stays inside the directory', async () => {
    const directory = join(root, 'tokens');
    const store = new FileTokenStore({ directory });
    const key = '../../etc/passwd\u0000 and / slashes';
    await store.set(key, 'value');

    expect(dirname(store.pathFor(key))).toBe(directory);
    expect(await readdir(directory)).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
    expect(await store.get(key)).toBe('value');
  });

  it('leaves no temporary files behind, and concurrent writers of one key leave one whole entry', async () => {
    const directory = join(root, 'tokens');
    const writers = Array.from({ length: 5 }, () => new FileTokenStore<{ token: string }>({ directory }));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => writers[i % writers.length]?.set('shared', { token: `t${i}` })),
    );

    expect(await readdir(directory)).toHaveLength(1);
    const final = await writers[0]?.get('shared');
    expect(final?.token).toMatch(/^t\d+$/);
  });

  it('keeps every key when several instances write different keys at once', async () => {
    const directory = join(root, 'tokens');
    const instances = Array.from({ length: 4 }, () => new FileTokenStore<{ n: number }>({ directory }));
    const keys = Array.from({ length: 40 }, (_, n) => `user-${n}`);

    await Promise.all(keys.map((key, n) => instances[n % instances.length]?.set(key, { n })));

    const reader = new FileTokenStore<{ n: number }>({ directory });
    expect(await Promise.all(keys.map((key) => reader.get(key)))).toEqual(keys.map((_, n) => ({ n })));
    expect(await readdir(directory)).toHaveLength(keys.length);
  });

  it('reports a corrupt file with its path and how to recover', async () => {
    const store = new FileTokenStore({ directory: root });
    await writeFile(store.pathFor('k'), '{"version":1,"key":"k","value":{"tok', { mode: 0o600 });

    const error = await store.get('k').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenStoreError);
    expect(error).toMatchObject({ code: 'token_store_corrupt', file: store.pathFor('k') });
    expect((error as Error).message).toContain(store.pathFor('k'));
    expect((error as Error).message).toMatch(/Delete the file to force a new sign-in/);
  });

  it('treats a file written for another key as corrupt rather than returning its value', async () => {
    const store = new FileTokenStore({ directory: root });
    await writeFile(store.pathFor('mine'), JSON.stringify({ version: 1, key: 'theirs', value: 'x' }));
    await expect(store.get('mine')).rejects.toMatchObject({ code: 'token_store_corrupt' });
  });

  it('refuses a value JSON cannot represent without touching the existing entry', async () => {
    const store = new FileTokenStore<unknown>({ directory: root });
    await store.set('k', 'kept');
    await expect(store.set('k', { big: 1n })).rejects.toMatchObject({ code: 'token_store_invalid_value' });
    expect(await store.get('k')).toBe('kept');
  });

  it('lets two TokenCaches in different "processes" share one fetched token', async () => {
    let fetches = 0;
    const fetchToken = async (): Promise<AccessToken> => {
      fetches += 1;
      return { token: `file-shared-${fetches}`, expiresAt: Date.now() + 3_600_000 };
    };
    const first = new TokenCache({
      fetchToken,
      store: new FileTokenStore({ directory: root }),
      storeKey: 's2s',
    });
    const second = new TokenCache({
      fetchToken,
      store: new FileTokenStore({ directory: root }),
      storeKey: 's2s',
    });

    expect((await first.getToken()).token).toBe('file-shared-1');
    expect((await second.getToken()).token).toBe('file-shared-1');
    expect(fetches).toBe(1);
  });
});
