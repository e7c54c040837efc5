import { expect, test } from 'vitest';
import { type Body, callApi, putPart, sha256, testBytes, useResourceMock } from './resources-support.js';

const { start } = useResourceMock();

/** Follows `links.next` (a relative URL) until it is null, collecting every item. */
async function everyPage(mock: { apiBaseUrl: string }, token: string, firstPath: string) {
  const items: Body[] = [];
  let pages = 0;
  for (let next: string | null = firstPath; next !== null; pages++) {
    const url = new URL(next, 'https://relative.invalid');
    const page = await callApi(mock, 'GET', url.pathname, {
      token,
      query: Object.fromEntries(url.searchParams),
    });
    expect(page.status).toBe(200);
    items.push(...page.body.data);
    next = page.body.links.next;
  }
  return { items, pages };
}

test('S2S sign-in → project → folder → upload in parts → comments → paginated list', async () => {
  const { mock } = await start({ uploadPartSize: 1_000 });
  const { clientId, clientSecret } = mock.credentials.serverToServer;
  const tokenResponse = await fetch(`${mock.imsBaseUrl}/ims/token/v3`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'openid,AdobeID,frame.s2s.all',
    }),
  });
  const token: string = (await tokenResponse.json()).access_token;
  const call = (method: string, path: string, body?: unknown) =>
    callApi(mock, method, path, { token, ...(body !== undefined ? { body } : {}) });

  const accounts = await call('GET', '/v4/accounts');
  const accountId: string = accounts.body.data[0].id;
  const base = `/v4/accounts/${accountId}`;
  const workspaceId: string = (await call('GET', `${base}/workspaces`)).body.data[0].id;

  const project = (
    await call('POST', `${base}/workspaces/${workspaceId}/projects`, { data: { name: 'Scenario' } })
  ).body.data;
  const folder = (
    await call('POST', `${base}/folders/${project.root_folder_id}/folders`, { data: { name: 'Uploads' } })
  ).body.data;

  const bytes = testBytes(2_600, 3);
  const created = await call('POST', `${base}/folders/${folder.id}/files/local_upload`, {
    data: { name: 'scene.mp4', file_size: bytes.byteLength },
  });
  const file = created.body.data;
  expect(file.upload_urls.map((part: Body) => part.size)).toEqual([1_000, 1_000, 600]);
  let offset = 0;
  const uploads = file.upload_urls.map((part: Body) => {
    const slice = bytes.subarray(offset, offset + part.size);
    offset += part.size;
    return putPart(part.url, slice, file.media_type);
  });
  expect((await Promise.all(uploads)).map((response: Response) => response.status)).toEqual([200, 200, 200]);
  const status = await call('GET', `${base}/files/${file.id}/status`);
  expect(status.body.data.upload_complete).toBe(true);

  const texts = ['First pass', 'Trim the start', 'Colour looks great', 'Music cue here', 'Approved'];
  for (const [index, text] of texts.entries()) {
    const comment = await call('POST', `${base}/files/${file.id}/comments`, {
      data: { text, timestamp: index * 24 },
    });
    expect(comment.status).toBe(201);
  }
  const comments = await everyPage(
    mock,
    token,
    `${base}/files/${file.id}/comments?page_size=2&include=owner`,
  );
  expect(comments.pages).toBe(3);
  expect(comments.items.map((comment) => comment.text)).toEqual(texts);
  expect(new Set(comments.items.map((comment) => comment.owner.email))).toEqual(
    new Set([`${clientId}@techacct.adobe.com`]),
  );

  const children = await everyPage(
    mock,
    token,
    `${base}/folders/${project.root_folder_id}/children?page_size=1&include=media_links.original`,
  );
  expect(children.items.map((asset) => asset.name)).toEqual(['Uploads']);
  const listed = await call('GET', `${base}/folders/${folder.id}/files?include=media_links.original`);
  const download = await fetch(listed.body.data[0].media_links.original.download_url);
  expect(sha256(await download.arrayBuffer())).toBe(sha256(bytes));
  expect((await call('GET', `${base}/projects/${project.id}`)).body.data.storage).toBe(bytes.byteLength);
});
