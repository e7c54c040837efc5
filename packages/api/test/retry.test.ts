import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createFrameioClient, type RetryOptions, unwrap } from '../src/index.js';
import { API, ME, useMswServer } from './support/msw.js';

const server = useMswServer();
const FAST: RetryOptions = { baseDelayMs: 1, maxDelayMs: 5_000 };
const WORKSPACES = `${API}/v4/accounts/:account_id/workspaces`;

/** Answers `/v4/me` with `responses` in order (the last one repeats) and counts the calls. */
function meSequence(...responses: (() => Response)[]): { calls: () => number } {
  let calls = 0;
  server.use(
    http.get(`${API}/v4/me`, () => {
      const respond = responses[Math.min(calls, responses.length - 1)] as () => Response;
      calls += 1;
      return respond();
    }),
  );
  return { calls: () => calls };
}

/** Answers `POST .../workspaces` with `responses` in order and counts the calls. */
function createWorkspaceSequence(...responses: (() => Response)[]): { calls: () => number } {
  let calls = 0;
  server.use(
    http.post(WORKSPACES, () => {
      const respond = responses[Math.min(calls, responses.length - 1)] as () => Response;
      calls += 1;
      return respond();
    }),
  );
  return { calls: () => calls };
}

const ok = () => HttpResponse.json(ME);
const status = (code: number, headers?: Record<string, string>) => () =>
  HttpResponse.json(
    { errors: [{ detail: `status ${code}` }] },
    { status: code, ...(headers ? { headers } : {}) },
  );
const networkError = () => HttpResponse.error();

function createWorkspace(client: ReturnType<typeof createFrameioClient>) {
  return client.POST('/v4/accounts/{account_id}/workspaces', {
    params: { path: { account_id: 'acc-1' } },
    body: { data: { name: 'Dailies' } },
  });
}

describe('429 Too Many Requests', () => {
  it('waits for Retry-After (delta-seconds) and then succeeds', async () => {
    const endpoint = meSequence(status(429, { 'retry-after': '1' }), ok);
    const client = createFrameioClient({ auth: 't', retry: FAST });
    const started = performance.now();
    const { data } = await client.GET('/v4/me');
    const elapsed = performance.now() - started;
    expect(data).toEqual(ME);
    expect(endpoint.calls()).toBe(2);
    // Retry-After is a minimum: retrying sooner would only earn another 429.
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  it('without Retry-After, waits at least one rate-limit slot (window / limit) then succeeds', async () => {
    const rateLimited = status(429, {
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-window': '2000',
    });
    const endpoint = meSequence(rateLimited, ok);
    const client = createFrameioClient({ auth: 't', retry: FAST });
    const started = performance.now();
    const { data } = await client.GET('/v4/me');
    expect(data).toEqual(ME);
    expect(endpoint.calls()).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('returns a 429 at once when the required wait exceeds maxDelayMs', async () => {
    const endpoint = meSequence(status(429, { 'retry-after': '120' }), ok);
    const client = createFrameioClient({ auth: 't', retry: { ...FAST, maxDelayMs: 1_000 } });
    const result = await client.GET('/v4/me');
    expect(result.response.status).toBe(429);
    expect(endpoint.calls()).toBe(1);
    expect(() => unwrap(result)).toThrow(expect.objectContaining({ status: 429, retryAfterMs: 120_000 }));
  });

  it('returns a 429 at once when one rate-limit slot takes longer than maxDelayMs', async () => {
    const tenPerMinute = {
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-window': '60000',
    };
    const endpoint = meSequence(status(429, tenPerMinute), ok);
    const client = createFrameioClient({ auth: 't', retry: { ...FAST, maxDelayMs: 1_000 } });
    const { response } = await client.GET('/v4/me');
    expect(response.status).toBe(429);
    expect(endpoint.calls()).toBe(1);
  });

  it('retries a rate-limited POST: the server did not process it', async () => {
    const endpoint = createWorkspaceSequence(status(429), () =>
      HttpResponse.json({ data: { id: 'w-1', name: 'Dailies' } }, { status: 201 }),
    );
    const client = createFrameioClient({ auth: 't', retry: FAST });
    const { response } = await createWorkspace(client);
    expect(response.status).toBe(201);
    expect(endpoint.calls()).toBe(2);
  });
});

describe('5xx and network errors', () => {
  it('retries a 503 on GET and returns the success', async () => {
    const endpoint = meSequence(status(503), ok);
    const client = createFrameioClient({ auth: 't', retry: FAST });
    const { data } = await client.GET('/v4/me');
    expect(data).toEqual(ME);
    expect(endpoint.calls()).toBe(2);
  });

  it.each([502, 504])('retries a %i on GET', async (code) => {
    const endpoint = meSequence(status(code), ok);
    const client = createFrameioClient({ auth: 't', retry: FAST });
    const { response } = await client.GET('/v4/me');
    expect(response.status).toBe(200);
    expect(endpoint.calls()).toBe(2);
  });

  it('does not retry a 500: the request itself likely triggers the failure', async () => {
    const endpoint = meSequence(status(500), ok);
    const client = createFrameioClient({ auth: 't', retry: FAST });
    const { response } = await client.GET('/v4/me');
    expect(response.status).toBe(500);
    expect(endpoint.calls()).toBe(1);
  });

  it('does not retry a 503 on POST by default: it may have been processed', async () => {
    const endpoint = createWorkspaceSequence(status(503), () => HttpResponse.json({}, { status: 201 }));
    const client = createFrameioClient({ auth: 't', retry: FAST });
    const { response } = await createWorkspace(client);
    expect(response.status).toBe(503);
    expect(endpoint.calls()).toBe(1);
  });

  it('retries a 503 on POST when retry.methods includes POST', async () => {
    const endpoint = createWorkspaceSequence(status(503), () => HttpResponse.json({}, { status: 201 }));
    const client = createFrameioClient({ auth: 't', retry: { ...FAST, methods: ['GET', 'post'] } });
    const { response } = await createWorkspace(client);
    expect(response.status).toBe(201);
    expect(endpoint.calls()).toBe(2);
  });

  it('retries a network error on GET', async () => {
    const endpoint = meSequence(networkError, ok);
    const client = createFrameioClient({ auth: 't', retry: FAST });
    const { data } = await client.GET('/v4/me');
    expect(data).toEqual(ME);
    expect(endpoint.calls()).toBe(2);
  });

  it('does not retry a network error on POST and surfaces it', async () => {
    const endpoint = createWorkspaceSequence(networkError);
    const client = createFrameioClient({ auth: 't', retry: FAST });
    await expect(createWorkspace(client)).rejects.toThrow(TypeError);
    expect(endpoint.calls()).toBe(1);
  });

  it('surfaces the original network error once retries are used up', async () => {
    const endpoint = meSequence(networkError);
    const client = createFrameioClient({ auth: 't', retry: { ...FAST, maxRetries: 2 } });
    await expect(client.GET('/v4/me')).rejects.toThrow(TypeError);
    expect(endpoint.calls()).toBe(3);
  });

  it('returns the last response once retries are used up', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/v4/me`, () => {
        calls += 1;
        return HttpResponse.json({ errors: [{ detail: `attempt ${calls}` }] }, { status: 503 });
      }),
    );
    const client = createFrameioClient({ auth: 't', retry: { ...FAST, maxRetries: 2 } });
    const { error, response } = await client.GET('/v4/me');
    expect(response.status).toBe(503);
    expect(error).toEqual({ errors: [{ detail: 'attempt 3' }] });
    expect(calls).toBe(3);
  });

  it('sends once with retry: false', async () => {
    const endpoint = meSequence(status(503), ok);
    const client = createFrameioClient({ auth: 't', retry: false });
    const { response } = await client.GET('/v4/me');
    expect(response.status).toBe(503);
    expect(endpoint.calls()).toBe(1);
  });

  it('returns a 429 without waiting with retry: false', async () => {
    const endpoint = meSequence(status(429, { 'retry-after': '1' }), ok);
    const client = createFrameioClient({ auth: 't', retry: false });
    const { response } = await client.GET('/v4/me');
    expect(response.status).toBe(429);
    expect(endpoint.calls()).toBe(1);
  });

  it('still replays a 401 once with retry: false', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/v4/me`, ({ request }) => {
        calls += 1;
        return request.headers.get('authorization') === 'Bearer fresh'
          ? HttpResponse.json(ME)
          : new HttpResponse(null, { status: 401 });
      }),
    );
    let token = 'stale';
    const client = createFrameioClient({
      auth: {
        getToken: async () => ({ token }),
        invalidate: () => {
          token = 'fresh';
        },
      },
      retry: false,
    });
    const { data } = await client.GET('/v4/me');
    expect(data).toEqual(ME);
    expect(calls).toBe(2);
  });
});

describe('aborting', () => {
  it('rejects with the abort reason while waiting to retry', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    server.use(
      http.get(`${API}/v4/me`, () => {
        // Abort once the client is in its 30 s Retry-After wait; the test would time out if it were not honoured.
        setTimeout(() => controller.abort(reason), 20);
        return new HttpResponse(null, { status: 429, headers: { 'retry-after': '30' } });
      }),
    );
    const client = createFrameioClient({ auth: 't', retry: { maxDelayMs: 60_000 } });
    await expect(client.GET('/v4/me', { signal: controller.signal })).rejects.toBe(reason);
  });

  it('does not retry a request aborted before it was sent', async () => {
    const endpoint = meSequence(ok);
    const controller = new AbortController();
    const reason = new Error('gone');
    controller.abort(reason);
    const client = createFrameioClient({ auth: 't', retry: FAST });
    await expect(client.GET('/v4/me', { signal: controller.signal })).rejects.toBe(reason);
    expect(endpoint.calls()).toBe(0);
  });
});
