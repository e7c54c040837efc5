import { useMswServer } from '@frameio-v4/test-support/msw';
import { describe, expect, it } from 'vitest';
import {
  type AccessToken,
  AuthError,
  accessTokenFromResponse,
  MemoryTokenStore,
  requestImsToken,
  TokenCache,
  type TokenFetchContext,
  type TokenFetchReason,
  type TokenStore,
} from '../src/index.js';
import { deferred, imsTokenEndpoint, manualClock, tokenResponse } from './support.js';

const server = useMswServer();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A MemoryTokenStore that logs each operation as "<operation> <key>". */
function recordingStore(): TokenStore<AccessToken> & { log: string[] } {
  const inner = new MemoryTokenStore<AccessToken>();
  const log: string[] = [];
  return {
    log,
    get: (key) => {
      log.push(`get ${key}`);
      return inner.get(key);
    },
    set: (key, value) => {
      log.push(`set ${key}`);
      return inner.set(key, value);
    },
    delete: (key) => {
      log.push(`delete ${key}`);
      return inner.delete(key);
    },
  };
}

/** A fetchToken that hands out tok-1, tok-2, … valid for `lifetimeMs` and records every call. */
function countingFetcher(clock: { now: () => number }, lifetimeMs: number | null = HOUR) {
  const calls: TokenFetchContext[] = [];
  const fetchToken = async (context: TokenFetchContext): Promise<AccessToken> => {
    calls.push(context);
    const token = `tok-${calls.length}`;
    return lifetimeMs === null ? { token } : { token, expiresAt: clock.now() + lifetimeMs };
  };
  return { calls, fetchToken, reasons: (): TokenFetchReason[] => calls.map((call) => call.reason) };
}

describe('TokenCache single-flight', () => {
  it('serves 1000 concurrent cold callers from one IMS request', async () => {
    const ims = imsTokenEndpoint(tokenResponse('ims-token-1'));
    server.use(ims.handler);
    const cache = new TokenCache({
      fetchToken: async ({ signal }) =>
        accessTokenFromResponse(
          await requestImsToken({
            grantType: 'client_credentials',
            client: { clientId: 'client-1', clientSecret: 'secret-1', authMethod: 'client_secret_post' },
            scopes: 'openid,AdobeID,frame.s2s.all',
            signal,
          }),
        ),
    });

    const tokens = await Promise.all(Array.from({ length: 1000 }, () => cache.getToken()));

    expect(ims.requests).toHaveLength(1);
    expect(new Set(tokens.map((token) => token.token))).toEqual(new Set(['ims-token-1']));
  });

  it('lets an aborted caller leave without cancelling the refresh the others share', async () => {
    const clock = manualClock();
    const gate = deferred<AccessToken>();
    const contexts: TokenFetchContext[] = [];
    const cache = new TokenCache({
      now: clock.now,
      fetchToken: (context) => {
        contexts.push(context);
        return gate.promise;
      },
    });
    const leaving = new AbortController();
    const reason = new Error('user navigated away');

    const aborted = cache.getToken({ signal: leaving.signal });
    const others = [cache.getToken(), cache.getToken()];
    leaving.abort(reason);

    await expect(aborted).rejects.toBe(reason);
    expect(contexts[0]?.signal.aborted).toBe(false);
    gate.resolve({ token: 'shared', expiresAt: clock.now() + HOUR });
    expect((await Promise.all(others)).map((token) => token.token)).toEqual(['shared', 'shared']);
    expect((await cache.getToken()).token).toBe('shared');
    expect(contexts).toHaveLength(1);
  });

  it('still caches the token when every waiter has aborted', async () => {
    const gate = deferred<AccessToken>();
    let calls = 0;
    const cache = new TokenCache({
      fetchToken: () => {
        calls += 1;
        return gate.promise;
      },
    });
    const controller = new AbortController();
    const waiting = cache.getToken({ signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });

    gate.resolve({ token: 'finished-anyway' });
    await gate.promise;

    expect((await cache.getToken()).token).toBe('finished-anyway');
    expect(calls).toBe(1);
  });

  it('rejects an already-aborted caller with its reason before fetching anything', async () => {
    const fetcher = countingFetcher(manualClock());
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken });
    const reason = new Error('too late');

    await expect(cache.getToken({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fetcher.calls).toHaveLength(0);
  });

  it('gives every waiter the error of a failed refresh and tries again on the next call', async () => {
    const failure = new Error('IMS down');
    let calls = 0;
    const cache = new TokenCache({
      fetchToken: async () => {
        calls += 1;
        if (calls === 1) throw failure;
        return { token: 'second-try' };
      },
    });

    const results = await Promise.allSettled([cache.getToken(), cache.getToken(), cache.getToken()]);
    expect(results).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    expect(cache.toJSON().cached).toBe(false);

    expect((await cache.getToken()).token).toBe('second-try');
    expect(calls).toBe(2);
  });
});

describe('TokenCache expiry margin', () => {
  it('serves the cached token until expiresAt - margin, then refreshes', async () => {
    const clock = manualClock(0);
    const fetcher = countingFetcher(clock, HOUR);
    const cache = new TokenCache({
      fetchToken: fetcher.fetchToken,
      now: clock.now,
      refreshMarginMs: 5 * MINUTE,
    });

    expect((await cache.getToken()).token).toBe('tok-1');
    clock.set(55 * MINUTE - 1);
    expect((await cache.getToken()).token).toBe('tok-1');
    clock.set(55 * MINUTE);
    expect((await cache.getToken()).token).toBe('tok-2');
    expect(fetcher.reasons()).toEqual(['initial', 'expiring']);
  });

  it('caps the margin at half the token lifetime, so a 60 s token is reused for 30 s', async () => {
    const clock = manualClock(0);
    const fetcher = countingFetcher(clock, MINUTE);
    const cache = new TokenCache({
      fetchToken: fetcher.fetchToken,
      now: clock.now,
      refreshMarginMs: 5 * MINUTE,
    });

    await cache.getToken();
    clock.set(30_000 - 1);
    expect((await cache.getToken()).token).toBe('tok-1');
    clock.set(30_000);
    expect((await cache.getToken()).token).toBe('tok-2');
    expect(fetcher.calls).toHaveLength(2);
  });

  it('measures the margin from the obtainedAt fetchToken reports, and never hands obtainedAt out', async () => {
    const clock = manualClock(20_000);
    let fetches = 0;
    // A 60 s token the source obtained at 0 (e.g. read from its own store): half its lifetime ends at 30 s,
    // although the cache got it only at 20 s.
    const cache = new TokenCache({
      fetchToken: async () => {
        fetches += 1;
        return { token: 'stored', expiresAt: MINUTE, obtainedAt: 0 };
      },
      now: clock.now,
    });

    expect(await cache.getToken()).toEqual({ token: 'stored', expiresAt: MINUTE });
    clock.set(30_000 - 1);
    await cache.getToken();
    expect(fetches).toBe(1);
    clock.set(30_000);
    await cache.getToken();
    expect(fetches).toBe(2);
  });

  it('never refreshes a token without expiresAt', async () => {
    const clock = manualClock(0);
    const fetcher = countingFetcher(clock, null);
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now });

    await cache.getToken();
    clock.set(10 * 365 * 24 * HOUR);
    expect((await cache.getToken()).token).toBe('tok-1');
    expect(fetcher.calls).toHaveLength(1);
  });
});

describe('TokenCache invalidate and forceRefresh', () => {
  it('refreshes after the current token is invalidated, once for many concurrent 401s', async () => {
    const clock = manualClock();
    const fetcher = countingFetcher(clock);
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now });
    const rejected = await cache.getToken();

    for (let i = 0; i < 50; i += 1) cache.invalidate(rejected);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.getToken()));

    expect(new Set(tokens.map((token) => token.token))).toEqual(new Set(['tok-2']));
    expect(fetcher.reasons()).toEqual(['initial', 'invalidated']);
  });

  it('ignores invalidation of a token that was already replaced', async () => {
    const clock = manualClock();
    const fetcher = countingFetcher(clock);
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now });
    const stale = await cache.getToken();
    cache.invalidate(stale);
    await cache.getToken();

    cache.invalidate(stale);

    expect((await cache.getToken()).token).toBe('tok-2');
    expect(fetcher.calls).toHaveLength(2);
  });

  it('forceRefresh fetches a new token even when the cached one is fresh', async () => {
    const clock = manualClock();
    const fetcher = countingFetcher(clock);
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now });
    await cache.getToken();

    const forced = await Promise.all([
      cache.getToken({ forceRefresh: true }),
      cache.getToken({ forceRefresh: true }),
    ]);

    expect(forced.map((token) => token.token)).toEqual(['tok-2', 'tok-2']);
    expect((await cache.getToken()).token).toBe('tok-2');
    expect(fetcher.reasons()).toEqual(['initial', 'forced']);
  });

  it('forceRefresh joins a refresh already in flight instead of starting another', async () => {
    const clock = manualClock(0);
    const gate = deferred<AccessToken>();
    const reasons: TokenFetchReason[] = [];
    const cache = new TokenCache({
      now: clock.now,
      fetchToken: ({ reason }) => {
        reasons.push(reason);
        return reasons.length === 1 ? Promise.resolve({ token: 'old', expiresAt: HOUR }) : gate.promise;
      },
    });
    await cache.getToken();
    clock.set(HOUR - MINUTE);

    const expiring = cache.getToken();
    const forced = cache.getToken({ forceRefresh: true });
    gate.resolve({ token: 'new', expiresAt: 2 * HOUR });

    expect([(await expiring).token, (await forced).token]).toEqual(['new', 'new']);
    expect(reasons).toEqual(['initial', 'expiring']);
  });
});

describe('TokenCache clear', () => {
  it('aborts the in-flight fetch, rejects its waiters and never caches its result', async () => {
    const gate = deferred<AccessToken>();
    const contexts: TokenFetchContext[] = [];
    let calls = 0;
    const cache = new TokenCache({
      fetchToken: (context) => {
        calls += 1;
        contexts.push(context);
        return calls === 1 ? gate.promise : Promise.resolve({ token: 'after-clear' });
      },
    });
    const waiting = cache.getToken();

    cache.clear();
    gate.resolve({ token: 'before-clear' });

    await expect(waiting).rejects.toMatchObject({ code: 'token_cache_cleared' });
    expect(contexts[0]?.signal.aborted).toBe(true);
    expect((await cache.getToken()).token).toBe('after-clear');
    expect(contexts[1]?.reason).toBe('initial');
  });
});

describe('TokenCache validation', () => {
  it('rejects a fetchToken result that is not an access token', async () => {
    const cache = new TokenCache({ fetchToken: async () => ({ token: '' }) });
    const error = await cache.getToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'invalid_token' });
    expect((error as Error).message).toMatch(/Fix the fetchToken function/);
  });

  it('requires a storeKey with a store and a non-negative margin', () => {
    const fetchToken = async (): Promise<AccessToken> => ({ token: 't' });
    expect(() => new TokenCache({ fetchToken, store: new MemoryTokenStore() })).toThrow(/storeKey/);
    expect(() => new TokenCache({ fetchToken, refreshMarginMs: -1 })).toThrow(/refreshMarginMs/);
  });
});

describe('TokenCache with a store', () => {
  it('uses a fresh stored token without fetching', async () => {
    const clock = manualClock(0);
    const store = new MemoryTokenStore<AccessToken>();
    await store.set('s2s', { token: 'from-store', expiresAt: HOUR, obtainedAt: 0 } as AccessToken);
    const fetcher = countingFetcher(clock);
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, store, storeKey: 's2s' });

    const token = await cache.getToken();

    expect(token).toEqual({ token: 'from-store', expiresAt: HOUR });
    expect(fetcher.calls).toHaveLength(0);
  });

  it('fetches instead of using a stored token inside its margin', async () => {
    const clock = manualClock(0);
    const store = new MemoryTokenStore<AccessToken>();
    // No obtainedAt (written by another tool): the full 5 min margin applies.
    await store.set('s2s', { token: 'nearly-expired', expiresAt: 4 * MINUTE });
    const fetcher = countingFetcher(clock);
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, store, storeKey: 's2s' });

    expect((await cache.getToken()).token).toBe('tok-1');
    expect(await store.get('s2s')).toEqual({ token: 'tok-1', expiresAt: HOUR, obtainedAt: 0 });
  });

  it('shares one fetch between two caches over one store', async () => {
    const clock = manualClock(0);
    const store = new MemoryTokenStore<AccessToken>();
    const fetcher = countingFetcher(clock);
    const first = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, store, storeKey: 'k' });
    const second = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, store, storeKey: 'k' });

    const a = await first.getToken();
    const b = await second.getToken();

    expect(a.token).toBe('tok-1');
    expect(b.token).toBe('tok-1');
    expect(fetcher.calls).toHaveLength(1);
  });

  it('after a 401, a second cache picks up the token another cache already refreshed', async () => {
    const clock = manualClock(0);
    const store = new MemoryTokenStore<AccessToken>();
    const fetcher = countingFetcher(clock);
    const first = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, store, storeKey: 'k' });
    const second = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, store, storeKey: 'k' });
    const rejected = await first.getToken();
    await second.getToken();

    first.invalidate(rejected);
    expect((await first.getToken()).token).toBe('tok-2');
    second.invalidate(rejected);
    expect((await second.getToken()).token).toBe('tok-2');

    expect(fetcher.reasons()).toEqual(['initial', 'invalidated']);
    expect((await store.get('k'))?.token).toBe('tok-2');
  });

  it('invalidate deletes the stored entry when it still holds the rejected token', async () => {
    const clock = manualClock(0);
    const store = recordingStore();
    const fetcher = countingFetcher(clock);
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, store, storeKey: 'k' });
    const rejected = await cache.getToken();
    store.log.length = 0;

    cache.invalidate(rejected);
    // getToken waits for the store cleanup, so the refresh cannot read the rejected token back.
    expect((await cache.getToken()).token).toBe('tok-2');

    expect(store.log).toEqual(['get k', 'delete k', 'get k', 'set k']);
  });

  it('invalidate keeps a stored entry that another cache already replaced, and uses it', async () => {
    const clock = manualClock(0);
    const store = recordingStore();
    const fetcher = countingFetcher(clock);
    const cache = new TokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, store, storeKey: 'k' });
    const rejected = await cache.getToken();
    await store.set('k', { token: 'replaced-elsewhere', expiresAt: HOUR, obtainedAt: 0 } as AccessToken);
    store.log.length = 0;

    cache.invalidate(rejected);

    expect((await cache.getToken()).token).toBe('replaced-elsewhere');
    expect(store.log).toEqual(['get k', 'get k']);
    expect(fetcher.calls).toHaveLength(1);
  });

  it('keeps working and reports when the store fails', async () => {
    const failures: string[] = [];
    const brokenStore: TokenStore<AccessToken> = {
      get: async () => {
        throw new Error('store offline');
      },
      set: async () => {
        throw new Error('store offline');
      },
      delete: async () => {
        throw new Error('store offline');
      },
    };
    const clock = manualClock(0);
    const fetcher = countingFetcher(clock);
    const cache = new TokenCache({
      fetchToken: fetcher.fetchToken,
      now: clock.now,
      store: brokenStore,
      storeKey: 'k',
      onStoreError: (error, { operation, key }) =>
        failures.push(`${operation} ${key}: ${(error as Error).message}`),
    });

    expect((await cache.getToken()).token).toBe('tok-1');
    expect((await cache.getToken()).token).toBe('tok-1');
    expect(failures).toEqual(['get k: store offline', 'set k: store offline']);
  });

  it('ignores and reports a stored value that is not an access token', async () => {
    const store = new MemoryTokenStore<AccessToken>();
    await store.set('k', { nope: true } as unknown as AccessToken);
    const reported: unknown[] = [];
    const fetcher = countingFetcher(manualClock(0));
    const cache = new TokenCache({
      fetchToken: fetcher.fetchToken,
      store,
      storeKey: 'k',
      onStoreError: (error) => reported.push(error),
    });

    expect((await cache.getToken()).token).toBe('tok-1');
    expect(reported).toEqual([expect.objectContaining({ code: 'token_store_invalid_value' })]);
  });
});
