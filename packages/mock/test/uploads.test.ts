import { describe, expect, test } from 'vitest';
import { DEFAULT_SEED_IDS as ids } from '../src/index.js';
import {
  type ApiClient,
  type Body,
  putPart,
  sha256,
  testBytes,
  useResourceMock,
} from './resources-support.js';

const { start } = useResourceMock();
const account = `/v4/accounts/${ids.accountId}`;

async function createUpload(
  api: ApiClient,
  name: string,
  size: number,
  folderId: string = ids.archiveRootFolderId,
) {
  const reply = await api.post(`${account}/folders/${folderId}/files/local_upload`, {
    data: { name, file_size: size },
  });
  expect(reply.status).toBe(201);
  return reply.body.data as Body;
}

function slices(bytes: Uint8Array<ArrayBuffer>, parts: { size: number }[]): Uint8Array<ArrayBuffer>[] {
  let offset = 0;
  return parts.map((part) => {
    const slice = bytes.subarray(offset, offset + part.size);
    offset += part.size;
    return slice;
  });
}

describe('local_upload', () => {
  test('returns the file with part URLs served by the emulator, sized by uploadPartSize', async () => {
    const { mock, api } = await start({ uploadPartSize: 10 });
    const file = await createUpload(api, 'Clip.MOV', 25);
    expect(file).toMatchObject({
      name: 'Clip.MOV',
      media_type: 'video/quicktime',
      status: 'created',
      file_size: 25,
    });
    expect(file.upload_urls.map((part: Body) => part.size)).toEqual([10, 10, 5]);
    for (const part of file.upload_urls)
      expect(part.url.startsWith(`${mock.apiBaseUrl}/_mock/uploads/${file.id}/`)).toBe(true);
    expect(mock.uploads.get(file.id)).toMatchObject({
      size: 25,
      complete: false,
      mediaType: 'video/quicktime',
    });
  });

  test('the default part size is 25 MiB, and parts grow to stay within 10,000', async () => {
    const { api } = await start();
    const big = await createUpload(api, 'big.mp4', 60 * 1024 * 1024);
    expect(big.upload_urls.map((part: Body) => part.size)).toEqual([
      25 * 1024 * 1024,
      25 * 1024 * 1024,
      10 * 1024 * 1024,
    ]);
    const { api: tiny } = await start({ uploadPartSize: 1 });
    const many = await createUpload(tiny, 'many.bin', 20_001);
    expect(many.upload_urls).toHaveLength(6_667);
    expect(many.upload_urls[0].size).toBe(3);
  });
});

describe('part uploads', () => {
  test('the file is ready only once every part arrived, in any order; the bytes round-trip', async () => {
    const { mock, api } = await start({ uploadPartSize: 1000 });
    const bytes = testBytes(2_500);
    const file = await createUpload(api, 'take.mp4', bytes.byteLength);
    const parts = slices(bytes, file.upload_urls);

    for (const index of [2, 0]) {
      const response = await putPart(
        file.upload_urls[index].url,
        parts[index] as Uint8Array<ArrayBuffer>,
        'video/mp4',
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toMatch(/^".+"$/);
    }
    expect(mock.uploads.receivedParts(file.id)).toEqual([1, 3]);
    const waiting = await api.get(`${account}/files/${file.id}`, { include: 'media_links.original' });
    expect(waiting.body.data.status).toBe('created');
    expect(waiting.body.data.media_links.original.download_url).toBeNull();
    expect((await api.get(`${account}/files/${file.id}/status`)).body.data.upload_complete).toBe(false);

    expect(
      (await putPart(file.upload_urls[1].url, parts[1] as Uint8Array<ArrayBuffer>, 'video/mp4')).status,
    ).toBe(200);
    const ready = await api.get(`${account}/files/${file.id}`, { include: 'media_links.original' });
    expect(ready.body.data.status).toBe('transcoded');
    const status = (await api.get(`${account}/files/${file.id}/status`)).body.data;
    expect(status).toMatchObject({ upload_complete: true, filetype: 'video/mp4' });
    expect(status.upload_completed_at).not.toBeNull();

    const download = await fetch(ready.body.data.media_links.original.download_url);
    expect(download.headers.get('content-type')).toBe('video/mp4');
    expect(sha256(await download.arrayBuffer())).toBe(sha256(bytes));
    expect(sha256(mock.uploads.bytes(file.id) as Uint8Array)).toBe(sha256(bytes));
    expect((await api.get(`${account}/projects/${ids.archiveProjectId}`)).body.data.storage).toBe(2_500);
  });

  test('a part must carry exactly its size (400), and a wrong PUT changes nothing', async () => {
    const { mock, api } = await start({ uploadPartSize: 4 });
    const file = await createUpload(api, 'a.txt', 6);
    const short = await putPart(file.upload_urls[0].url, testBytes(3), 'text/plain');
    expect(short.status).toBe(400);
    const shortText = await short.text();
    expect(shortText).toContain('<Code>EntityTooSmall</Code>');
    expect(shortText).toContain('exactly 4 bytes');
    const long = await putPart(file.upload_urls[1].url, testBytes(3), 'text/plain');
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('<Code>EntityTooLarge</Code>');
    expect(mock.uploads.receivedParts(file.id)).toEqual([]);
  });

  test('presigned like S3: x-amz-acl and the media type are required, no Authorization, valid signature', async () => {
    const { mock, api, token } = await start();
    const file = await createUpload(api, 'poster.png', 5);
    const url: string = file.upload_urls[0].url;
    const bytes = testBytes(5);

    const noAcl = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes });
    expect(noAcl.status).toBe(403);
    const noAclText = await noAcl.text();
    expect(noAclText).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(noAclText).toContain('x-amz-acl: private');

    const wrongType = await putPart(url, bytes, 'application/octet-stream');
    expect(wrongType.status).toBe(403);
    expect(await wrongType.text()).toContain('Content-Type: image/png');

    const withToken = await putPart(url, bytes, 'image/png', { authorization: `Bearer ${token}` });
    expect(withToken.status).toBe(400);
    expect(await withToken.text()).toContain('Do not send the Frame.io bearer token');

    const forged = await putPart(url.replace(/signature=[^&]+/, 'signature=forged'), bytes, 'image/png');
    expect(forged.status).toBe(403);

    const unknown = await putPart(
      url.replace(file.id, '00000000-0000-4000-8000-000000000000'),
      bytes,
      'image/png',
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<Code>NoSuchUpload</Code>');

    expect(mock.uploads.receivedParts(file.id)).toEqual([]);
    expect((await putPart(url, bytes, 'image/png')).status).toBe(200);
  });

  test('upload URLs expire after 24 hours on the emulator clock', async () => {
    const { mock, api } = await start();
    const file = await createUpload(api, 'late.mp4', 3);
    mock.clock.advance(24 * 60 * 60 * 1000);
    const late = await putPart(file.upload_urls[0].url, testBytes(3), 'video/mp4');
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
  });

  test('a re-PUT replaces the part (also after completion), so a retried part is harmless', async () => {
    const { mock, api } = await start({ uploadPartSize: 2 });
    const file = await createUpload(api, 'retry.bin', 4);
    await putPart(file.upload_urls[0].url, Uint8Array.of(1, 1), 'application/octet-stream');
    await putPart(file.upload_urls[1].url, Uint8Array.of(2, 2), 'application/octet-stream');
    await putPart(file.upload_urls[0].url, Uint8Array.of(9, 9), 'application/octet-stream');
    expect([...(mock.uploads.bytes(file.id) as Uint8Array)]).toEqual([9, 9, 2, 2]);
    expect(mock.uploads.get(file.id)?.parts.map((part) => part.puts)).toEqual([2, 1]);
  });

  test('fault rules can target upload URLs (a dropped connection, then a retry)', async () => {
    const { mock, api } = await start();
    const file = await createUpload(api, 'flaky.mp4', 3);
    mock.faults.add({ match: { method: 'PUT', path: '/_mock/uploads/*' }, fault: { kind: 'reset' } });
    await expect(putPart(file.upload_urls[0].url, testBytes(3), 'video/mp4')).rejects.toThrow(TypeError);
    expect(mock.uploads.receivedParts(file.id)).toEqual([]);
    expect((await putPart(file.upload_urls[0].url, testBytes(3), 'video/mp4')).status).toBe(200);
    expect(mock.uploads.get(file.id)?.complete).toBe(true);
  });

  test('keepUploadedBytes: false counts the bytes but keeps none', async () => {
    const { mock, api } = await start({ keepUploadedBytes: false });
    const file = await createUpload(api, 'huge.mov', 4);
    expect((await putPart(file.upload_urls[0].url, testBytes(4), 'video/quicktime')).status).toBe(200);
    expect(mock.uploads.get(file.id)?.complete).toBe(true);
    expect(mock.uploads.bytes(file.id)).toBeUndefined();
    const shown = await api.get(`${account}/files/${file.id}`, {
      include: 'media_links.original,media_links.thumbnail',
    });
    expect(shown.body.data.status).toBe('transcoded');
    expect(shown.body.data.media_links.original.download_url).toBeNull();
    expect(shown.body.data.media_links.thumbnail.url).not.toBeNull();
  });

  test('transcodeDelayMs: uploaded first, transcoded (with media links) later', async () => {
    const { mock, api } = await start({ transcodeDelayMs: 5_000 });
    const file = await createUpload(api, 'slow.mp4', 2);
    await putPart(file.upload_urls[0].url, testBytes(2), 'video/mp4');
    const uploaded = await api.get(`${account}/files/${file.id}`, { include: 'media_links.thumbnail' });
    expect(uploaded.body.data.status).toBe('uploaded');
    expect(uploaded.body.data.media_links.thumbnail.url).toBeNull();
    mock.clock.advance(5_000);
    expect((await api.get(`${account}/files/${file.id}`)).body.data.status).toBe('transcoded');
  });

  test('files.create takes the media type; comment attachments upload through the same URLs', async () => {
    const { api } = await start();
    const created = await api.post(`${account}/folders/${ids.archiveRootFolderId}/files`, {
      data: { name: 'render', file_size: 3, media_type: 'video/x-custom' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.media_type).toBe('video/x-custom');
    expect((await putPart(created.body.data.upload_urls[0].url, testBytes(3), 'video/x-custom')).status).toBe(
      200,
    );

    const comment = await api.post(`${account}/files/${ids.posterFileId}/comments`, {
      data: {
        text: 'See attached',
        attachments: [{ name: 'markup.png', file_size: 4, media_type: 'image/png' }],
      },
    });
    const attachment = comment.body.data.attachments[0];
    expect(attachment.upload_urls).toHaveLength(1);
    expect((await putPart(attachment.upload_urls[0], testBytes(4), 'image/png')).status).toBe(200);
    const shown = await api.get(`${account}/comments/${comment.body.data.id}`);
    expect(shown.body.data.attachments[0].upload_urls).toBeNull();
  });
});
