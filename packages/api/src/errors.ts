import { parseRateLimit, parseRetryAfter, type RateLimitInfo, slotRefillMs } from './rate-limit.js';
import { redactUrl } from './redact-url.js';
import { getResponseContext } from './response-context.js';

/** One entry of a Frame.io V4 error body `{ "errors": [ ... ] }` (JSON:API style). */
export interface FrameioErrorDetail {
  /** Short summary, e.g. `Unauthorized`. */
  title?: string;
  /** What went wrong, in Frame.io's words. */
  detail: string;
  /** Which part of the request is at fault. */
  source?: {
    /** JSON Pointer (RFC 6901) into the request body, e.g. `/data/name`. */
    pointer?: string;
    /** Name of the query or path parameter at fault. */
    parameter?: string;
  };
}

/** Everything a {@link FrameioApiError} is made of. */
export interface FrameioApiErrorInit {
  /** HTTP status. */
  status: number;
  /** Reason phrase, used when the status is not one Frame.io documents. */
  statusText?: string;
  /** HTTP method. */
  method: string;
  /** Path template, e.g. `/v4/me`. */
  path: string;
  /** URL called; pass it through redaction first if it may hold credentials. */
  url: string;
  /** Parsed error entries; parsed from `body` when omitted. */
  errors?: readonly FrameioErrorDetail[];
  /** Request id for support. */
  requestId?: string;
  /** Rate-limit state of the response. */
  rateLimit?: RateLimitInfo;
  /** Suggested wait before retrying, in ms. */
  retryAfterMs?: number;
  /** Response body (JSON value or text). */
  body?: unknown;
}

// RFC 9110 §15 reason phrases: HTTP/2 responses carry none, so statusText is often empty.
const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

// Frame.io does not document its request id header. x-request-id is the common convention; the AWS ones
// come from the load balancer / CloudFront in front of the API and still identify the request for support.
const REQUEST_ID_HEADERS = ['x-request-id', 'x-amzn-requestid', 'x-amz-cf-id'];

const MAX_TEXT_BODY_CHARS = 200;

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads the V4 `{ errors: [...] }` body; anything else (HTML, text, other JSON) yields no entries. */
function parseErrorEntries(body: unknown): FrameioErrorDetail[] {
  if (typeof body !== 'object' || body === null) return [];
  const { errors } = body as { errors?: unknown };
  if (!Array.isArray(errors)) return [];
  const entries: FrameioErrorDetail[] = [];
  for (const item of errors) {
    if (typeof item !== 'object' || item === null) continue;
    const raw = item as { title?: unknown; detail?: unknown; source?: unknown };
    const title = asString(raw.title);
    const detail = asString(raw.detail) ?? title ?? 'No detail given';
    const entry: FrameioErrorDetail = { detail };
    if (title !== undefined) entry.title = title;
    if (typeof raw.source === 'object' && raw.source !== null) {
      const source = raw.source as { pointer?: unknown; parameter?: unknown };
      const pointer = asString(source.pointer);
      const parameter = asString(source.parameter);
      if (pointer !== undefined || parameter !== undefined) {
        entry.source = {};
        if (pointer !== undefined) entry.source.pointer = pointer;
        if (parameter !== undefined) entry.source.parameter = parameter;
      }
    }
    entries.push(entry);
  }
  return entries;
}

function locationOf(entry: FrameioErrorDetail): string | undefined {
  if (entry.source?.pointer) return entry.source.pointer;
  if (entry.source?.parameter) return `parameter ${entry.source.parameter}`;
  return undefined;
}

function describeEntries(entries: readonly FrameioErrorDetail[], body: unknown): string {
  if (entries.length > 0) {
    return entries
      .map((entry) => {
        const location = locationOf(entry);
        return location ? `${entry.detail} (at ${location})` : entry.detail;
      })
      .join('; ');
  }
  const text = asString(body)?.replace(/\s+/g, ' ').trim();
  if (!text) return '';
  return text.length > MAX_TEXT_BODY_CHARS ? `${text.slice(0, MAX_TEXT_BODY_CHARS)}…` : text;
}

function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms)} ms`;
}

function hintFor(init: FrameioApiErrorInit, entries: readonly FrameioErrorDetail[]): string {
  const { status, rateLimit, retryAfterMs } = init;
  switch (status) {
    case 400:
      return 'Check the parameters and body against the Frame.io V4 API reference.';
    case 401:
      return (
        'Frame.io rejected the access token: it may be expired or revoked (get a new one from your auth flow), ' +
        'of the wrong credential type for this account, or missing scopes (check the scopes it was issued with: ' +
        'user tokens need `additional_info.roles`, and some integrations report needing `AdobeID`). A legacy developer token must be sent with `x-frameio-legacy-token-auth: true` ' +
        '(`LegacyTokenAuth` from @frameio-v4/auth-legacy does) and works only on V4-migrated accounts not yet ' +
        'administered in the Adobe Admin Console.'
      );
    case 403:
      return (
        'The token is valid but may not do this: check the user’s role on the account, workspace or project, ' +
        'and that the account has the Frame.io product entitlement (server-to-server credentials need the ' +
        'Frame.io S2S API product in the Adobe Admin Console).'
      );
    case 404:
      return (
        'Check the ids in the path (they must exist and be visible to this user) and the path itself; ' +
        'experimental endpoints also need the `api-version: experimental` header.'
      );
    case 409:
      return 'The request conflicts with the resource’s current state: fetch it again and retry with current data.';
    case 422: {
      const locations = entries.map(locationOf).filter((location) => location !== undefined);
      return locations.length > 0
        ? `Fix the invalid value at ${locations.join(', ')} and send the request again.`
        : 'Fix the invalid values described above and send the request again.';
    }
    case 429: {
      const limit = rateLimit
        ? ` The limit is ${rateLimit.limit} requests per ${formatDuration(rateLimit.windowMs)} for this endpoint and user.`
        : '';
      const wait = retryAfterMs === undefined ? 'later' : `in about ${formatDuration(retryAfterMs)}`;
      return `Rate limited.${limit} Send fewer requests, or retry ${wait} (raise \`retry.maxDelayMs\` to let the client wait that long).`;
    }
    default:
      if (status >= 500) {
        return (
          'Frame.io failed to handle the request: retry later (idempotent requests were already retried); ' +
          'if it persists, report it to Frame.io support with the request id.'
        );
      }
      return 'Check the request against the Frame.io V4 API reference.';
  }
}

/**
 * A Frame.io API call answered with a non-2xx status. Thrown by {@link unwrap} and {@link paginate}. It carries
 * the parsed `errors[]`, rate-limit state and request id, and never any credential.
 */
export class FrameioApiError extends Error {
  override readonly name = 'FrameioApiError';
  /** HTTP status, e.g. 404. */
  readonly status: number;
  /** HTTP method, e.g. `GET`. */
  readonly method: string;
  /** Path template from the spec, e.g. `/v4/accounts/{account_id}/projects`. */
  readonly path: string;
  /** The URL called (after any redirect), with credential-like query values redacted. */
  readonly url: string;
  /** The entries of the V4 error body; empty when the body was not in that format. */
  readonly errors: readonly FrameioErrorDetail[];
  /** Request id from `x-request-id` (else `x-amzn-requestid`, else `x-amz-cf-id`): quote it to support. */
  readonly requestId: string | undefined;
  /** `x-ratelimit-*` state at the time of the response. */
  readonly rateLimit: RateLimitInfo | undefined;
  /**
   * How long to wait before retrying, in ms: from `Retry-After`, or for a 429 without it, the time one
   * rate-limit slot takes to refill (`window / limit`).
   */
  readonly retryAfterMs: number | undefined;
  /** The response body as openapi-fetch parsed it (JSON value or text). */
  readonly body: unknown;

  /** Builds an error from its parts; {@link FrameioApiError.fromResponse} is the usual way. */
  constructor(init: FrameioApiErrorInit) {
    const entries = init.errors ?? parseErrorEntries(init.body);
    const reason = REASON_PHRASES[init.status] ?? init.statusText ?? '';
    const details = describeEntries(entries, init.body).replace(/[.\s]+$/, '');
    const head = `${init.method} ${init.path} → ${init.status}${reason ? ` ${reason}` : ''}`;
    const requestId = init.requestId ? ` (request id: ${init.requestId})` : '';
    super(`${head}${details ? `: ${details}` : ''}. ${hintFor(init, entries)}${requestId}`);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.url = init.url;
    this.errors = entries;
    this.requestId = init.requestId;
    this.rateLimit = init.rateLimit;
    this.retryAfterMs = init.retryAfterMs;
    this.body = init.body;
  }

  /**
   * Builds the error for a non-2xx `response` of a Frame.io client call. `body` is the `error` openapi-fetch
   * returned (parsed JSON, text, or undefined for an empty body).
   */
  static fromResponse(response: Response, body: unknown): FrameioApiError {
    const context = getResponseContext(response);
    // The URL the response came from (after redirects); empty for a response made up by middleware.
    const url = redactUrl(response.url);
    let path = context?.schemaPath;
    if (path === undefined) {
      try {
        path = new URL(url).pathname;
      } catch {
        path = url;
      }
    }
    const rateLimit = parseRateLimit(response.headers);
    const retryAfterMs =
      parseRetryAfter(response.headers.get('retry-after'), Date.now()) ??
      (response.status === 429 ? slotRefillMs(rateLimit) : undefined);
    const requestId = REQUEST_ID_HEADERS.map((name) => response.headers.get(name)).find((value) => value);
    const init: FrameioApiErrorInit = {
      status: response.status,
      statusText: response.statusText,
      method: context?.method ?? 'UNKNOWN',
      path,
      url,
      body,
    };
    if (requestId) init.requestId = requestId;
    if (rateLimit) init.rateLimit = rateLimit;
    if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
    return new FrameioApiError(init);
  }

  /** A plain, credential-free summary for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      url: this.url,
      errors: this.errors,
      requestId: this.requestId,
      rateLimit: this.rateLimit,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
