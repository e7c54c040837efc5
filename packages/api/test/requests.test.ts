import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createFrameioClient, FrameioApiError } from '../src/index.js';
import { API, ME, useMswServer } from './support/msw.js';

// The client sends most calls as `fetch(url, init)` rather than building a Request first (see
// src/deferred-request.ts); everything a caller can observe must be what a real Request would give.
const server = useMswServer();
const ACCOUNT = 'acc-1';
const COMMENTS = `${API}/v4/accounts/:account_id/files/:file_id/comments`;

function countMe(): { calls: () => number } {
  let calls = 0;
  server.use(
    http.get(`${API}/v4/me`, () => {
      calls += 1;
      return HttpResponse.json(ME);
    }),
  );
  return { calls: () => calls };
}

describe('what middleware and custom fetch functions receive', () => {
  it('middleware added with use() gets real Requests it can copy with new Request(request, init)', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${API}/v4/me`, ({ request }) => {
        seen.push(`${request.headers.get('x-trace')} ${request.headers.get('authorization')}`);
        return HttpResponse.json(ME);
      }),
    );
    const client = createFrameioClient({ auth: 'secret-token' });
    const kinds: boolean[] = [];
    client.use({
      onRequest: ({ request }) => {
        kinds.push(request instanceof Request);
        const headers = new Headers(request.headers);
        headers.set('x-trace', 'abc');
        return new Request(request, { headers });
      },
      onResponse: ({ request }) => void kinds.push(request instanceof Request),
    });
    const { data } = await client.GET('/v4/me');
    expect(data).toEqual(ME);
    expect(kinds).toEqual([true, true]);
    expect(seen).toEqual(['abc Bearer secret-token']);
  });

  it('per-call middleware gets a real Request too', async () => {
    countMe();
    const client = createFrameioClient({ auth: 't' });
    const kinds: boolean[] = [];
    await client.GET('/v4/me', {
      middleware: [
        {
          onRequest: ({ request }) =>
            void kinds.push(request instanceof Request && request.bodyUsed === false),
        },
      ],
    });
    expect(kinds).toEqual([true]);
  });

  it('a custom fetch for the client gets a Request carrying the credentials', async () => {
    const received: (string | null)[] = [];
    const client = createFrameioClient({
      auth: 'client-token',
      fetch: async (request) => {
        received.push(request instanceof Request ? request.headers.get('authorization') : 'not a Request');
        return Response.json(ME);
      },
    });
    await client.GET('/v4/me');
    expect(received).toEqual(['Bearer client-token']);
  });

  it('a fetch passed to one call gets a real Request with the credentials, and the call is retried', async () => {
    const seen: (string | null)[] = [];
    const client = createFrameioClient({ auth: 'call-token', retry: { baseDelayMs: 1 } });
    const { data } = await client.GET('/v4/me', {
      fetch: async (request: Request) => {
        seen.push(request instanceof Request ? request.headers.get('authorization') : 'not a Request');
        return seen.length === 1 ? new Response(null, { status: 503 }) : Response.json(ME);
      },
    });
    expect(data).toEqual(ME);
    expect(seen).toEqual(['Bearer call-token', 'Bearer call-token']);
  });
});

describe('requests sent without building a Request first', () => {
  it('send the JSON body, content type, method and query a Request would', async () => {
    const received: unknown[] = [];
    server.use(
      http.post(COMMENTS, async ({ request, params }) => {
        received.push({
          method: request.method,
          url: new URL(request.url).search,
          type: request.headers.get('content-type'),
          body: await request.json(),
          file: params.file_id,
        });
        return HttpResponse.json({ data: { id: 'c-1' } }, { status: 201 });
      }),
    );
    const client = createFrameioClient({ auth: 't' });
    const { response } = await client.POST('/v4/accounts/{account_id}/files/{file_id}/comments', {
      params: { path: { account_id: ACCOUNT, file_id: 'file 1' }, query: { timestamp_as_timecode: true } },
      body: { data: { text: 'Nice cut' } },
    });
    expect(response.status).toBe(201);
    expect(received).toEqual([
      {
        method: 'POST',
        url: '?timestamp_as_timecode=true',
        type: 'application/json',
        body: { data: { text: 'Nice cut' } },
        file: 'file 1',
      },
    ]);
  });

  it('resolve a relative baseUrl against the page, as a browser Request does', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${API}/proxy/v4/me`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json(ME);
      }),
    );
    vi.stubGlobal('location', { href: `${API}/app/index.html` });
    try {
      const client = createFrameioClient({ auth: 't' });
      const { data } = await client.GET('/v4/me', { baseUrl: '/proxy' });
      expect(data).toEqual(ME);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(seen).toEqual(['Bearer t']);
  });

  it('a GET with a body fails at once with the TypeError new Request() throws, and is not retried', async () => {
    const me = countMe();
    const client = createFrameioClient({ auth: 't' });
    const call = client.GET('/v4/me', { body: { x: 1 } } as never);
    await expect(call).rejects.toThrow(new TypeError('Request with GET/HEAD method cannot have body.'));
    expect(me.calls()).toBe(0);
  });

  it('errors still name the method and path template of the failed call', async () => {
    server.use(
      http.delete(`${API}/v4/accounts/:account_id/files/:file_id`, () =>
        HttpResponse.json({ errors: [{ detail: 'Not found', title: 'Not Found' }] }, { status: 404 }),
      ),
    );
    const client = createFrameioClient({ auth: 't', retry: false });
    const { error, response } = await client.DELETE('/v4/accounts/{account_id}/files/{file_id}', {
      params: { path: { account_id: ACCOUNT, file_id: 'f-9' } },
    });
    const apiError = FrameioApiError.fromResponse(response, error);
    expect(apiError).toMatchObject({
      status: 404,
      method: 'DELETE',
      path: '/v4/accounts/{account_id}/files/{file_id}',
      url: `${API}/v4/accounts/${ACCOUNT}/files/f-9`,
    });
  });

  it('honour the caller’s AbortSignal while sending', async () => {
    server.use(
      http.get(`${API}/v4/me`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        return HttpResponse.json(ME);
      }),
    );
    const client = createFrameioClient({ auth: 't' });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const call = client.GET('/v4/me', { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(call).rejects.toBe(reason);
  });

  it('drop the extra headers of a previous token when a 401 replay uses one without them', async () => {
    const seen: (string | null)[][] = [];
    let calls = 0;
    server.use(
      http.get(`${API}/v4/me`, ({ request }) => {
        calls += 1;
        seen.push([request.headers.get('authorization'), request.headers.get('x-frameio-legacy-token-auth')]);
        return calls === 1 ? new HttpResponse(null, { status: 401 }) : HttpResponse.json(ME);
      }),
    );
    const tokens = [
      { token: 'legacy', headers: { 'x-frameio-legacy-token-auth': 'true' } },
      { token: 'fresh' },
    ];
    const getToken = vi.fn(async () => tokens[Math.min(getToken.mock.calls.length - 1, 1)] as never);
    const client = createFrameioClient({ auth: { getToken } });
    const { data } = await client.GET('/v4/me');
    expect(data).toEqual(ME);
    expect(seen).toEqual([
      ['Bearer legacy', 'true'],
      ['Bearer fresh', null],
    ]);
  });
});
