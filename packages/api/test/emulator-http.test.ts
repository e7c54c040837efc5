// The typed client driven over the network against the emulator's real HTTP server (@frameio-v4/mock/node).
import { createHash } from 'node:crypto';
import { DEFAULT_SEED_IDS as ids } from '@frameio-v4/mock';
import { type MockServer, startMockServer } from '@frameio-v4/mock/node';
import { afterEach, describe, expect, test } from 'vitest';
import { createFrameioClient, FrameioApiError, paginate, unwrap } from '../src/index.js';

function sha256(bytes: Uint8Array | ArrayBuffer): string {
  return createHash('sha256')
    .update(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
    .digest('hex');
}

/** Deterministic test bytes (differ per offset, so misplaced parts change the hash). */
function testBytes(length: number, salt = 0): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 7 + salt * 13 + (index >> 8)) & 0xff;
  return bytes;
}

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server and a client signed in over the network with the S2S credential (client_credentials). */
async function connect(options: Parameters<typeof startMockServer>[0] = {}) {
  const server = await startMockServer(options);
  servers.push(server);
  const { clientId, clientSecret } = server.mock.credentials.serverToServer;
  const response = await fetch(`${server.imsBaseUrl}/ims/token/v3`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'openid,AdobeID,frame.s2s.all',
    }),
  });
  const { access_token: token } = (await response.json()) as { access_token: string };
  const client = createFrameioClient({ auth: token, baseUrl: server.apiBaseUrl });
  return { server, client };
}

describe('the real @frameio-v4/api client against startMockServer', () => {
  test('typed calls and paginate() across pages over HTTP', async () => {
    const { client } = await connect();
    const accounts = await unwrap(client.GET('/v4/accounts'));
    expect(accounts.data.map((account) => account.id)).toEqual([ids.accountId]);

    for (const name of ['C', 'A', 'E', 'B', 'D']) {
      await unwrap(
        client.POST('/v4/accounts/{account_id}/workspaces/{workspace_id}/projects', {
          params: { path: { account_id: ids.accountId, workspace_id: ids.mainWorkspaceId } },
          body: { data: { name } },
        }),
      );
    }
    const projects: [string, string | undefined][] = [];
    for await (const project of paginate(client, '/v4/accounts/{account_id}/projects', {
      params: {
        path: { account_id: ids.accountId },
        query: { page_size: 2, sort: 'name_asc', include: 'owner' },
      },
    })) {
      projects.push([project.name, project.owner?.email]);
    }
    const s2s = 'mock-s2s-client@techacct.adobe.com';
    expect(projects).toEqual([
      ['A', s2s],
      ['Archive 2025', 'alice@example.com'],
      ['B', s2s],
      ['C', s2s],
      ['D', s2s],
      ['E', s2s],
      ['Launch Campaign', 'alice@example.com'],
    ]);
  });

  test('unknown ids are FrameioApiErrors with the V4 404 details', async () => {
    const { client } = await connect();
    const error = await unwrap(
      client.GET('/v4/accounts/{account_id}/files/{file_id}', {
        params: { path: { account_id: ids.accountId, file_id: '00000000-0000-4000-8000-0000000000ff' } },
      }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FrameioApiError);
    expect((error as FrameioApiError).status).toBe(404);
    expect((error as FrameioApiError).errors[0]?.detail).toContain('was not found in this account');
  });

  test('an upload in parts over the network: create, PUT the parts, download the same bytes', async () => {
    const { client } = await connect({ uploadPartSize: 64 * 1024 });
    const bytes = testBytes(300_000, 5);
    const file = await unwrap(
      client.POST('/v4/accounts/{account_id}/folders/{folder_id}/files/local_upload', {
        params: { path: { account_id: ids.accountId, folder_id: ids.footageFolderId } },
        body: { data: { name: 'network.mp4', file_size: bytes.byteLength } },
      }),
    );
    const parts = file.data.upload_urls ?? [];
    expect(parts).toHaveLength(5);
    let offset = 0;
    await Promise.all(
      parts.map((part) => {
        const body = bytes.subarray(offset, offset + part.size);
        offset += part.size;
        return fetch(part.url, {
          method: 'PUT',
          headers: { 'x-amz-acl': 'private', 'content-type': file.data.media_type ?? '' },
          body,
        }).then((response) => expect(response.status).toBe(200));
      }),
    );
    const ready = await unwrap(
      client.GET('/v4/accounts/{account_id}/files/{file_id}', {
        params: {
          path: { account_id: ids.accountId, file_id: file.data.id },
          query: { include: 'media_links.original' },
        },
      }),
    );
    expect(ready.data.status).toBe('transcoded');
    const url = ready.data.media_links?.original?.download_url;
    expect(url?.startsWith(`${new URL(url ?? '').origin}/_mock/media/`)).toBe(true);
    const download = await fetch(url as string);
    expect(sha256(await download.arrayBuffer())).toBe(sha256(bytes));
  });

  test('a 429 from the rate limit is retried by the client after window / limit', async () => {
    // One slot refills every 2 s: wide enough that even a slow machine sends the third request before a
    // refill, so the emulator answers 429 and the client waits one slot (window / limit) and retries.
    const { client, server } = await connect({ rateLimit: { limit: 2, windowMs: 4_000 } });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) {
      const { response } = await client.GET('/v4/me');
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200]);
    const meRequests = server.mock.state.requests.filter((entry) => entry.path === '/v4/me');
    expect(meRequests.map((entry) => entry.status)).toContain(429);
  });
});
