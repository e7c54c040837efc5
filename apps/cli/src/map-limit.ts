/**
 * `items.map(fn)` with at most `limit` calls in flight, results in input order. Listing a tree takes one
 * request per node: a few at a time keeps it quick without tripping V4's per-endpoint rate limits.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs tasks with at most a fixed number in flight, however many callers share it. */
export type Limiter = <R>(task: () => Promise<R>) => Promise<R>;

/**
 * A limiter for requests started from many places at once, e.g. every level of a recursive listing: nested
 * `mapLimit` calls would multiply their limits, one shared limiter keeps the total at `limit`.
 * Wrap single requests, never a task that waits on the same limiter (it would hold a slot while it waits).
 */
export function createLimiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <R>(task: () => Promise<R>): Promise<R> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `active` never drops below the count in flight.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
