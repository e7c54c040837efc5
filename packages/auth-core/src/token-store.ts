import { TokenStoreError } from './errors.js';

/**
 * Where tokens (or other auth state, e.g. refresh tokens) are persisted, keyed by a string. Implement it over
 * any storage (Redis, a database, `localStorage`…); values must survive a JSON round trip. Operations may be
 * called concurrently; a store does not lock.
 */
export interface TokenStore<T = unknown> {
  /** The value stored under `key`, or `undefined` if there is none. */
  get(key: string): Promise<T | undefined>;
  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: T): Promise<void>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

function cloneValue<T>(value: T, key: string): T {
  try {
    return structuredClone(value);
  } catch {
    // No cause: a DataCloneError message quotes the offending value.
    throw new TokenStoreError(
      `MemoryTokenStore cannot store the value for key "${key}": it cannot be cloned (functions, class ` +
        'instances with private state and similar values are not supported). Store plain data only.',
      { code: 'token_store_invalid_value' },
    );
  }
}

/**
 * A {@link TokenStore} in memory, for one process or browser tab. It keeps a structured clone of each value
 * and returns a fresh clone from `get`, so callers cannot change what is stored by mutating an object.
 */
export class MemoryTokenStore<T = unknown> implements TokenStore<T> {
  // #private so util.inspect / JSON.stringify of the store never print stored tokens.
  readonly #entries = new Map<string, T>();

  async get(key: string): Promise<T | undefined> {
    if (!this.#entries.has(key)) return undefined;
    return cloneValue(this.#entries.get(key) as T, key);
  }

  async set(key: string, value: T): Promise<void> {
    this.#entries.set(key, cloneValue(value, key));
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** A safe summary: how many entries, never their values. */
  toJSON(): { entries: number } {
    return { entries: this.#entries.size };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): { entries: number } {
    return this.toJSON();
  }
}
