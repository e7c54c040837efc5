/** The rate-limit state Frame.io reports on every response. */
export interface RateLimitInfo {
  /** Requests allowed per window (`x-ratelimit-limit`). */
  limit: number;
  /** Requests left in the current window (`x-ratelimit-remaining`). */
  remaining: number;
  /** Window length in milliseconds (`x-ratelimit-window`). */
  windowMs: number;
}

function readNonNegativeNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Reads `x-ratelimit-limit`, `-remaining` and `-window` (ms), which Frame.io sends on every response
 * (https://developer.frame.io/docs/troubleshooting/rate-limits). Undefined unless all three are valid.
 */
export function parseRateLimit(headers: Headers): RateLimitInfo | undefined {
  const limit = readNonNegativeNumber(headers, 'x-ratelimit-limit');
  const remaining = readNonNegativeNumber(headers, 'x-ratelimit-remaining');
  const windowMs = readNonNegativeNumber(headers, 'x-ratelimit-window');
  if (limit === undefined || remaining === undefined || windowMs === undefined) return undefined;
  return { limit, remaining, windowMs };
}

const DELAY_SECONDS = /^\d+$/;
// HTTP-date (RFC 9110 §5.6.7) in any of its three forms starts with a day name; checking that keeps
// Date.parse from accepting things like "-3" as a year.
const HTTP_DATE_START = /^(mon|tue|wed|thu|fri|sat|sun)/i;

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. Returns the wait in ms
 * (0 for a date in the past) or undefined when absent or malformed.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (DELAY_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  if (!HTTP_DATE_START.test(trimmed)) return undefined;
  // The asctime form carries no zone but is GMT by definition; Date.parse would read it as local time.
  const date = Date.parse(/gmt$/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The time one request slot takes to refill in Frame.io's leaky bucket: `window / limit`. Waiting this long
 * after a 429 is the least that can succeed. Undefined without usable rate-limit headers.
 */
export function slotRefillMs(rateLimit: RateLimitInfo | undefined): number | undefined {
  if (!rateLimit || rateLimit.limit <= 0) return undefined;
  return Math.ceil(rateLimit.windowMs / rateLimit.limit);
}
