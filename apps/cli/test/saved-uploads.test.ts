import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadResumeState } from '@frameio-v4/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SavedUpload, SavedUploads } from '../src/saved-uploads.js';
import { tempHome } from './support.js';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => {
  home = await tempHome();
});
afterEach(() => home.cleanup());

const STATE: UploadResumeState = {
  version: 1,
  accountId: 'acc-1',
  fileId: 'file-1',
  name: 'clip.mov',
  totalBytes: 10,
  mediaType: 'video/quicktime',
  partSize: 5,
  uploadUrls: [
    { size: 5, url: 'https://uploads.example.com/1?X-Amz-Signature=s1' },
    { size: 5, url: 'https://uploads.example.com/2?X-Amz-Signature=s2' },
  ],
  completedParts: [1],
};
const SAVED: SavedUpload = { version: 1, path: '/x/clip.mov', size: 10, mtimeMs: 1000, resumeState: STATE };
const KEY = SavedUploads.keyFor('https://api.frame.io', 'folder-1', '/x/clip.mov');

describe('SavedUploads', () => {
  it('finds a saved upload while the file and account are the same, and forgets it otherwise', async () => {
    const uploads = new SavedUploads(home.dir);
    await uploads.save(KEY, SAVED);

    expect(await uploads.find(KEY, { size: 10, mtimeMs: 1000 }, 'acc-1')).toEqual({ saved: SAVED });
    expect(await uploads.find(KEY, { size: 10, mtimeMs: 1000 }, 'acc-2')).toMatchObject({
      saved: undefined,
      discarded: expect.stringContaining('starts over'),
    });
    // Forgotten: the next look finds nothing to resume.
    expect(await uploads.find(KEY, { size: 10, mtimeMs: 1000 }, 'acc-1')).toEqual({ saved: undefined });

    await uploads.save(KEY, SAVED);
    expect((await uploads.find(KEY, { size: 10, mtimeMs: 2000 }, 'acc-1')).saved).toBeUndefined();
  });

  it('keys by API, folder and path', async () => {
    const uploads = new SavedUploads(home.dir);
    await uploads.save(KEY, SAVED);
    const elsewhere = SavedUploads.keyFor('http://127.0.0.1:8787', 'folder-1', '/x/clip.mov');
    expect(await uploads.find(elsewhere, { size: 10, mtimeMs: 1000 }, 'acc-1')).toEqual({ saved: undefined });
  });

  it('forgets a damaged entry instead of failing the upload', async () => {
    const uploads = new SavedUploads(home.dir);
    await uploads.save(KEY, SAVED);
    const directory = join(home.dir, 'uploads');
    const [file] = await readdir(directory);
    await writeFile(join(directory, file as string), '{ not json');

    const found = await uploads.find(KEY, { size: 10, mtimeMs: 1000 }, 'acc-1');

    expect(found).toMatchObject({
      saved: undefined,
      discarded: expect.stringContaining('could not be read'),
    });
    expect(await readdir(directory)).toEqual([]);
  });
});
