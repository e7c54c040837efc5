import type { ApiPrincipal } from './auth.js';
import { v4ErrorResponse } from './errors.js';

/**
 * V4 rate limits: every response declares `x-ratelimit-limit`, `x-ratelimit-remaining` and
 * `x-ratelimit-window` (ms) (V4 OpenAPI spec, response headers; facts §3), and limits are leaky buckets per
 * account user and endpoint (spec operation descriptions, e.g. "100 calls per 1.00 minute(s) per
 * account_user"). The emulator keeps one bucket per token and route.
 */
export interface RateLimitOptions {
  /** Requests a full bucket holds: the burst a client can send at once. */
  limit: number;
  /** Time for an empty bucket to refill completely (the bucket leaks `limit / windowMs` per ms). */
  windowMs: number;
}

/** What the headers show when rate limiting is off: the most common V4 limit, 100 per minute. */
export const DEFAULT_RATE_LIMIT: Readonly<RateLimitOptions> = { limit: 100, windowMs: 60_000 };

/** The state of one bucket after a request. */
export interface RateLimitDecision {
  limit: number;
  remaining: number;
  windowMs: number;
  /** False when the bucket was empty: the request gets a 429. */
  allowed: boolean;
}

interface Bucket {
  /** Requests in the bucket (fractional while leaking). */
  level: number;
  updatedAt: number;
}

/** Checks `rateLimit` options; throws a RangeError naming the field. */
export function checkRateLimitOptions(options: RateLimitOptions | undefined): void {
  if (options === undefined) return;
  if (!Number.isInteger(options.limit) || options.limit < 1) {
    throw new RangeError(
      `rateLimit.limit must be a positive integer (requests per window), got ${String(options.limit)}.`,
    );
  }
  if (!Number.isFinite(options.windowMs) || options.windowMs <= 0) {
    throw new RangeError(
      `rateLimit.windowMs must be a positive number of milliseconds, got ${String(options.windowMs)}.`,
    );
  }
}

/**
 * Leaky buckets on the emulator clock. With `options` undefined the buckets still count (the headers show
 * real numbers against {@link DEFAULT_RATE_LIMIT}) but nothing is refused.
 */
export class RateLimiter {
  readonly #options: RateLimitOptions;
  readonly #enforce: boolean;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions | undefined, now: () => number) {
    checkRateLimitOptions(options);
    this.#options = options ?? DEFAULT_RATE_LIMIT;
    this.#enforce = options !== undefined;
    this.#now = now;
  }

  /** Counts one request against the bucket `key`. */
  take(key: string): RateLimitDecision {
    const { limit, windowMs } = this.#options;
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { level: 0, updatedAt: now };
    bucket.level = Math.max(0, bucket.level - ((now - bucket.updatedAt) * limit) / windowMs);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    const allowed = bucket.level + 1 <= limit + 1e-9;
    if (allowed || !this.#enforce) bucket.level = Math.min(limit, bucket.level + 1);
    return {
      limit,
      windowMs,
      remaining: allowed ? Math.floor(limit - bucket.level + 1e-9) : 0,
      allowed: allowed || !this.#enforce,
    };
  }

  /** The headers of a request that did not reach a bucket (no valid token, injected fault). */
  idle(): RateLimitDecision {
    const { limit, windowMs } = this.#options;
    return { limit, windowMs, remaining: limit, allowed: true };
  }

  /** Empties every bucket. */
  reset(): void {
    this.#buckets.clear();
  }
}

/** Path segments that are ids (UUIDs, `adobe:` ids): routes are the same whatever the ids. */
const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|adobe:.*)$/i;

/** The bucket of a request: the token (or legacy principal) plus the method and the route. */
export function rateLimitKey(principal: ApiPrincipal, method: string, path: string): string {
  const who = principal.kind === 'legacy' ? 'legacy' : principal.token.id;
  const route = path
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // keep the raw segment
      }
      return ID_SEGMENT.test(decoded) ? ':id' : segment;
    })
    .join('/');
  return `${who} ${method.toUpperCase()} ${route}`;
}

/** Decisions by request, for {@link withRateLimitHeaders}; weak, so finished requests are forgotten. */
const decisions = new WeakMap<Request, RateLimitDecision>();

/** @internal Remembers the bucket state of a request until its response gets its headers. */
export function recordRateLimit(request: Request, decision: RateLimitDecision): void {
  decisions.set(request, decision);
}

/** The V4 429 for an empty bucket (no `Retry-After`: V4 declares none; clients wait `window / limit`). */
export function tooManyRequestsResponse(decision: RateLimitDecision): Response {
  return v4ErrorResponse(429, [
    {
      title: 'Too Many Requests',
      detail:
        `Rate limit of ${decision.limit} requests per ${decision.windowMs} ms reached for this token and route. ` +
        `Wait at least ${Math.ceil(decision.windowMs / decision.limit)} ms (window / limit) before retrying.`,
    },
  ]);
}

/**
 * Adds the rate-limit headers a route did not set itself (a 429 fault sets `remaining` to 0): the bucket
 * state of `request` if it reached one, else a full bucket.
 */
export function withRateLimitHeaders(response: Response, request?: Request): Response {
  // Response.error() has immutable headers and is never delivered as a response anyway.
  if (response.type === 'error') return response;
  const decision = (request ? decisions.get(request) : undefined) ?? {
    ...DEFAULT_RATE_LIMIT,
    remaining: DEFAULT_RATE_LIMIT.limit,
  };
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-window': String(decision.windowMs),
  };
  for (const [name, value] of Object.entries(headers)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
}
