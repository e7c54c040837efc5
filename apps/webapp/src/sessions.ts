import { randomBytes } from 'node:crypto';

/** What the app remembers about a signed-in browser. It holds no token: tokens live in the token store. */
export interface WebSession {
  /** The Frame.io user id from `GET /v4/me`: the key of the user's tokens (`auth.forUser(userKey)`). */
  readonly userKey: string;
  readonly name: string;
  readonly email?: string | undefined;
  /** Epoch ms after which the session is forgotten. */
  readonly expiresAt: number;
}

/**
 * Browser sessions in memory, keyed by a random id that only the signed session cookie carries. The cookie
 * value is never the token store key: a leaked cookie then only lasts until sign-out or expiry, and signing
 * out deletes the id server-side.
 */
export class MemorySessionStore {
  readonly #sessions = new Map<string, WebSession>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Stores a session and returns its new id (256 random bits, base64url). */
  create(session: WebSession): string {
    this.#sweep();
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, session);
    return id;
  }

  /** The live session with this id, or `undefined` (unknown or expired). */
  get(id: string): WebSession | undefined {
    const session = this.#sessions.get(id);
    if (session && session.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** Forgets one session. */
  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** How many sessions are stored; never their ids. */
  toJSON(): { sessions: number } {
    return { sessions: this.#sessions.size };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): { sessions: number } {
    return this.toJSON();
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
  }
}
