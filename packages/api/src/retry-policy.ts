import { parseRateLimit, parseRetryAfter, slotRefillMs } from './rate-limit.js';

/** Automatic retry settings. Pass `retry: false` to `createFrameioClient` to turn retries off. */
export interface RetryOptions {
  /** Retries after the first attempt (so up to `maxRetries + 1` sends). Default 2. */
  maxRetries?: number;
  /** Base of the exponential backoff: attempt n waits up to `baseDelayMs * 2^n`. Default 500. */
  baseDelayMs?: number;
  /**
   * Cap on every wait, in ms. A 429 whose required wait (Retry-After, or the rate-limit slot refill time)
   * is longer is returned to the caller at once instead of waited out. Default 30 000.
   */
  maxDelayMs?: number;
  /**
   * Methods retried on 502/503/504 and network errors. Default: the idempotent methods GET, HEAD, OPTIONS,
   * PUT, DELETE (RFC 9110 §9.2.2). A 429 is retried for every method: the request was not processed.
   */
  methods?: readonly string[];
}

/** Retry settings with every default filled in. */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  methods: ReadonlySet<string>;
}

/** RFC 9110 §9.2.2: repeating these has the same effect as sending them once. */
export const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

// Gateway and availability failures that a later attempt can get past. 500 is not retried: it usually means
// the request itself triggers a bug, and replaying it only adds load.
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

function checkNonNegative(name: string, value: number, integer: boolean): number {
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(
      `createFrameioClient: retry.${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${value}. ` +
        'Fix the value or pass `retry: false` to turn retries off.',
    );
  }
  return value;
}

/** Fills in retry defaults and validates them. `false` means no retries at all. */
export function resolveRetryPolicy(option: RetryOptions | false | undefined): RetryPolicy {
  if (option === false) {
    return { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, methods: new Set() };
  }
  const {
    maxRetries = 2,
    baseDelayMs = 500,
    maxDelayMs = 30_000,
    methods = IDEMPOTENT_METHODS,
  } = option ?? {};
  return {
    maxRetries: checkNonNegative('maxRetries', maxRetries, true),
    baseDelayMs: checkNonNegative('baseDelayMs', baseDelayMs, false),
    maxDelayMs: checkNonNegative('maxDelayMs', maxDelayMs, false),
    methods: new Set(methods.map((method) => method.toUpperCase())),
  };
}

/** Exponential backoff with full jitter: `random(0, min(maxDelay, base * 2^attempt))`. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

/** Whether a request that failed at the network level may be sent again. */
export function canRetryNetworkError(policy: RetryPolicy, method: string, attempt: number): boolean {
  return attempt < policy.maxRetries && policy.methods.has(method);
}

/**
 * How long to wait before retrying `response`, or undefined when it must be returned to the caller (not
 * retryable, retries used up, or a 429 asks for a longer wait than `maxDelayMs`).
 */
export function retryDelayFor(
  policy: RetryPolicy,
  response: Response,
  method: string,
  attempt: number,
  now: number,
  random: () => number,
): number | undefined {
  if (attempt >= policy.maxRetries) return undefined;
  const backoff = backoffDelay(policy, attempt, random);
  if (response.status === 429) {
    // A server-provided wait is a requirement, not a hint: retrying sooner only earns another 429.
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
    if (retryAfter !== undefined) return retryAfter <= policy.maxDelayMs ? retryAfter : undefined;
    // Frame.io sends no Retry-After; its rate-limit page (written for the legacy API, whose
    // x-ratelimit-* headers V4 keeps) describes a leaky bucket freeing one slot every window/limit ms
    // (https://developer.frame.io/docs/troubleshooting/rate-limits).
    const refill = slotRefillMs(parseRateLimit(response.headers));
    if (refill === undefined) return backoff;
    return refill <= policy.maxDelayMs ? Math.max(refill, backoff) : undefined;
  }
  if (!RETRYABLE_STATUSES.has(response.status) || !policy.methods.has(method)) return undefined;
  // RFC 9110 §10.2.3 also lets a 503 say when the service expects to be back.
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
  if (retryAfter === undefined) return backoff;
  return retryAfter <= policy.maxDelayMs ? retryAfter : undefined;
}
