import { createFrameioClient } from '@frameio-v4/api';
import { describe, expect, it } from 'vitest';
import { PkceAuth, SessionStorageTokenStore, TokenStoreError } from '../src/index.js';
import { authorizeRedirect, MapStorage, SPA_REDIRECT_URI, useMockIms } from './support.js';

const { start } = useMockIms();

describe('SessionStorageTokenStore', () => {
  it('keeps a sign-in across a page reload (a new PkceAuth on the same storage)', async () => {
    const mock = start();
    const storage = new MapStorage();
    const options = {
      clientId: mock.credentials.spa.clientId,
      redirectUri: SPA_REDIRECT_URI,
      now: () => mock.clock.now(),
    };
    const beforeRedirect = new PkceAuth({ ...options, store: new SessionStorageTokenStore({ storage }) });
    const request = await beforeRedirect.getAuthorizationUrl();
    const location = await authorizeRedirect(request.url);

    // The page reloads on the redirect: only storage survives (the app kept state and verifier there too).
    const afterRedirect = new PkceAuth({ ...options, store: new SessionStorageTokenStore({ storage }) });
    const { code, state } = afterRedirect.parseCallback(location);
    await afterRedirect.exchangeCode({
      code,
      state,
      codeVerifier: request.codeVerifier,
      expectedState: request.state,
    });
    expect([...storage.entries.keys()]).toEqual([`frameio-v4:auth-pkce:${mock.credentials.spa.clientId}`]);

    const nextPage = new PkceAuth({ ...options, store: new SessionStorageTokenStore({ storage }) });
    const { data } = await createFrameioClient({ auth: nextPage }).GET('/v4/me');
    expect(data?.data.email).toBe('alice@example.com');
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
  });

  it('stores JSON under the prefix, and deletes', async () => {
    const storage = new MapStorage();
    const store = new SessionStorageTokenStore({ storage, prefix: 'my-app:' });
    await store.set('k', { a: 1 });
    expect(storage.getItem('my-app:k')).toBe('{"a":1}');
    expect(await store.get('k')).toEqual({ a: 1 });
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    await store.delete('k');
  });

  it('reports a corrupt entry or a full storage with what to do, without the value', async () => {
    const storage = new MapStorage();
    storage.setItem('frameio-v4:k', '{not json: secret-value');
    const store = new SessionStorageTokenStore({ storage });
    const corrupt = await store.get('k').catch((error: unknown) => error);
    expect(corrupt).toBeInstanceOf(TokenStoreError);
    expect(corrupt).toMatchObject({
      code: 'token_store_corrupt',
      message: expect.stringMatching(/removeItem/),
    });
    expect((corrupt as Error).message).not.toContain('secret-value');

    const full = new SessionStorageTokenStore({
      storage: {
        ...storage,
        getItem: () => null,
        removeItem: () => undefined,
        setItem: () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        },
      },
    });
    await expect(full.set('k', { token: 'secret-value' })).rejects.toMatchObject({ code: 'token_store_io' });
  });

  it('says to pass a storage when there is no sessionStorage (Node)', () => {
    expect(() => new SessionStorageTokenStore()).toThrow(/Pass \{ storage \}/);
  });
});
