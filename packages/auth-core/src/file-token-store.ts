/// <reference types="node" />
// Node-only module (see src/node.ts); the reference gives it Node types while the browser entry has none.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AuthError, TokenStoreError } from './errors.js';
import type { TokenStore } from './token-store.js';

/** Options of {@link FileTokenStore}. */
export interface FileTokenStoreOptions {
  /** Directory holding one file per key; created with mode 0700 if missing. */
  directory: string;
}

/** The JSON written per key; `key` lets a reader confirm the file belongs to the key it asked for. */
interface FileEnvelope {
  version: 1;
  key: string;
  value?: unknown;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * A {@link TokenStore} on disk (Node only: import from `@frameio-v4/auth-core/node`), so tokens survive
 * restarts and several processes on one machine can share them.
 *
 * - One JSON file per key, named by the key's SHA-256 hex digest, so any key is a safe file name.
 * - The directory is created with mode 0700 and files with mode 0600 (owner only; not enforced on Windows).
 * - Writes are atomic: a temporary file in the same directory is written, flushed, then renamed over the
 *   entry, so a reader never sees half a file and concurrent writers of different keys never lose data.
 * - Values must survive `JSON.stringify`. Files are not encrypted: protect the directory.
 */
export class FileTokenStore<T = unknown> implements TokenStore<T> {
  /** The absolute directory the entries live in. */
  readonly directory: string;

  constructor(options: FileTokenStoreOptions) {
    if (!options || typeof options.directory !== 'string' || options.directory === '') {
      throw new AuthError(
        'FileTokenStore needs a directory: new FileTokenStore({ directory: "/path/to/private/dir" }).',
        { code: 'invalid_options' },
      );
    }
    this.directory = resolve(options.directory);
  }

  /** The file that holds `key`. */
  pathFor(key: string): string {
    return join(this.directory, `${createHash('sha256').update(key, 'utf8').digest('hex')}.json`);
  }

  async get(key: string): Promise<T | undefined> {
    const file = this.pathFor(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw this.#ioError('read', file, error);
    }
    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch {
      // No cause: V8's JSON.parse message quotes the file's text, which holds tokens.
      throw this.#corrupt(file, key, 'it is not valid JSON');
    }
    if (typeof envelope !== 'object' || envelope === null || (envelope as FileEnvelope).version !== 1) {
      throw this.#corrupt(file, key, 'it is not a FileTokenStore entry (version 1)');
    }
    if ((envelope as FileEnvelope).key !== key) {
      throw this.#corrupt(file, key, 'it holds the entry of a different key');
    }
    return (envelope as FileEnvelope).value as T | undefined;
  }

  async set(key: string, value: T): Promise<void> {
    const file = this.pathFor(key);
    let json: string;
    try {
      json = JSON.stringify({ version: 1, key, value } satisfies FileEnvelope);
    } catch (cause) {
      throw new TokenStoreError(
        `FileTokenStore cannot store the value for key "${key}": it cannot be converted to JSON. Store plain data only.`,
        { code: 'token_store_invalid_value', file, cause },
      );
    }
    try {
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw this.#ioError('create the directory for', file, error);
    }
    // Same directory as the target so rename() is atomic (same file system).
    const temporary = `${file}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(json, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw this.#ioError('write', file, error);
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    try {
      await rm(file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw this.#ioError('delete', file, error);
    }
  }

  #corrupt(file: string, key: string, reason: string): TokenStoreError {
    return new TokenStoreError(
      `The token store file ${file} (key "${key}") is corrupt: ${reason}. Delete the file to force a new ` +
        'sign-in; the next sign-in writes a fresh one.',
      { code: 'token_store_corrupt', file },
    );
  }

  #ioError(action: string, file: string, cause: unknown): TokenStoreError {
    const code = errorCode(cause) ?? 'unknown error';
    return new TokenStoreError(
      `FileTokenStore could not ${action} ${file} (${code}). Check that ${this.directory} is a directory this ` +
        'process can read and write (mode 0700, owned by the user running it) and that the disk is not full.',
      { code: 'token_store_io', file, cause },
    );
  }
}
