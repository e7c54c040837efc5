import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/generated/version.js';
import { createFrameioClient } from '../src/index.js';
import { API, ME, useMswServer } from './support/msw.js';

const server = useMswServer();

function recordMeHeaders(): Headers[] {
  const seen: Headers[] = [];
  server.use(
    http.get(`${API}/v4/me`, ({ request }) => {
      seen.push(request.headers);
      return HttpResponse.json(ME);
    }),
  );
  return seen;
}

describe('createFrameioClient', () => {
  it('returns typed data for GET /v4/me', async () => {
    recordMeHeaders();
    const client = createFrameioClient({ auth: 't' });
    const { data, error, response } = await client.GET('/v4/me');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.data.email).toBe('ada@example.com');
  });

  it('identifies itself in User-Agent with the library version and the Node version', async () => {
    const seen = recordMeHeaders();
    await createFrameioClient({ auth: 't' }).GET('/v4/me');
    const userAgent = seen[0]?.get('user-agent') ?? '';
    expect(userAgent).toContain(`frameio-v4-api/${VERSION}`);
    expect(userAgent).toContain(`node/${process.versions.node}`);
  });

  it("puts the caller's product token first in User-Agent", async () => {
    const seen = recordMeHeaders();
    await createFrameioClient({ auth: 't', userAgent: 'review-sync/2.1' }).GET('/v4/me');
    expect(seen[0]?.get('user-agent')).toMatch(new RegExp(`^review-sync/2\\.1 frameio-v4-api/${VERSION}`));
  });

  it('sends the default headers on every request, and per-request headers override them', async () => {
    const seen = recordMeHeaders();
    const client = createFrameioClient({ auth: 't', headers: [['api-version', 'experimental']] });
    await client.GET('/v4/me');
    await client.GET('/v4/me', { headers: { 'api-version': '4.0' } });
    expect(seen.map((headers) => headers.get('api-version'))).toEqual(['experimental', '4.0']);
  });

  it.each([
    ['a relative URL', 'api.frame.io'],
    ['a non-http scheme', 'ftp://api.frame.io'],
  ])('rejects %s as baseUrl', (_label, baseUrl) => {
    expect(() => createFrameioClient({ auth: 't', baseUrl })).toThrow(TypeError);
  });

  it.each([
    [{ maxRetries: -1 }, /retry\.maxRetries must be a non-negative integer/],
    [{ maxRetries: 1.5 }, /retry\.maxRetries/],
    [{ baseDelayMs: Number.NaN }, /retry\.baseDelayMs/],
    [{ maxDelayMs: -5 }, /retry\.maxDelayMs/],
  ])('rejects invalid retry options %o', (retry, message) => {
    expect(() => createFrameioClient({ auth: 't', retry })).toThrow(message);
  });
});
