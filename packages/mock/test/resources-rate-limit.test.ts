import { describe, expect, test } from 'vitest';
import { DEFAULT_SEED_IDS as ids } from '../src/index.js';
import { apiClient, useResourceMock } from './resources-support.js';

const { start } = useResourceMock();

function limits(headers: Headers) {
  return {
    limit: headers.get('x-ratelimit-limit'),
    remaining: headers.get('x-ratelimit-remaining'),
    window: headers.get('x-ratelimit-window'),
  };
}

describe('rate limiting', () => {
  test('off by default: the headers count down against 100 per minute, nothing is refused', async () => {
    const { api } = await start();
    const first = await api.get('/v4/me');
    expect(limits(first.headers)).toEqual({ limit: '100', remaining: '99', window: '60000' });
    expect(limits((await api.get('/v4/me')).headers).remaining).toBe('98');
  });

  test('a leaky bucket per token and route: 429 with the V4 body when empty, refilled on the mock clock', async () => {
    let now = Date.parse('2026-01-15T10:00:00Z');
    const { mock, api } = await start({ rateLimit: { limit: 3, windowMs: 3_000 }, now: () => now });
    const me = () => api.get('/v4/me');
    expect((await Promise.all([me(), me(), me()])).map((reply) => reply.status)).toEqual([200, 200, 200]);

    const limited = await me();
    expect(limited.status).toBe(429);
    expect(limits(limited.headers)).toEqual({ limit: '3', remaining: '0', window: '3000' });
    expect(limited.body.errors[0]).toMatchObject({
      title: 'Too Many Requests',
      detail: expect.stringContaining('1000 ms'),
    });
    expect(limited.headers.get('retry-after')).toBeNull();

    // Another route and another token have buckets of their own.
    expect((await api.get(`/v4/accounts/${ids.accountId}/workspaces`)).status).toBe(200);
    const bob = apiClient(
      mock,
      await mock.issueAccessToken({
        clientId: mock.credentials.webApp.clientId,
        userId: 'bob@example.com',
        scopes: 'openid',
      }),
    );
    expect((await bob.get('/v4/me')).status).toBe(200);

    // One slot leaks out every window / limit = 1000 ms.
    now += 999;
    expect((await me()).status).toBe(429);
    now += 1;
    const refilled = await me();
    expect(refilled.status).toBe(200);
    expect(limits(refilled.headers).remaining).toBe('0');
    now += 3_000;
    expect(limits((await me()).headers).remaining).toBe('2');
  });

  test('a refused request has no effect', async () => {
    const { api } = await start({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const path = `/v4/accounts/${ids.accountId}/workspaces`;
    expect((await api.post(path, { data: { name: 'One' } })).status).toBe(201);
    expect((await api.post(path, { data: { name: 'Two' } })).status).toBe(429);
    const names = (await api.get(path)).body.data.map((workspace: { name: string }) => workspace.name);
    expect(names).toEqual(['Main Workspace', 'Archive', 'One']);
  });

  test('invalid rateLimit options are refused with the field name', async () => {
    await expect(start({ rateLimit: { limit: 0, windowMs: 1000 } })).rejects.toThrow(
      /rateLimit\.limit must be a positive integer/,
    );
    await expect(start({ rateLimit: { limit: 1, windowMs: -1 } })).rejects.toThrow(/rateLimit\.windowMs/);
  });
});
