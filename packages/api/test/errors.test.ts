import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createFrameioClient, FrameioApiError, type Schemas, unwrap } from '../src/index.js';
import { API, ME, useMswServer } from './support/msw.js';

const server = useMswServer();
const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-access-token-value';
const client = createFrameioClient({ auth: SECRET_TOKEN, retry: false });

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('unwrap', () => {
  it('returns the body of a successful call', async () => {
    server.use(http.get(`${API}/v4/me`, () => HttpResponse.json(ME)));
    const me = unwrap(await client.GET('/v4/me'));
    expect(me).toEqual(ME);
    expectTypeOf(me).toEqualTypeOf<Schemas['ProfileResponse']>();
  });

  it('also accepts the promise of a call', async () => {
    server.use(http.get(`${API}/v4/me`, () => HttpResponse.json(ME)));
    await expect(unwrap(client.GET('/v4/me'))).resolves.toEqual(ME);
  });

  it('returns undefined for a 204', async () => {
    server.use(
      http.delete(`${API}/v4/accounts/:a/projects/:p`, () => new HttpResponse(null, { status: 204 })),
    );
    const result = await client.DELETE('/v4/accounts/{account_id}/projects/{project_id}', {
      params: { path: { account_id: 'a', project_id: 'p' } },
    });
    const data = unwrap(result);
    expect(data).toBeUndefined();
    // 204 No Content: typed as what it is at run time, not as the spec's wildcard media type.
    expectTypeOf(data).toEqualTypeOf<undefined>();
  });

  it('throws FrameioApiError with status, method, path template, errors, request id and rate limit', async () => {
    server.use(
      http.post(`${API}/v4/accounts/:account_id/workspaces/:workspace_id/projects`, () =>
        HttpResponse.json(
          {
            errors: [
              { title: 'Invalid value', detail: "can't be blank", source: { pointer: '/data/name' } },
              { detail: 'is not allowed', source: { parameter: 'include' } },
            ],
          },
          {
            status: 422,
            headers: {
              'x-request-id': 'req-123',
              'x-ratelimit-limit': '10',
              'x-ratelimit-remaining': '7',
              'x-ratelimit-window': '60000',
            },
          },
        ),
      ),
    );
    const result = await client.POST('/v4/accounts/{account_id}/workspaces/{workspace_id}/projects', {
      params: { path: { account_id: 'acc-1', workspace_id: 'ws-1' } },
      body: { data: { name: '' } },
    });
    const error = catchError(() => unwrap(result));

    expect(error).toBeInstanceOf(FrameioApiError);
    expect(error).toMatchObject({
      name: 'FrameioApiError',
      status: 422,
      method: 'POST',
      path: '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects',
      url: `${API}/v4/accounts/acc-1/workspaces/ws-1/projects`,
      errors: [
        { title: 'Invalid value', detail: "can't be blank", source: { pointer: '/data/name' } },
        { detail: 'is not allowed', source: { parameter: 'include' } },
      ],
      requestId: 'req-123',
      rateLimit: { limit: 10, remaining: 7, windowMs: 60_000 },
    });
    const { message } = error as FrameioApiError;
    expect(message).toContain(
      "POST /v4/accounts/{account_id}/workspaces/{workspace_id}/projects → 422 Unprocessable Content: can't be blank (at /data/name)",
    );
    expect(message).toContain('Fix the invalid value at /data/name, parameter include');
    expect(message).toContain('req-123');
  });

  it('explains a 401 and points legacy developer tokens to LegacyTokenAuth', async () => {
    server.use(
      http.get(`${API}/v4/me`, () =>
        HttpResponse.json(
          { errors: [{ title: 'Unauthorized', detail: 'Invalid or missing authorization token' }] },
          { status: 401 },
        ),
      ),
    );
    const thrown = await unwrap(client.GET('/v4/me')).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(FrameioApiError);
    const { message } = thrown as FrameioApiError;
    expect(message).toMatch(/^GET \/v4\/me → 401 Unauthorized: Invalid or missing authorization token\. /);
    expect(message).toContain('AdobeID');
    expect(message).toContain('x-frameio-legacy-token-auth: true');
    expect(message).toContain('LegacyTokenAuth');
  });

  it.each([
    [403, /role on the account, workspace or project.*entitlement/],
    [404, /ids in the path.*api-version: experimental/],
    [409, /fetch it again/],
    [503, /retry later.*request id/],
  ])('gives a %i a hint of what to do', async (status, hint) => {
    server.use(
      http.get(`${API}/v4/me`, () => HttpResponse.json({ errors: [{ detail: 'nope' }] }, { status })),
    );
    const thrown = await unwrap(client.GET('/v4/me')).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(FrameioApiError);
    expect((thrown as FrameioApiError).status).toBe(status);
    expect((thrown as FrameioApiError).message).toMatch(hint);
  });

  it('reports the rate limit and the wait of a 429', async () => {
    server.use(
      http.get(`${API}/v4/me`, () =>
        HttpResponse.json(
          { errors: [{ detail: 'Too many requests' }] },
          {
            status: 429,
            headers: {
              'x-ratelimit-limit': '100',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-window': '60000',
            },
          },
        ),
      ),
    );
    const thrown = (await unwrap(client.GET('/v4/me')).catch((e: unknown) => e)) as FrameioApiError;
    expect(thrown.rateLimit).toEqual({ limit: 100, remaining: 0, windowMs: 60_000 });
    // No Retry-After: one slot of the leaky bucket refills in window / limit.
    expect(thrown.retryAfterMs).toBe(600);
    expect(thrown.message).toContain('100 requests per 1 min');
    expect(thrown.message).toContain('retry in about 600 ms');
  });

  it('tolerates a non-JSON error body', async () => {
    server.use(
      http.get(`${API}/v4/me`, () =>
        HttpResponse.text('upstream connect error or disconnect/reset before headers', {
          status: 502,
          headers: { 'x-amzn-requestid': 'amzn-456' },
        }),
      ),
    );
    const thrown = (await unwrap(client.GET('/v4/me')).catch((e: unknown) => e)) as FrameioApiError;
    expect(thrown).toBeInstanceOf(FrameioApiError);
    expect(thrown.status).toBe(502);
    expect(thrown.errors).toEqual([]);
    expect(thrown.requestId).toBe('amzn-456');
    expect(thrown.message).toContain('502 Bad Gateway: upstream connect error');
  });

  it('throws for an error status with an empty body', async () => {
    server.use(http.get(`${API}/v4/me`, () => new HttpResponse(null, { status: 404 })));
    const result = await client.GET('/v4/me');
    expect(() => unwrap(result)).toThrow(/^GET \/v4\/me → 404 Not Found\. Check the ids/);
  });

  it('never exposes the access token through String, JSON.stringify, util.inspect or the stack', async () => {
    server.use(
      http.get(`${API}/v4/me`, () =>
        HttpResponse.json(
          { errors: [{ detail: 'Invalid or missing authorization token' }] },
          { status: 401 },
        ),
      ),
    );
    const thrown = (await unwrap(client.GET('/v4/me')).catch((e: unknown) => e)) as FrameioApiError;
    expect(thrown.status).toBe(401);
    for (const rendered of [
      String(thrown),
      JSON.stringify(thrown),
      inspect(thrown, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      thrown.stack ?? '',
    ]) {
      expect(rendered).not.toContain(SECRET_TOKEN);
      expect(rendered).not.toContain('secret-access-token-value');
    }
    expect(JSON.parse(JSON.stringify(thrown))).toMatchObject({ status: 401, method: 'GET', path: '/v4/me' });
  });

  it('rejects something that is not a call result with a TypeError', () => {
    expect(() => unwrap({} as never)).toThrow(/expects the \{ data, error, response \} result/);
  });
});
