import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SEED_IDS as ids } from '../src/index.js';
import { apiClient, type Body, useResourceMock } from './resources-support.js';

const { start } = useResourceMock();
const account = `/v4/accounts/${ids.accountId}`;

function idsOf(reply: { body: Body }): string[] {
  return reply.body.data.map((item: { id: string }) => item.id);
}

describe('accounts', () => {
  test("GET /v4/accounts lists the seeded account with the caller's roles", async () => {
    const { mock, api } = await start();
    const alice = await api.get('/v4/accounts');
    expect(alice.status).toBe(200);
    expect(alice.body.data).toEqual([
      expect.objectContaining({ id: ids.accountId, display_name: 'Mock Studio', roles: ['owner', 'admin'] }),
    ]);
    expect(alice.body.links).toEqual({ next: null });

    const bob = apiClient(
      mock,
      await mock.issueAccessToken({
        clientId: mock.credentials.spa.clientId,
        userId: 'bob@example.com',
        scopes: 'openid',
      }),
    );
    expect((await bob.get('/v4/accounts')).body.data[0].roles).toEqual(['member']);
    const s2s = apiClient(
      mock,
      await mock.issueAccessToken({ clientId: mock.credentials.serverToServer.clientId, scopes: 'openid' }),
    );
    expect((await s2s.get('/v4/accounts')).body.data[0].roles).toEqual(['admin']);
  });

  test('an account the caller is not a member of is a 404, like an unknown one', async () => {
    const { mock, api } = await start({
      seed: (seed) => ({
        bobsAccount: seed.account({
          displayName: "Bob's",
          members: [{ user: 'bob@example.com', roles: ['owner'] }],
        }).id,
      }),
    });
    // The token is Alice's.
    expect((await api.get('/v4/accounts')).body.data).toEqual([]);
    for (const accountId of [mock.seedIds.bobsAccount, '00000000-0000-4000-8000-00000000dead']) {
      const reply = await api.get(`/v4/accounts/${accountId}/workspaces`);
      expect(reply.status).toBe(404);
      expect(reply.body.errors[0]).toMatchObject({
        title: 'Not Found',
        detail: expect.stringContaining('GET /v4/accounts'),
      });
    }
  });
});

describe('workspaces', () => {
  test('create, show with include=creator, rename, list, delete', async () => {
    const { api } = await start();
    const created = await api.post(`${account}/workspaces`, { data: { name: 'Post' } });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({ name: 'Post', account_id: ids.accountId });

    const shown = await api.get(`${account}/workspaces/${id}`, { include: 'creator' });
    expect(shown.body.data.creator).toMatchObject({ email: 'alice@example.com', active: true });

    expect(
      (await api.patch(`${account}/workspaces/${id}`, { data: { name: 'Post 2' } })).body.data.name,
    ).toBe('Post 2');
    expect(idsOf(await api.get(`${account}/workspaces`))).toEqual([
      ids.mainWorkspaceId,
      ids.archiveWorkspaceId,
      id,
    ]);

    expect((await api.delete(`${account}/workspaces/${id}`)).status).toBe(204);
    expect((await api.get(`${account}/workspaces/${id}`)).status).toBe(404);
  });

  test('deleting a workspace deletes its projects, their files and its webhooks', async () => {
    const { api } = await start();
    expect((await api.delete(`${account}/workspaces/${ids.mainWorkspaceId}`)).status).toBe(204);
    expect((await api.get(`${account}/projects/${ids.projectId}`)).status).toBe(404);
    expect((await api.get(`${account}/files/${ids.posterFileId}`)).status).toBe(404);
    expect((await api.get(`${account}/webhooks/${ids.webhookId}`)).status).toBe(404);
    expect(idsOf(await api.get(`${account}/projects`))).toEqual([ids.archiveProjectId]);
  });
});

describe('projects', () => {
  test('creating a project creates its root folder', async () => {
    const { api } = await start();
    const created = await api.post(`${account}/workspaces/${ids.archiveWorkspaceId}/projects`, {
      data: { name: 'Spring Spot' },
    });
    expect(created.status).toBe(201);
    const project = created.body.data;
    expect(project).toMatchObject({
      name: 'Spring Spot',
      status: 'active',
      storage: 0,
      workspace_id: ids.archiveWorkspaceId,
    });

    const root = await api.get(`${account}/folders/${project.root_folder_id}`);
    expect(root.body.data).toMatchObject({
      id: project.root_folder_id,
      parent_id: null,
      project_id: project.id,
      type: 'folder',
    });
    expect((await api.get(`${account}/folders/${project.root_folder_id}/children`)).body.data).toEqual([]);

    const listed = await api.get(`${account}/workspaces/${ids.archiveWorkspaceId}/projects`, {
      include: 'owner',
    });
    expect(listed.body.data.map((each: Body) => [each.name, each.owner.email])).toEqual([
      ['Archive 2025', 'alice@example.com'],
      ['Spring Spot', 'alice@example.com'],
    ]);
  });

  test('show, update and delete; storage counts uploaded bytes', async () => {
    const { api } = await start();
    const shown = await api.get(`${account}/projects/${ids.projectId}`);
    // intro.mp4 (2 MiB generated) + intro_v2 + poster + notes; the pending upload does not count.
    expect(shown.body.data.storage).toBeGreaterThan(2 * 1024 * 1024);
    expect(shown.body.data.description).toContain('spring launch');

    const updated = await api.patch(`${account}/projects/${ids.projectId}`, {
      data: { status: 'inactive', name: 'Done' },
    });
    expect(updated.body.data).toMatchObject({ status: 'inactive', name: 'Done' });

    expect((await api.delete(`${account}/projects/${ids.projectId}`)).status).toBe(204);
    expect((await api.get(`${account}/projects/${ids.projectId}`)).status).toBe(404);
    expect((await api.get(`${account}/folders/${ids.rootFolderId}`)).status).toBe(404);
    expect((await api.get(`${account}/shares/${ids.shareId}`)).status).toBe(404);
  });
});

describe('folders', () => {
  test('children list files, folders and version stacks; type= filters them', async () => {
    const { api } = await start();
    const children = await api.get(`${account}/folders/${ids.footageFolderId}/children`);
    expect(children.body.data.map((asset: Body) => [asset.type, asset.name])).toEqual([
      ['folder', 'Day 1'],
      ['version_stack', 'intro_v2.mp4'],
    ]);
    const root = await api.get(`${account}/folders/${ids.rootFolderId}/children`, { type: 'file' });
    expect(root.body.data.map((asset: Body) => asset.name)).toEqual(['notes.txt']);
    const folders = await api.get(`${account}/folders/${ids.rootFolderId}/folders`, {
      include: 'creator,project',
    });
    expect(folders.body.data.map((folder: Body) => folder.name)).toEqual(['Footage', 'Graphics']);
    expect(folders.body.data[0].project).toMatchObject({
      id: ids.projectId,
      root_folder_id: ids.rootFolderId,
    });
    expect(folders.body.data[0].creator.email).toBe('alice@example.com');
  });

  test('create, rename, move (not into itself), copy deeply, delete with everything inside', async () => {
    const { api } = await start();
    const created = await api.post(`${account}/folders/${ids.rootFolderId}/folders`, {
      data: { name: 'Audio' },
    });
    expect(created.status).toBe(201);
    const audio = created.body.data.id;
    expect(created.body.data).toMatchObject({
      parent_id: ids.rootFolderId,
      project_id: ids.projectId,
      cover_file_id: null,
    });
    expect((await api.patch(`${account}/folders/${audio}`, { data: { name: 'Sound' } })).body.data.name).toBe(
      'Sound',
    );

    const intoItself = await api.patch(`${account}/folders/${ids.footageFolderId}/move`, {
      data: { parent_id: ids.dayOneFolderId },
    });
    expect(intoItself.status).toBe(422);
    expect(intoItself.body.errors[0].source).toEqual({ pointer: '/data/parent_id' });

    const moved = await api.patch(`${account}/folders/${ids.graphicsFolderId}/move`, {
      data: { parent_id: audio },
    });
    expect(moved.body.data.parent_id).toBe(audio);

    const copy = await api.post(`${account}/folders/${audio}/copy`, {
      data: { parent_id: ids.archiveRootFolderId },
    });
    expect(copy.status).toBe(200);
    expect(copy.body.data).toMatchObject({
      name: 'Sound',
      parent_id: ids.archiveRootFolderId,
      project_id: ids.archiveProjectId,
    });
    const copiedGraphics = (await api.get(`${account}/folders/${copy.body.data.id}/children`)).body.data;
    expect(copiedGraphics.map((asset: Body) => asset.name)).toEqual(['Graphics']);
    expect(copiedGraphics[0].id).not.toBe(ids.graphicsFolderId);
    const copiedPoster = (await api.get(`${account}/folders/${copiedGraphics[0].id}/files`)).body.data[0];
    expect(copiedPoster).toMatchObject({
      name: 'poster.png',
      project_id: ids.archiveProjectId,
      status: 'transcoded',
    });

    expect((await api.delete(`${account}/folders/${audio}`)).status).toBe(204);
    expect((await api.get(`${account}/folders/${ids.graphicsFolderId}`)).status).toBe(404);
    expect((await api.get(`${account}/files/${ids.posterFileId}`)).status).toBe(404);
    expect((await api.get(`${account}/comments/${ids.posterCommentId}`)).status).toBe(404);
    expect((await api.get(`${account}/files/${copiedPoster.id}`)).status).toBe(200);

    const root = await api.delete(`${account}/folders/${ids.rootFolderId}`);
    expect(root.status).toBe(422);
  });

  test('bulk move and bulk copy', async () => {
    const { api } = await start();
    const moved = await api.call('PATCH', `${account}/folders/move`, {
      body: {
        data: { folder_ids: [ids.graphicsFolderId, ids.dayOneFolderId], parent_id: ids.archiveRootFolderId },
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.map((folder: Body) => folder.project_id)).toEqual([
      ids.archiveProjectId,
      ids.archiveProjectId,
    ]);
    // Files inside moved with their folder.
    expect((await api.get(`${account}/files/${ids.posterFileId}`)).body.data.project_id).toBe(
      ids.archiveProjectId,
    );

    const copied = await api.post(`${account}/folders/copy`, {
      data: { folder_ids: [ids.graphicsFolderId], parent_id: ids.rootFolderId },
    });
    expect(copied.body.data[0]).toMatchObject({
      source_folder_id: ids.graphicsFolderId,
      folder: { parent_id: ids.rootFolderId },
    });

    const unknown = await api.call('PATCH', `${account}/folders/move`, {
      body: { data: { folder_ids: [ids.posterFileId], parent_id: ids.rootFolderId } },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].source).toEqual({ pointer: '/data/folder_ids/0' });
  });
});

describe('files', () => {
  test('show with include=creator,project,metadata and media links', async () => {
    const { api } = await start();
    const shown = await api.get(`${account}/files/${ids.posterFileId}`, {
      include: 'creator,project,metadata,media_links.original,media_links.thumbnail,media_links.high_quality',
    });
    const file = shown.body.data;
    expect(file).toMatchObject({
      name: 'poster.png',
      media_type: 'image/png',
      status: 'transcoded',
      file_size: 67,
      parent_id: ids.graphicsFolderId,
      creator: { email: 'alice@example.com' },
      project: { id: ids.projectId, description: expect.any(String) },
      metadata: [],
    });
    expect(file.media_links.original.download_url).toMatch(/\/_mock\/media\//);
    expect(file.media_links.thumbnail.url).toMatch(/\/_mock\/media\/.+\/thumbnail/);
    // Video renditions do not exist for an image.
    expect(file.media_links.high_quality).toEqual({ download_url: null });
    expect((await fetch(file.media_links.thumbnail.url)).headers.get('content-type')).toBe('image/png');

    const pending = await api.get(`${account}/files/${ids.pendingUploadFileId}`, {
      include: 'media_links.original',
    });
    expect(pending.body.data.status).toBe('created');
    expect(pending.body.data.media_links.original).toEqual({ download_url: null, inline_url: null });
  });

  test('the original downloads the seeded bytes, inline or as an attachment', async () => {
    const { api } = await start();
    const notes = (await api.get(`${account}/files/${ids.notesFileId}`, { include: 'media_links.original' }))
      .body.data;
    const download = await fetch(notes.media_links.original.download_url);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="notes.txt"/);
    expect(await download.text()).toContain('Launch campaign notes');
    const inline = await fetch(notes.media_links.original.inline_url);
    expect(inline.headers.get('content-disposition')).toMatch(/^inline/);
    const forged = await fetch(
      notes.media_links.original.download_url.replace(/signature=[^&]+/, 'signature=nope'),
    );
    expect(forged.status).toBe(403);
  });

  test('rename, move, copy (with comments), delete', async () => {
    const { api } = await start();
    expect(
      (await api.patch(`${account}/files/${ids.notesFileId}`, { data: { name: 'notes-v2.txt' } })).body.data
        .name,
    ).toBe('notes-v2.txt');
    const moved = await api.call('PATCH', `${account}/files/${ids.notesFileId}/move`, {
      body: { data: { parent_id: ids.graphicsFolderId } },
    });
    expect(moved.body.data.parent_id).toBe(ids.graphicsFolderId);

    const copy = await api.call('POST', `${account}/files/${ids.posterFileId}/copy`, {
      body: { data: { parent_id: ids.footageFolderId } },
      query: { copy_comments: 'all' },
    });
    expect(copy.body.data).toMatchObject({ name: 'poster.png', parent_id: ids.footageFolderId });
    const copiedComments = await api.get(`${account}/files/${copy.body.data.id}/comments`);
    expect(copiedComments.body.data.map((comment: Body) => comment.text)).toEqual([
      'The logo needs more padding.',
    ]);

    const bulk = await api.post(`${account}/files/copy`, {
      data: { file_ids: [ids.notesFileId], parent_id: ids.rootFolderId },
    });
    expect(bulk.body.data[0]).toMatchObject({
      source_file_id: ids.notesFileId,
      file: { parent_id: ids.rootFolderId },
    });
    const bulkMoved = await api.call('PATCH', `${account}/files/move`, {
      body: { data: { file_ids: [ids.notesFileId], parent_id: ids.rootFolderId } },
    });
    expect(bulkMoved.body.data[0].parent_id).toBe(ids.rootFolderId);

    expect((await api.delete(`${account}/files/${ids.posterFileId}`)).status).toBe(204);
    expect((await api.get(`${account}/files/${ids.posterFileId}`)).status).toBe(404);
    expect((await api.get(`${account}/comments/${ids.posterCommentId}`)).status).toBe(404);
  });

  test('upload status of an uploaded and of a pending file', async () => {
    const { api } = await start();
    const done = await api.get(`${account}/files/${ids.posterFileId}/status`);
    expect(done.body.data).toMatchObject({
      id: ids.posterFileId,
      filetype: 'image/png',
      upload_complete: true,
      upload_failed: false,
    });
    const pending = await api.get(`${account}/files/${ids.pendingUploadFileId}/status`);
    expect(pending.body.data).toMatchObject({
      upload_complete: false,
      upload_completed_at: null,
      uploaded_at: null,
    });
  });
});

describe('version stacks', () => {
  test('the seeded stack: head version, versions, parent of the versions', async () => {
    const { api } = await start();
    const stack = await api.get(`${account}/version_stacks/${ids.versionStackId}`, {
      include: 'media_links.thumbnail',
    });
    expect(stack.body.data).toMatchObject({
      type: 'version_stack',
      parent_id: ids.footageFolderId,
      head_version: { id: ids.introV2FileId, parent_id: ids.versionStackId },
    });
    expect(stack.body.data.head_version.media_links.thumbnail.url).toMatch(/thumbnail/);
    const versions = await api.get(`${account}/version_stacks/${ids.versionStackId}/children`);
    expect(idsOf(versions)).toEqual([ids.introV1FileId, ids.introV2FileId]);
    const listed = await api.get(`${account}/folders/${ids.footageFolderId}/version_stacks`);
    expect(idsOf(listed)).toEqual([ids.versionStackId]);
  });

  test('stacking files makes the last one the head; move and copy the stack', async () => {
    const { api } = await start();
    const created = await api.post(`${account}/folders/${ids.rootFolderId}/version_stacks`, {
      data: { file_ids: [ids.notesFileId, ids.posterFileId] },
    });
    expect(created.status).toBe(201);
    const stack = created.body.data;
    expect(stack).toMatchObject({ name: 'poster.png', head_version: { id: ids.posterFileId } });
    expect((await api.get(`${account}/files/${ids.notesFileId}`)).body.data.parent_id).toBe(stack.id);

    const moved = await api.call('PATCH', `${account}/version_stacks/${stack.id}/move`, {
      body: { data: { parent_id: ids.graphicsFolderId } },
    });
    expect(moved.body.data.parent_id).toBe(ids.graphicsFolderId);
    const copy = await api.post(`${account}/version_stacks/${stack.id}/copy`, {
      data: { parent_id: ids.footageFolderId },
    });
    expect(copy.body.data.id).not.toBe(stack.id);
    expect(copy.body.data.head_version.id).not.toBe(ids.posterFileId);
    expect((await api.get(`${account}/version_stacks/${copy.body.data.id}/children`)).body.data).toHaveLength(
      2,
    );

    // Deleting every version deletes the stack.
    await api.delete(`${account}/files/${ids.notesFileId}`);
    await api.delete(`${account}/files/${ids.posterFileId}`);
    expect((await api.get(`${account}/version_stacks/${stack.id}`)).status).toBe(404);
  });
});

describe('comments', () => {
  test('list with include=owner,replies; timestamps as frames or timecode', async () => {
    const { api } = await start();
    const listed = await api.get(`${account}/files/${ids.introV2FileId}/comments`, {
      include: 'owner,replies',
    });
    expect(
      listed.body.data.map((comment: Body) => [comment.text, comment.owner.email, comment.replies.length]),
    ).toEqual([
      ['Love the opening shot.', 'alice@example.com', 1],
      ['Can we brighten this shot a little?', 'bob@example.com', 0],
    ]);
    expect(listed.body.data[0].timestamp).toBe(48);
    expect(listed.body.data[0].replies[0]).toMatchObject({ id: ids.replyId, text: 'Agreed!' });
    expect(listed.body.data[1]).toMatchObject({ completer_id: expect.any(String), duration: 24 });

    const timecode = await api.get(`${account}/comments/${ids.commentId}`, { timestamp_as_timecode: true });
    expect(timecode.body.data.timestamp).toBe('00:00:02:00');
  });

  test('create, complete, edit and delete a comment (with its replies)', async () => {
    const { api } = await start();
    const created = await api.call('POST', `${account}/files/${ids.introV2FileId}/comments`, {
      body: {
        data: {
          text: 'Ping @bob@example.com, see https://example.com',
          timestamp: '00:00:10:12',
          links: [{ start_index: 27, end_index: 46, url: 'https://example.com' }],
        },
      },
    });
    expect(created.status).toBe(201);
    const comment = created.body.data;
    expect(comment).toMatchObject({
      timestamp: 252,
      completed_at: null,
      links: [{ text: 'https://example.com' }],
      mentions: [
        { text: '@bob@example.com', user_id: 'b0b00000-0000-4000-8000-000000000002', start_index: 5 },
      ],
    });

    const completed = await api.patch(`${account}/comments/${comment.id}`, {
      data: { completed: true, text: 'Edited' },
    });
    expect(completed.body.data).toMatchObject({
      text: 'Edited',
      completer_id: 'a11ce000-0000-4000-8000-000000000001',
    });
    expect(completed.body.data.completed_at).not.toBeNull();
    expect(completed.body.data.text_edited_at).not.toBeNull();

    expect((await api.delete(`${account}/comments/${ids.commentId}`)).status).toBe(204);
    expect((await api.get(`${account}/comments/${ids.replyId}`)).status).toBe(404);
  });

  test('a timestamp on an image is refused with a pointer to it', async () => {
    const { api } = await start();
    const reply = await api.post(`${account}/files/${ids.posterFileId}/comments`, {
      data: { text: 'Hi', timestamp: 10 },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0]).toMatchObject({
      source: { pointer: '/data/timestamp' },
      detail: expect.stringContaining('anchor'),
    });
  });
});

describe('shares', () => {
  test('the seeded share and its assets; add and remove an asset', async () => {
    const { api } = await start();
    const shares = await api.get(`${account}/projects/${ids.projectId}/shares`);
    expect(shares.body.data.map((share: Body) => share.name)).toEqual(['Client review']);
    expect(shares.body.data[0].short_url).toMatch(/^https:\/\/f\.io\//);
    const assets = await api.get(`${account}/shares/${ids.shareId}/assets`);
    expect(idsOf(assets)).toEqual([ids.versionStackId, ids.posterFileId]);

    const added = await api.post(`${account}/shares/${ids.shareId}/assets`, {
      data: { asset_id: ids.notesFileId },
    });
    expect(added.body.data.asset_added).toBe(ids.notesFileId);
    const removed = await api.delete(`${account}/shares/${ids.shareId}/assets/${ids.posterFileId}`);
    expect(removed.body.data.asset_removed).toBe(ids.posterFileId);
    expect(idsOf(await api.get(`${account}/shares/${ids.shareId}/assets`))).toEqual([
      ids.versionStackId,
      ids.notesFileId,
    ]);
  });

  test('create (assets of the project only), update, delete', async () => {
    const { api } = await start();
    const other = await api.post(`${account}/projects/${ids.archiveProjectId}/shares`, {
      data: { type: 'asset', name: 'Wrong', access: 'public', asset_ids: [ids.posterFileId] },
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].source).toEqual({ pointer: '/data/asset_ids/0' });

    const created = await api.post(`${account}/projects/${ids.projectId}/shares`, {
      data: { type: 'asset', name: 'Press', access: 'secure', asset_ids: [ids.posterFileId], layout: 'grid' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      name: 'Press',
      access: 'secure',
      layout: 'grid',
      enabled: true,
    });
    const updated = await api.patch(`${account}/shares/${created.body.data.id}`, {
      data: { enabled: false, expiration: '2030-01-01T00:00:00Z' },
    });
    expect(updated.body.data).toMatchObject({ enabled: false, expiration: '2030-01-01T00:00:00.000Z' });
    expect((await api.delete(`${account}/shares/${created.body.data.id}`)).status).toBe(204);
    expect((await api.get(`${account}/shares/${created.body.data.id}`)).status).toBe(404);
  });
});

describe('webhooks', () => {
  test('the signing secret is in the create answer only, and never printed', async () => {
    const { mock, api } = await start();
    const created = await api.post(`${account}/workspaces/${ids.mainWorkspaceId}/webhooks`, {
      data: { name: 'CI', url: 'https://ci.example.com/hook', events: ['file.ready', 'comment.created'] },
    });
    expect(created.status).toBe(201);
    const { secret, id } = created.body.data;
    expect(secret).toMatch(/^[a-z0-9]{40}$/);

    const shown = await api.get(`${account}/webhooks/${id}`, { include: 'creator' });
    expect(shown.body.data).not.toHaveProperty('secret');
    expect(shown.body.data.creator.email).toBe('alice@example.com');
    const listed = await api.get(`${account}/workspaces/${ids.mainWorkspaceId}/webhooks`);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const record = mock.state.resources.webhooks.get(id);
    expect(record?.secret).toBe(secret);
    expect(inspect(record)).not.toContain(secret);
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(inspect(mock.state, { depth: 10 })).not.toContain(secret);
  });

  test('update and delete; unknown event types are refused', async () => {
    const { api } = await start();
    const updated = await api.patch(`${account}/webhooks/${ids.webhookId}`, {
      data: { active: false, events: ['share.viewed'] },
    });
    expect(updated.body.data).toMatchObject({ active: false, events: ['share.viewed'] });
    const typo = await api.post(`${account}/workspaces/${ids.mainWorkspaceId}/webhooks`, {
      data: { name: 'Typo', url: 'https://example.com', events: ['file.uploaded'] },
    });
    expect(typo.status).toBe(422);
    expect(typo.body.errors[0].source).toEqual({ pointer: '/data/events/0' });
    expect((await api.delete(`${account}/webhooks/${ids.webhookId}`)).status).toBe(204);
    expect((await api.get(`${account}/webhooks/${ids.webhookId}`)).status).toBe(404);
  });
});

describe('moves without a destination', () => {
  test('files.move, folders.move and version_stacks.move without parent_id are 422s on /data/parent_id', async () => {
    const { mock, api } = await start();
    const moves = [
      { path: `${account}/files/${ids.posterFileId}/move`, id: ids.posterFileId },
      { path: `${account}/folders/${ids.dayOneFolderId}/move`, id: ids.dayOneFolderId },
      { path: `${account}/version_stacks/${ids.versionStackId}/move`, id: ids.versionStackId },
    ];
    for (const { path, id } of moves) {
      const parentBefore = mock.state.resources.assets.get(id)?.parentId;
      const reply = await api.patch(path, { data: {} });
      expect(reply.status, path).toBe(422);
      expect(reply.body.errors[0], path).toMatchObject({
        source: { pointer: '/data/parent_id' },
        detail: expect.stringContaining('/data/parent_id is required to move'),
      });
      expect(mock.state.resources.assets.get(id)?.parentId, path).toBe(parentBefore);
    }
  });
});

describe('unknown ids', () => {
  test('every resource route answers a V4 404 for an id it does not have', async () => {
    const { api } = await start();
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    const paths = [
      `${account}/workspaces/${unknown}`,
      `${account}/projects/${unknown}`,
      `${account}/folders/${unknown}`,
      `${account}/folders/${unknown}/children`,
      `${account}/files/${unknown}`,
      `${account}/files/${unknown}/comments`,
      `${account}/version_stacks/${unknown}`,
      `${account}/comments/${unknown}`,
      `${account}/shares/${unknown}`,
      `${account}/webhooks/${unknown}`,
      // A file id where a folder id belongs.
      `${account}/folders/${ids.posterFileId}`,
    ];
    for (const path of paths) {
      const reply = await api.get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.errors[0]).toMatchObject({
        title: 'Not Found',
        detail: expect.stringMatching(/not found/i),
      });
    }
  });

  test("ids of another account's resources are 404s", async () => {
    const { mock, api } = await start({
      seed: (seed) => {
        const mine = seed.account({ displayName: 'Mine' });
        const theirs = seed.account({ displayName: 'Theirs', members: ['bob@example.com'] });
        const workspace = seed.workspace({ accountId: theirs.id, name: 'Theirs' });
        const project = seed.project({ workspaceId: workspace.id, name: 'Secret', owner: 'bob@example.com' });
        const file = seed.file({ parentId: project.rootFolderId, name: 'secret.txt', content: 'no' });
        return { mine: mine.id, theirs: theirs.id, project: project.id, file: file.id };
      },
    });
    const { mine, theirs, project, file } = mock.seedIds;
    // Alice is a member of "Mine" only: the ids of "Theirs" do not exist for her, in either account.
    expect((await api.get(`/v4/accounts/${mine}/files/${file}`)).status).toBe(404);
    expect((await api.get(`/v4/accounts/${mine}/projects/${project}`)).status).toBe(404);
    expect((await api.get(`/v4/accounts/${theirs}/files/${file}`)).status).toBe(404);
    const bob = apiClient(
      mock,
      await mock.issueAccessToken({
        clientId: mock.credentials.webApp.clientId,
        userId: 'bob@example.com',
        scopes: 'openid',
      }),
    );
    expect((await bob.get(`/v4/accounts/${theirs}/files/${file}`)).status).toBe(200);
  });
});
