// `fio ls --depth n` lists a tree with one request per folder: however deep, it keeps to a few requests at
// a time (V4 allows folder lists 5 per second). Runs listFolder against the emulator over real HTTP and
// counts the requests in flight at the fetch boundary.
import { createFrameioClient } from '@frameio-v4/api';
import { LegacyTokenAuth } from '@frameio-v4/auth-legacy';
import { type MockServer, startMockServer } from '@frameio-v4/mock/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AssetEntry, listFolder } from '../src/commands/ls.js';
import { createLimiter } from '../src/map-limit.js';

const FOLDERS_PER_LEVEL = 3;
const LEVELS = 3;

let server: MockServer<{ accountId: string; rootFolderId: string }>;

beforeAll(async () => {
  server = await startMockServer({
    seed: (seed) => {
      const account = seed.account({ displayName: 'Deep Studio' });
      const workspace = seed.workspace({ accountId: account.id, name: 'Main' });
      const project = seed.project({ workspaceId: workspace.id, name: 'Deep' });
      let parents = [project.rootFolderId];
      for (let level = 1; level <= LEVELS; level++) {
        parents = parents.flatMap((parentId) =>
          Array.from(
            { length: FOLDERS_PER_LEVEL },
            (_, index) => seed.folder({ parentId, name: `L${level}-${index}` }).id,
          ),
        );
      }
      return { accountId: account.id, rootFolderId: project.rootFolderId };
    },
  });
  // Slow answers make the requests overlap, so too many in flight would show.
  server.mock.faults.add({
    match: { path: '/v4/accounts/:account_id/folders/:folder_id/children' },
    fault: { kind: 'delay', ms: 25 },
    times: Number.POSITIVE_INFINITY,
  });
});
afterAll(async () => {
  await server?.close();
});

function countFolders(entries: readonly AssetEntry[] | undefined): number {
  return (entries ?? []).reduce((sum, entry) => sum + 1 + countFolders(entry.children), 0);
}

describe('fio ls --depth', () => {
  it('lists every level of the tree with at most 4 folder lists in flight in total', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const client = createFrameioClient({
      auth: new LegacyTokenAuth({ token: server.mock.credentials.legacyToken }),
      baseUrl: server.apiBaseUrl,
      fetch: countingFetch,
    });
    const { accountId, rootFolderId } = server.mock.seedIds;

    const tree = await listFolder(
      { client, signal: new AbortController().signal, limit: createLimiter(4) },
      accountId,
      rootFolderId,
      LEVELS + 1,
    );

    // 3 + 9 + 27 folders, each listed (the deepest ones as empty).
    expect(countFolders(tree)).toBe(3 + 9 + 27);
    expect(tree[0]?.children?.[0]?.children?.[0]?.children).toEqual([]);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(4);
  });
});
