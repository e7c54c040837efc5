import { AuthError, installSafeInspect, type TokenStore, TokenStoreError } from '@frameio-v4/auth-core';

/** The part of the Web Storage API (`sessionStorage`, `localStorage`) the store uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Options of {@link SessionStorageTokenStore}. */
export interface SessionStorageTokenStoreOptions {
  /** Where to keep entries. Default `globalThis.sessionStorage` (browsers). Pass `localStorage` to share tabs. */
  storage?: StorageLike | undefined;
  /** Prefix of every storage key, so entries do not collide with the app's own. Default `frameio-v4:`. */
  prefix?: string | undefined;
}

/**
 * A {@link TokenStore} over Web Storage (`sessionStorage` by default), for browser apps: tokens survive a page
 * reload (e.g. the redirect back from Adobe) but, with `sessionStorage`, not the closing of the tab. Values
 * are stored as JSON under `prefix + key`.
 *
 * Anything on the page can read Web Storage, so a script injected by XSS can steal the tokens: keep a strict
 * Content-Security-Policy. Browser-safe: no `node:` import.
 */
export class SessionStorageTokenStore<T = unknown> implements TokenStore<T> {
  readonly #storage: StorageLike;
  readonly #prefix: string;

  /** @throws {AuthError} `invalid_options` when no storage is given and `globalThis.sessionStorage` is absent. */
  constructor(options: SessionStorageTokenStoreOptions = {}) {
    const storage = options.storage ?? (globalThis as { sessionStorage?: StorageLike }).sessionStorage;
    if (
      !storage ||
      typeof storage.getItem !== 'function' ||
      typeof storage.setItem !== 'function' ||
      typeof storage.removeItem !== 'function'
    ) {
      throw new AuthError(
        'SessionStorageTokenStore: no Web Storage is available (globalThis.sessionStorage is missing, e.g. ' +
          'outside a browser). Pass { storage } with getItem/setItem/removeItem, or use MemoryTokenStore.',
        { code: 'invalid_options' },
      );
    }
    this.#storage = storage;
    this.#prefix = options.prefix ?? 'frameio-v4:';
    installSafeInspect(this, () => ({ prefix: this.#prefix }), 'SessionStorageTokenStore');
  }

  /**
   * The value stored under `key`, or `undefined`.
   *
   * @throws {TokenStoreError} `token_store_corrupt` when the entry is not JSON; `token_store_io` when the
   *   storage cannot be read.
   */
  async get(key: string): Promise<T | undefined> {
    const name = this.#prefix + key;
    let raw: string | null;
    try {
      raw = this.#storage.getItem(name);
    } catch (cause) {
      throw new TokenStoreError(
        `SessionStorageTokenStore cannot read "${name}" from Web Storage (it may be disabled, e.g. by the ` +
          "browser's privacy settings). Allow site storage, or pass another store such as MemoryTokenStore.",
        { code: 'token_store_io', cause },
      );
    }
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      // No cause and no excerpt: the entry may hold tokens.
      throw new TokenStoreError(
        `SessionStorageTokenStore: the entry "${name}" is not valid JSON. Remove it ` +
          `(storage.removeItem("${name}")) and sign in again.`,
        { code: 'token_store_corrupt' },
      );
    }
  }

  /**
   * Stores `value` as JSON under `key`.
   *
   * @throws {TokenStoreError} `token_store_invalid_value` when `value` cannot be turned into JSON;
   *   `token_store_io` when the storage refuses it (quota exceeded, storage disabled).
   */
  async set(key: string, value: T): Promise<void> {
    const name = this.#prefix + key;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    if (json === undefined) {
      throw new TokenStoreError(
        `SessionStorageTokenStore cannot store the value for "${name}": it cannot be turned into JSON. Store ` +
          'plain data only.',
        { code: 'token_store_invalid_value' },
      );
    }
    try {
      this.#storage.setItem(name, json);
    } catch (cause) {
      throw new TokenStoreError(
        `SessionStorageTokenStore cannot write "${name}" to Web Storage (quota exceeded or storage disabled). ` +
          'Free some site storage or allow it, or pass another store such as MemoryTokenStore.',
        { code: 'token_store_io', cause },
      );
    }
  }

  /** Removes `key`; removing a missing key is fine. */
  async delete(key: string): Promise<void> {
    const name = this.#prefix + key;
    try {
      this.#storage.removeItem(name);
    } catch (cause) {
      throw new TokenStoreError(
        `SessionStorageTokenStore cannot remove "${name}" from Web Storage. Allow site storage, or clear the ` +
          "site's data in the browser settings.",
        { code: 'token_store_io', cause },
      );
    }
  }
}
