import { join } from 'node:path';
import type { UploadResumeState } from '@frameio-v4/api';
import { FileTokenStore } from '@frameio-v4/auth-core/node';

/** What `fio upload` keeps of an interrupted upload so that running the same command again resumes it. */
export interface SavedUpload {
  readonly version: 1;
  /** The local file (absolute path), its size and modification time when the upload started. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** `uploadFile`'s resume state: the file id, its part URLs and the parts that arrived. */
  readonly resumeState: UploadResumeState;
}

/**
 * Interrupted uploads, one file per (API, folder, local file) under `<config dir>/uploads`. The resume state
 * holds presigned part URLs, which are credentials until they expire, so the files are kept like the token
 * files: `FileTokenStore` writes them atomically with mode 0600 under names that are hashes of the key.
 */
export class SavedUploads {
  readonly #store: FileTokenStore<SavedUpload>;

  constructor(configDir: string) {
    this.#store = new FileTokenStore<SavedUpload>({ directory: join(configDir, 'uploads') });
  }

  /** The key of an upload of `path` into `folderId` on `apiBase`. */
  static keyFor(apiBase: string, folderId: string, path: string): string {
    return JSON.stringify([apiBase, folderId, path]);
  }

  /**
   * The saved upload for `key` if it still fits the local file (same size and modification time) and the
   * account; otherwise it is forgotten and `undefined` is returned with why, for the user.
   */
  async find(
    key: string,
    file: { size: number; mtimeMs: number },
    accountId: string,
  ): Promise<{ saved: SavedUpload } | { saved: undefined; discarded?: string }> {
    let saved: SavedUpload | undefined;
    try {
      saved = await this.#store.get(key);
    } catch {
      // A damaged entry (TokenStoreError) must not block uploading: forget it and start over.
      await this.#store.delete(key);
      return {
        saved: undefined,
        discarded: 'the saved state of the interrupted upload could not be read, so it starts over',
      };
    }
    if (saved === undefined) return { saved: undefined };
    const sameFile = saved.version === 1 && saved.size === file.size && saved.mtimeMs === file.mtimeMs;
    if (sameFile && saved.resumeState?.accountId === accountId) return { saved };
    await this.#store.delete(key);
    return {
      saved: undefined,
      discarded: sameFile
        ? 'the interrupted upload went to another account, so this one starts over'
        : 'the file changed since the interrupted upload, so it starts over',
    };
  }

  save(key: string, upload: SavedUpload): Promise<void> {
    return this.#store.set(key, upload);
  }

  forget(key: string): Promise<void> {
    return this.#store.delete(key);
  }
}
