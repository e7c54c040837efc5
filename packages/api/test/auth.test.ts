import { type GetTokenOptions, TokenCache, type TokenSource } from '@frameio-v4/auth-core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createFrameioClient, type FrameioClientOptions } from '../src/index.js';
import { API, ME, useMswServer } from './support/msw.js';
import { rotatingTokenSource } from './support/token-sources.js';

const server = useMswServer();
const ACCOUNT = 'acc-1';
const WORKSPACE = 'ws-1';
const PROJECTS = `${API}/v4/accounts/:account_id/workspaces/:workspace_id/projects`;

/** Records the headers of every request to `/v4/me` and answers 200. */
function recordMe(origin = API): Headers[] {
  const seen: Headers[] = [];
  server.use(
    http.get(`${origin}/v4/me`, ({ request }) => {
      seen.push(request.headers);
      return HttpResponse.json(ME);
    }),
  );
  return seen;
}

describe('credentials', () => {
  // Created before msw starts listening: the client must look fetch up per request, not at creation.
  const earlyClient = createFrameioClient({ auth: 'early-token' });

  it('works with msw installed after the client was created', async () => {
    const seen = recordMe();
    const { data } = await earlyClient.GET('/v4/me');
    expect(data).toEqual(ME);
    expect(seen[0]?.get('authorization')).toBe('Bearer early-token');
  });

  it('sends Authorization: Bearer and every header the AccessToken requires', async () => {
    const seen = recordMe();
    const { source } = rotatingTokenSource(['legacy-dev-token'], { 'x-frameio-legacy-token-auth': 'true' });
    const client = createFrameioClient({ auth: source });
    await client.GET('/v4/me');
    expect(seen[0]?.get('authorization')).toBe('Bearer legacy-dev-token');
    expect(seen[0]?.get('x-frameio-legacy-token-auth')).toBe('true');
  });

  it('does not send credentials to another origin (e.g. a pre-signed upload URL)', async () => {
    const other = 'https://uploads.example.com';
    const seen = recordMe(other);
    const { source, getToken } = rotatingTokenSource(['secret-token'], {
      'x-frameio-legacy-token-auth': 'true',
    });
    const client = createFrameioClient({ auth: source });
    await client.GET('/v4/me', { baseUrl: other });
    expect(seen[0]?.get('authorization')).toBeNull();
    expect(seen[0]?.get('x-frameio-legacy-token-auth')).toBeNull();
    expect(getToken).not.toHaveBeenCalled();
  });

  it('treats a look-alike host as another origin', async () => {
    const lookAlike = 'https://api.frame.io.example.com';
    const seen = recordMe(lookAlike);
    const client = createFrameioClient({ auth: 'secret-token' });
    await client.GET('/v4/me', { baseUrl: lookAlike });
    expect(seen[0]?.get('authorization')).toBeNull();
  });

  it('keeps the token out of the request that middleware sees (e.g. a logging middleware)', async () => {
    const seen = recordMe();
    const client = createFrameioClient({ auth: 'secret-token' });
    const loggedAuthorization: (string | null)[] = [];
    client.use({
      onRequest: ({ request }) => void loggedAuthorization.push(request.headers.get('authorization')),
      onResponse: ({ request }) => void loggedAuthorization.push(request.headers.get('authorization')),
    });
    await client.GET('/v4/me');
    expect(seen[0]?.get('authorization')).toBe('Bearer secret-token');
    expect(loggedAuthorization).toEqual([null, null]);
  });

  it('sends credentials to a custom baseUrl origin', async () => {
    const proxy = 'https://frameio-proxy.internal.example';
    const seen = recordMe(proxy);
    const client = createFrameioClient({ auth: 'proxy-token', baseUrl: proxy });
    await client.GET('/v4/me');
    expect(seen[0]?.get('authorization')).toBe('Bearer proxy-token');
  });

  it('accepts a static token string and strips a leading "Bearer "', async () => {
    const seen = recordMe();
    const client = createFrameioClient({ auth: 'Bearer   static-token' });
    await client.GET('/v4/me');
    expect(seen[0]?.get('authorization')).toBe('Bearer static-token');
  });

  it('accepts a function and calls it for every request', async () => {
    const seen = recordMe();
    let calls = 0;
    const client = createFrameioClient({
      auth: async () => {
        calls += 1;
        return `fn-token-${calls}`;
      },
    });
    await client.GET('/v4/me');
    await client.GET('/v4/me');
    expect(seen.map((headers) => headers.get('authorization'))).toEqual([
      'Bearer fn-token-1',
      'Bearer fn-token-2',
    ]);
  });

  it("passes the request's AbortSignal to getToken", async () => {
    recordMe();
    const received: (AbortSignal | undefined)[] = [];
    const source: TokenSource = {
      getToken: async (options?: GetTokenOptions) => {
        received.push(options?.signal);
        return { token: 't' };
      },
    };
    const controller = new AbortController();
    const client = createFrameioClient({ auth: source });
    await client.GET('/v4/me', { signal: controller.signal });
    expect(received[0]).toBeInstanceOf(AbortSignal);
    controller.abort(new Error('stop'));
    // The signal getToken got follows the caller's signal.
    expect(received[0]?.aborted).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty string', ''],
    ['"Bearer " only', 'Bearer '],
    ['a number', 42],
    ['an object without getToken', {}],
  ])('rejects %s auth with a TypeError naming the accepted kinds', (_label, auth) => {
    expect(() => createFrameioClient({ auth } as unknown as FrameioClientOptions)).toThrow(TypeError);
    expect(() => createFrameioClient({ auth } as unknown as FrameioClientOptions)).toThrow(
      /TokenSource.*access token string.*function returning Promise<string>/,
    );
  });

  it('reports an empty token from an auth function as a TypeError', async () => {
    recordMe();
    const client = createFrameioClient({ auth: async () => '' });
    await expect(client.GET('/v4/me')).rejects.toThrow(/auth` function is empty/);
  });
});

describe('401 handling', () => {
  it('invalidates the rejected token, refreshes and replays the POST body byte for byte', async () => {
    const bodies: Uint8Array[] = [];
    const authorizations: (string | null)[] = [];
    const contentTypes: (string | null)[] = [];
    server.use(
      http.post(PROJECTS, async ({ request }) => {
        bodies.push(new Uint8Array(await request.arrayBuffer()));
        authorizations.push(request.headers.get('authorization'));
        contentTypes.push(request.headers.get('content-type'));
        if (request.headers.get('authorization') === 'Bearer old-token') {
          return HttpResponse.json(
            { errors: [{ detail: 'Invalid or missing authorization token' }] },
            { status: 401 },
          );
        }
        return HttpResponse.json({ data: { id: 'p-1', name: 'Ünïcødé ✓' } }, { status: 201 });
      }),
    );
    const { source, invalidate, getToken } = rotatingTokenSource(['old-token', 'new-token']);
    const client = createFrameioClient({ auth: source });
    const body = { data: { name: 'Ünïcødé ✓', restricted: true } };

    const { data, response } = await client.POST(
      '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects',
      {
        params: { path: { account_id: ACCOUNT, workspace_id: WORKSPACE } },
        body,
      },
    );

    expect(response.status).toBe(201);
    expect(data).toEqual({ data: { id: 'p-1', name: 'Ünïcødé ✓' } });
    expect(authorizations).toEqual(['Bearer old-token', 'Bearer new-token']);
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate).toHaveBeenCalledWith({ token: 'old-token' });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(new TextDecoder().decode(bodies[1])).toBe(JSON.stringify(body));
    expect(contentTypes).toEqual(['application/json', 'application/json']);
  });

  it('returns a second 401 instead of looping', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/v4/me`, () => {
        calls += 1;
        return HttpResponse.json(
          { errors: [{ detail: 'Invalid or missing authorization token' }] },
          { status: 401 },
        );
      }),
    );
    const { source, invalidate } = rotatingTokenSource(['t1', 't2', 't3']);
    const client = createFrameioClient({ auth: source });
    const { error, response } = await client.GET('/v4/me');
    expect(response.status).toBe(401);
    expect(error).toEqual({ errors: [{ detail: 'Invalid or missing authorization token' }] });
    expect(calls).toBe(2);
    expect(invalidate).toHaveBeenCalledTimes(1);
  });

  it('returns a 401 for a static token at once: refreshing cannot change it', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/v4/me`, () => {
        calls += 1;
        return HttpResponse.json(
          { errors: [{ detail: 'Invalid or missing authorization token' }] },
          { status: 401 },
        );
      }),
    );
    const client = createFrameioClient({ auth: 'static-token' });
    const { error, response } = await client.GET('/v4/me');
    expect(response.status).toBe(401);
    expect(error).toEqual({ errors: [{ detail: 'Invalid or missing authorization token' }] });
    expect(calls).toBe(1);
  });

  it('refreshes once for many concurrent 401s on the same token (TokenCache source)', async () => {
    let fetched = 0;
    const cache = new TokenCache({ fetchToken: async () => ({ token: `token-${fetched++}` }) });
    server.use(
      http.get(`${API}/v4/me`, ({ request }) => {
        return request.headers.get('authorization') === 'Bearer token-0'
          ? HttpResponse.json(
              { errors: [{ detail: 'Invalid or missing authorization token' }] },
              { status: 401 },
            )
          : HttpResponse.json({ data: { id: 'u-1' } });
      }),
    );
    const client = createFrameioClient({ auth: cache });
    await cache.getToken(); // every request below starts with token-0

    const results = await Promise.all(Array.from({ length: 30 }, () => client.GET('/v4/me')));

    expect(results.map((r) => r.response.status)).toEqual(Array(30).fill(200));
    expect(fetched).toBe(2); // token-0, then exactly one replacement
  });

  it('replays after a 401 from a source without invalidate by forcing a refresh', async () => {
    server.use(
      http.get(`${API}/v4/me`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer first'
          ? // An unsized streamed body: discarding it must not wait on cancel() (msw never settles it).
            new HttpResponse(
              new ReadableStream({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode('{"errors":[{"detail":"expired"}]}'));
                },
              }),
              { status: 401 },
            )
          : HttpResponse.json({ data: { id: 'u-1' } }),
      ),
    );
    const getToken = vi.fn(async (options?: GetTokenOptions) => ({
      token: options?.forceRefresh ? 'second' : 'first',
    }));
    const client = createFrameioClient({ auth: { getToken } });
    const { response } = await client.GET('/v4/me');
    expect(response.status).toBe(200);
    expect(getToken).toHaveBeenLastCalledWith(expect.objectContaining({ forceRefresh: true }));
  });

  it("surfaces the token source's error when the refresh after a 401 fails", async () => {
    server.use(http.get(`${API}/v4/me`, () => new HttpResponse(null, { status: 401 })));
    const refreshFailure = new Error('Refresh token expired: sign in again');
    const source: TokenSource = {
      getToken: async (options?: GetTokenOptions) => {
        if (options?.forceRefresh) throw refreshFailure;
        return { token: 'expired' };
      },
    };
    const client = createFrameioClient({ auth: source });
    await expect(client.GET('/v4/me')).rejects.toBe(refreshFailure);
  });
});
