/** The emulator's notion of time: token and code expiry are decided by it, never by the wall clock. */
export interface MockClock {
  /** Current time in epoch milliseconds: the injected `now()` (or `Date.now()`) plus every `advance`. */
  now(): number;
  /** Moves the emulator's time forward, e.g. past a token's expiry, without waiting. */
  advance(ms: number): void;
}

/** Builds a {@link MockClock} over `baseNow` (default `Date.now`). */
export function createClock(baseNow: () => number = Date.now): MockClock {
  let offsetMs = 0;
  return {
    now: () => baseNow() + offsetMs,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(
          `clock.advance(ms) needs a finite number of milliseconds >= 0, got ${String(ms)}.`,
        );
      }
      offsetMs += ms;
    },
  };
}
