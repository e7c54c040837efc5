import { describe, expect, test } from 'vitest';
import { createFrameioMock, DEFAULT_SEED_IDS, type MockSeeder, seededRandom } from '../src/index.js';
import { type Body, useResourceMock } from './resources-support.js';

const { start } = useResourceMock();
const NOW = () => Date.parse('2026-01-15T10:00:00Z');

/** A seed that lets the id stream pick every id. */
function generatedSeed(seed: MockSeeder) {
  const account = seed.account({ displayName: 'Generated' });
  const workspace = seed.workspace({ accountId: account.id, name: 'W' });
  const project = seed.project({ workspaceId: workspace.id, name: 'P' });
  const file = seed.file({ parentId: project.rootFolderId, name: 'clip.mov', fileSize: 1000 });
  return {
    accountId: account.id,
    projectId: project.id,
    rootFolderId: project.rootFolderId,
    fileId: file.id,
  };
}

describe('seed', () => {
  test('the default seed has the well-known ids and the same content in every mock', async () => {
    const first = await start({ now: NOW });
    // Two live mocks in one msw server need their own origins.
    const second = await start({ now: NOW, apiBaseUrl: 'https://second-api.example' });
    expect(first.mock.seedIds).toEqual(DEFAULT_SEED_IDS);
    const path = `/v4/accounts/${DEFAULT_SEED_IDS.accountId}/folders/${DEFAULT_SEED_IDS.footageFolderId}/children`;
    const [a, b] = await Promise.all([first.api.get(path), second.api.get(path)]);
    expect(a.body.data.length).toBeGreaterThan(0);
    expect(a.body).toEqual(b.body);
  });

  test('the same seed and idSeed give the same ids, also for resources created later', async () => {
    const runs: Record<string, string>[] = [];
    // One after the other: the newest mock's handlers answer.
    for (const idSeed of [1, 1, 2]) {
      const { mock, api } = await start({ seed: generatedSeed, idSeed });
      const created = await api.post(
        `/v4/accounts/${mock.seedIds.accountId}/folders/${mock.seedIds.rootFolderId}/folders`,
        {
          data: { name: 'Later' },
        },
      );
      runs.push({ ...mock.seedIds, later: created.body.data.id as string });
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[2]?.projectId).not.toBe(runs[0]?.projectId);
    expect(runs[0]?.accountId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  test('seed: false starts empty; a seed function can build anything and return its ids', async () => {
    const empty = await start({ seed: false });
    expect(empty.mock.seedIds).toBeUndefined();
    expect((await empty.api.get('/v4/accounts')).body.data).toEqual([]);

    const custom = await start({
      seed: (seed) => {
        const account = seed.account({ displayName: 'Custom', members: ['alice@example.com'] });
        const workspace = seed.workspace({ accountId: account.id, name: 'Only' });
        return { accountId: account.id, workspaceId: workspace.id };
      },
    });
    const workspaces = await custom.api.get(`/v4/accounts/${custom.mock.seedIds.accountId}/workspaces`);
    expect(workspaces.body.data.map((workspace: Body) => workspace.id)).toEqual([
      custom.mock.seedIds.workspaceId,
    ]);
  });

  test('mock.seed adds resources to a running mock', async () => {
    const { mock, api } = await start();
    const folder = mock.seed.folder({ parentId: DEFAULT_SEED_IDS.rootFolderId, name: 'Added' });
    const reply = await api.get(`/v4/accounts/${DEFAULT_SEED_IDS.accountId}/folders/${folder.id}`);
    expect(reply.body.data).toMatchObject({ name: 'Added', parent_id: DEFAULT_SEED_IDS.rootFolderId });
  });

  test('reset() puts the seed back and hands out the same ids again', async () => {
    const { mock, api } = await start();
    const account = `/v4/accounts/${DEFAULT_SEED_IDS.accountId}`;
    const createFolder = async () =>
      (await api.post(`${account}/folders/${DEFAULT_SEED_IDS.rootFolderId}/folders`, { data: { name: 'X' } }))
        .body.data.id;
    const before = await createFolder();
    await api.delete(`${account}/projects/${DEFAULT_SEED_IDS.projectId}`);

    mock.reset();
    // reset() forgets tokens too.
    const token = await mock.issueAccessToken({
      clientId: mock.credentials.webApp.clientId,
      scopes: 'openid',
    });
    const reply = await fetch(`${mock.apiBaseUrl}${account}/projects/${DEFAULT_SEED_IDS.projectId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(reply.status).toBe(200);
    const again = await fetch(
      `${mock.apiBaseUrl}${account}/folders/${DEFAULT_SEED_IDS.rootFolderId}/folders`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ data: { name: 'X' } }),
      },
    );
    expect((await again.json()).data.id).toBe(before);
  });

  test('ids do not draw from options.random, so fault probabilities stay predictable', async () => {
    async function outcomes(createBetween: boolean): Promise<number[]> {
      const { mock, api, token } = await start({ random: seededRandom(7) });
      mock.faults.add({
        match: { path: '/v4/me' },
        fault: { kind: 'status', status: 503 },
        times: Infinity,
        probability: 0.5,
      });
      const statuses: number[] = [];
      for (let index = 0; index < 8; index++) {
        // Plain fetch: an injected 503 is not a status the spec declares.
        const me = await fetch(`${mock.apiBaseUrl}/v4/me`, { headers: { authorization: `Bearer ${token}` } });
        statuses.push(me.status);
        if (createBetween) {
          await api.post(`/v4/accounts/${DEFAULT_SEED_IDS.accountId}/workspaces`, {
            data: { name: `W${index}` },
          });
        }
      }
      return statuses;
    }
    expect(await outcomes(true)).toEqual(await outcomes(false));
  });

  test('bad seed input throws a TypeError naming the builder and the field', () => {
    expect(() =>
      createFrameioMock({
        seed: (seed) =>
          seed.workspace({ accountId: seed.account().id, name: 'W', creator: 'carol@example.com' }),
      }),
    ).toThrow(/seed\.workspace: creator 'carol@example\.com' is not a known user/);
    expect(() =>
      createFrameioMock({
        seed: (seed) => seed.file({ parentId: DEFAULT_SEED_IDS.rootFolderId, name: 'a', content: 'x' }),
      }),
    ).toThrow(/seed\.file: parentId .* is not a folder/);
    expect(() =>
      createFrameioMock({
        seed: (seed) => {
          seed.account({ id: DEFAULT_SEED_IDS.accountId });
          seed.account({ id: DEFAULT_SEED_IDS.accountId });
        },
      }),
    ).toThrow(/already exists/);
    // @ts-expect-error: a seed is false or a function.
    expect(() => createFrameioMock({ seed: { accounts: [] } })).toThrow(/seed must be false/);
  });
});
