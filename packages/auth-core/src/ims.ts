// Adobe IMS endpoints and parameters follow the Adobe Developer Console authentication guides:
// https://developer.adobe.com/developer-console/docs/guides/authentication/UserAuthentication/ims/
// https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/ims/
import { sleep as abortableSleep } from './abort.js';
import { AuthError, type ImsError, imsErrorFrom } from './errors.js';
import { formatScopes, normalizeScopes, type ScopesInput } from './scopes.js';
import type { AccessToken } from './types.js';

/** The production Adobe IMS host (North America; it serves every region). */
export const IMS_BASE_URL = 'https://ims-na1.adobelogin.com';

/** IMS endpoint paths, as listed by `GET /ims/.well-known/openid-configuration`. */
export const IMS_PATHS = {
  authorize: '/ims/authorize/v2',
  token: '/ims/token/v3',
  revoke: '/ims/revoke',
} as const;

/** Absolute IMS endpoint URLs. */
export interface ImsEndpoints {
  authorize: string;
  token: string;
  revoke: string;
}

/** Default per-attempt timeout of IMS requests: 30 s. */
export const DEFAULT_IMS_TIMEOUT_MS = 30_000;
/** Default number of retries of a transient IMS failure (so 3 attempts in total). */
export const DEFAULT_IMS_RETRIES = 2;
/** A `Retry-After` longer than this is not waited for: the error is thrown at once, with `retryAfterMs`. */
export const MAX_RETRY_AFTER_MS = 30_000;

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4_000;

/**
 * Absolute URLs of the IMS endpoints under `imsBaseUrl` (default {@link IMS_BASE_URL}, e.g. the stage host
 * `https://ims-na1-stg1.adobelogin.com`, or a test server). A path in the base URL is kept.
 */
export function imsEndpoints(imsBaseUrl: string = IMS_BASE_URL): ImsEndpoints {
  let url: URL;
  try {
    url = new URL(imsBaseUrl);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthError(
      `imsBaseUrl must be an absolute http(s) URL such as ${IMS_BASE_URL}; got "${imsBaseUrl}".`,
      { code: 'invalid_options' },
    );
  }
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return {
    authorize: `${base}${IMS_PATHS.authorize}`,
    token: `${base}${IMS_PATHS.token}`,
    revoke: `${base}${IMS_PATHS.revoke}`,
  };
}

/**
 * How the client authenticates to IMS (RFC 6749 §2.3.1):
 * - `client_secret_post`: `client_id` and `client_secret` in the form body;
 * - `client_secret_basic`: `Authorization: Basic …` header;
 * - `none`: public client (Single-Page App, Native App): only `client_id` in the body.
 */
export type ImsClientAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'none';

/** The OAuth client (Adobe Developer Console credential) making an IMS request. */
export interface ImsClient {
  clientId: string;
  /** Required for `client_secret_post` and `client_secret_basic`. */
  clientSecret?: string | undefined;
  authMethod: ImsClientAuthMethod;
}

/** Options shared by every IMS request. */
export interface ImsRequestOptions {
  /** Default {@link IMS_BASE_URL}. */
  imsBaseUrl?: string | undefined;
  client: ImsClient;
  /** The `fetch` to use (default the global one), e.g. one with a proxy agent. */
  fetch?: typeof fetch | undefined;
  /** Aborts the request, including waits between retries; the call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms, covering the response body too. Default {@link DEFAULT_IMS_TIMEOUT_MS}. */
  timeoutMs?: number | undefined;
  /**
   * Retries of transient failures (network error, timeout, HTTP 429, HTTP 5xx), with exponential backoff
   * and full jitter (250 ms base, 4 s cap) or as long as `Retry-After` asks (up to {@link MAX_RETRY_AFTER_MS}).
   * Other 4xx responses are never retried. Default {@link DEFAULT_IMS_RETRIES}.
   *
   * The `authorization_code` grant is retried only after an HTTP 429 with `Retry-After` (IMS refused it
   * unprocessed): the code is single-use (RFC 6749 §4.1.2), and IMS may have redeemed it before a timeout,
   * network error or 5xx, so a retry would only get `invalid_grant` and hide the real failure.
   */
  retries?: number | undefined;
  /** Current time in epoch ms, used to read an HTTP-date `Retry-After`. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** How to wait between retries (default: a timer). Tests inject one to observe or skip the delays. */
  sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
}

/** Options of {@link requestImsToken}. */
export interface RequestImsTokenOptions extends ImsRequestOptions {
  /** `grant_type`, e.g. `client_credentials`, `authorization_code`, `refresh_token`. */
  grantType: string;
  /** Other form parameters (`code`, `code_verifier`, `redirect_uri`, `refresh_token`…); `undefined` is skipped. */
  params?: Record<string, string | undefined>;
  /** Sent as `scope`, space-separated (see {@link formatScopes}); omitted when empty. */
  scopes?: ScopesInput | undefined;
}

/** An IMS token response (RFC 6749 §5.1), validated to carry a non-empty `access_token`. */
export interface ImsTokenResponse {
  access_token: string;
  /** `bearer` from IMS. */
  token_type?: string;
  /** Lifetime of the access token in seconds (IMS: 86399 by default). */
  expires_in?: number;
  /** Only when the `offline_access` scope was granted (Web App credentials); IMS rotates it on each refresh. */
  refresh_token?: string;
  /** Only when the `openid` scope was granted, for user flows. */
  id_token?: string;
  scope?: string;
  /** IMS adds fields such as `sub`; they are kept. */
  [field: string]: unknown;
}

/** Options of {@link revokeImsToken}. */
export interface RevokeImsTokenOptions extends ImsRequestOptions {
  /** The access or refresh token to revoke. */
  token: string;
  /** `access_token` or `refresh_token` (RFC 7009 §2.1). */
  tokenTypeHint?: 'access_token' | 'refresh_token' | undefined;
}

// Parameters that are never secret; every other parameter value is scrubbed from error text.
const PUBLIC_PARAMS = new Set(['grant_type', 'scope', 'redirect_uri', 'client_id', 'token_type_hint']);

/** application/x-www-form-urlencoded encoding of RFC 6749 Appendix B, used for Basic credentials (§2.3.1). */
function formUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

interface PreparedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: URLSearchParams;
  /** Values to scrub from any error text. */
  readonly secrets: readonly string[];
  readonly operation: string;
  readonly grantType: string | undefined;
  readonly scopes: readonly string[] | undefined;
}

function prepareRequest(
  options: ImsRequestOptions,
  url: string,
  operation: string,
  grantType: string | undefined,
  params: Record<string, string | undefined>,
  scopes: readonly string[] | undefined,
): PreparedRequest {
  const { client } = options;
  if (!client || typeof client.clientId !== 'string' || client.clientId === '') {
    throw new AuthError(
      `Adobe IMS ${operation}: client.clientId is required; copy it from the credential in the Adobe Developer Console.`,
      { code: 'invalid_options' },
    );
  }
  const body = new URLSearchParams();
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const secrets: string[] = [];
  if (grantType !== undefined) body.set('grant_type', grantType);
  const needsSecret =
    client.authMethod === 'client_secret_post' || client.authMethod === 'client_secret_basic';
  if (needsSecret && !client.clientSecret) {
    throw new AuthError(
      `Adobe IMS ${operation}: client.authMethod "${client.authMethod}" needs client.clientSecret; copy it ` +
        'from the credential in the Adobe Developer Console, or use authMethod "none" for a public client.',
      { code: 'invalid_options' },
    );
  }
  switch (client.authMethod) {
    case 'client_secret_post':
      body.set('client_id', client.clientId);
      body.set('client_secret', client.clientSecret ?? '');
      break;
    case 'client_secret_basic':
      headers.authorization = `Basic ${btoa(`${formUrlEncode(client.clientId)}:${formUrlEncode(client.clientSecret ?? '')}`)}`;
      break;
    case 'none':
      body.set('client_id', client.clientId);
      break;
    default:
      throw new AuthError(
        `Adobe IMS ${operation}: client.authMethod must be "client_secret_post", "client_secret_basic" or "none".`,
        { code: 'invalid_options' },
      );
  }
  if (client.clientSecret) secrets.push(client.clientSecret);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    body.set(name, value);
    if (!PUBLIC_PARAMS.has(name)) secrets.push(value);
  }
  if (scopes && scopes.length > 0) body.set('scope', formatScopes(scopes));
  return { url, headers, body, secrets, operation, grantType, scopes };
}

interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Thrown by {@link attemptOnce} when the per-attempt timeout elapsed. */
class ImsTimeout extends Error {}

/** One HTTP attempt; the timeout covers reading the body. Rejects with {@link ImsTimeout} on timeout. */
async function attemptOnce(
  request: PreparedRequest,
  fetchImpl: typeof fetch,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<RawResponse> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new ImsTimeout('IMS request timed out'));
  }, timeoutMs);
  try {
    const response = await fetchImpl(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body.toString(),
      signal: controller.signal,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    throw timedOut ? new ImsTimeout('IMS request timed out') : error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// The three HTTP-date forms of RFC 9110 §5.6.7 (names matched case-insensitively, to be lenient):
// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT",
// asctime "Sun Nov  6 08:49:37 1994".
const IMF_FIXDATE = new RegExp(
  `^(?:mon|tue|wed|thu|fri|sat|sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`,
  'i',
);
const RFC_850_DATE = new RegExp(
  `^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
  'i',
);
const ASCTIME_DATE = new RegExp(
  `^(?:mon|tue|wed|thu|fri|sat|sun) ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`,
  'i',
);

/** Epoch ms of a UTC date and time, or undefined when a field is out of range (e.g. 31 Feb, 25:00). */
function utcTime(
  year: number,
  month: string,
  day: string,
  hours: string,
  minutes: string,
  seconds: string,
): number | undefined {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  const fields = [Number(day), Number(hours), Number(minutes), Number(seconds)] as const;
  const time = Date.UTC(year, monthIndex, ...fields);
  const date = new Date(time);
  // Date.UTC rolls over out-of-range fields; a leap second (:60) is not representable and is refused too.
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === monthIndex &&
    date.getUTCDate() === fields[0] &&
    date.getUTCHours() === fields[1] &&
    date.getUTCMinutes() === fields[2] &&
    date.getUTCSeconds() === fields[3];
  return exact ? time : undefined;
}

/** An HTTP-date (RFC 9110 §5.6.7) in epoch ms, or undefined when `value` is not one. */
function parseHttpDate(value: string, now: number): number | undefined {
  const imf = IMF_FIXDATE.exec(value);
  if (imf) {
    const [, day = '', month = '', year = '', hours = '', minutes = '', seconds = ''] = imf;
    return utcTime(Number(year), month, day, hours, minutes, seconds);
  }
  const rfc850 = RFC_850_DATE.exec(value);
  if (rfc850) {
    const [, day = '', month = '', shortYear = '', hours = '', minutes = '', seconds = ''] = rfc850;
    // A two-digit year more than 50 years in the future is the most recent past year with those digits
    // (RFC 9110 §5.6.7).
    const currentYear = new Date(now).getUTCFullYear();
    let year = Math.floor(currentYear / 100) * 100 + Number(shortYear);
    if (year > currentYear + 50) year -= 100;
    return utcTime(year, month, day, hours, minutes, seconds);
  }
  const asctime = ASCTIME_DATE.exec(value);
  if (asctime) {
    const [, month = '', day = '', hours = '', minutes = '', seconds = '', year = ''] = asctime;
    return utcTime(Number(year), month, day.trim(), hours, minutes, seconds);
  }
  return undefined;
}

/**
 * Reads `Retry-After` (RFC 9110 §10.2.3): delay-seconds (digits only) or an HTTP-date. Anything else is
 * ignored rather than handed to `Date.parse`, which reads e.g. "1.5" as a date in 2001 (a zero wait).
 */
function retryAfterMs(headers: Headers, now: () => number): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const current = now();
  const date = parseHttpDate(value, current);
  return date === undefined ? undefined : Math.max(0, date - current);
}

function snippet(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > 200 ? `${collapsed.slice(0, 200)}…` : collapsed;
}

/** Turns a non-2xx response into an error; the body is RFC 6749 §5.2 JSON when IMS produced it. */
function errorFromResponse(request: PreparedRequest, response: RawResponse, now: () => number): ImsError {
  const body = parseJson(response.text);
  const common = {
    status: response.status,
    endpoint: request.url,
    operation: request.operation,
    grantType: request.grantType,
    scopes: request.scopes,
    secrets: request.secrets,
    retryAfterMs: retryAfterMs(response.headers, now),
  };
  if (isRecord(body) && typeof body.error === 'string' && body.error !== '') {
    const description = typeof body.error_description === 'string' ? body.error_description : undefined;
    return imsErrorFrom({ ...common, error: body.error, errorDescription: description });
  }
  const contentType = response.headers.get('content-type') ?? 'no content type';
  const text = snippet(response.text);
  return imsErrorFrom({
    ...common,
    error: 'invalid_response',
    errorDescription: `unexpected ${contentType} body${text ? `: ${text}` : ' (empty)'}`,
  });
}

/**
 * Whether IMS refused the request unprocessed and said when to send it again: HTTP 429 (RFC 6585 §4) with
 * `Retry-After` (RFC 9110 §10.2.3). Then even a single-use authorization code is unused and may be resent.
 */
function refusedUnprocessed(failure: ImsError): boolean {
  return failure.status === 429 && failure.retryAfterMs !== undefined;
}

/** The error for `failure`, the last of `attempts` tries of `request`, with its message rebuilt or replaced. */
function failureAfterAttempts(
  request: PreparedRequest,
  failure: ImsError,
  attempts: number,
  timeoutMs: number,
  overrides: { retryable: boolean; message?: string },
): ImsError {
  return imsErrorFrom({
    error: failure.error,
    errorDescription: failure.errorDescription,
    status: failure.status,
    endpoint: failure.endpoint,
    operation: request.operation,
    grantType: request.grantType,
    scopes: request.scopes,
    attempts,
    timeoutMs,
    retryAfterMs: failure.retryAfterMs,
    secrets: request.secrets,
    cause: failure.cause,
    ...overrides,
  });
}

/**
 * A transient failure of the `authorization_code` grant, which is not retried: the code may already be
 * redeemed, so the user has to start the sign-in again. `retryable` stays true: a new sign-in may succeed.
 */
function codeExchangeFailure(
  request: PreparedRequest,
  failure: ImsError,
  attempts: number,
  timeoutMs: number,
): ImsError {
  const outcome =
    failure.status !== 0
      ? `HTTP ${failure.status}`
      : failure.error === 'timeout'
        ? `timed out after ${timeoutMs} ms`
        : 'network error, no HTTP response';
  const detail = failure.errorDescription ? `: ${failure.errorDescription.replace(/\.+$/, '')}` : '';
  const attemptNote = attempts > 1 ? ` after ${attempts} attempts` : '';
  return failureAfterAttempts(request, failure, attempts, timeoutMs, {
    retryable: true,
    message:
      `Adobe IMS ${request.operation} to ${failure.endpoint} failed${attemptNote} (${outcome}, error ` +
      `"${failure.error}")${detail}. The authorization code is single-use and IMS may have redeemed it ` +
      'before the answer was lost, so the exchange is not retried: start the sign-in again (a new ' +
      'authorization URL) rather than exchanging this code again. If it keeps failing, check that this ' +
      `machine can reach ${new URL(failure.endpoint).origin} (network, proxy, firewall) and ` +
      'https://status.adobe.com.',
  });
}

/**
 * Sends a form POST with retries of transient failures; resolves with the first 2xx response and rejects
 * with an {@link ImsError} otherwise, or with `signal.reason` when the caller aborts.
 */
async function sendWithRetries(request: PreparedRequest, options: ImsRequestOptions): Promise<RawResponse> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_IMS_TIMEOUT_MS;
  const retries = options.retries ?? DEFAULT_IMS_RETRIES;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || !Number.isInteger(retries) || retries < 0) {
    throw new AuthError(
      `Adobe IMS ${request.operation}: timeoutMs must be a positive number of milliseconds (default ` +
        `${DEFAULT_IMS_TIMEOUT_MS}) and retries a whole number ≥ 0 (default ${DEFAULT_IMS_RETRIES}).`,
      { code: 'invalid_options' },
    );
  }
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? abortableSleep;
  const { signal } = options;
  // An authorization code works once (RFC 6749 §4.1.2): see ImsRequestOptions.retries.
  const singleUseGrant = request.grantType === 'authorization_code';
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw signal.reason;
    let failure: ImsError;
    try {
      const response = await attemptOnce(request, fetchImpl, signal, timeoutMs);
      if (response.status >= 200 && response.status < 300) return response;
      failure = errorFromResponse(request, response, now);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const timedOut = error instanceof ImsTimeout;
      failure = imsErrorFrom({
        error: timedOut ? 'timeout' : 'network_error',
        errorDescription: timedOut ? undefined : error instanceof Error ? error.message : String(error),
        status: 0,
        endpoint: request.url,
        operation: request.operation,
        grantType: request.grantType,
        scopes: request.scopes,
        timeoutMs,
        secrets: request.secrets,
        cause: timedOut ? undefined : error,
      });
    }
    const waitMs =
      failure.retryAfterMs ??
      // Full jitter: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
      Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
    const giveUp =
      !failure.retryable ||
      attempt > retries ||
      waitMs > MAX_RETRY_AFTER_MS ||
      (singleUseGrant && !refusedUnprocessed(failure));
    if (giveUp) {
      // After a 429 IMS did not take the code, so the throttling advice stands.
      if (singleUseGrant && failure.retryable && failure.status !== 429) {
        throw codeExchangeFailure(request, failure, attempt, timeoutMs);
      }
      if (attempt === 1) throw failure;
      throw failureAfterAttempts(request, failure, attempt, timeoutMs, { retryable: failure.retryable });
    }
    await wait(waitMs, signal);
  }
}

/**
 * Requests a token from the IMS token endpoint (`POST /ims/token/v3`, form-encoded, RFC 6749 §4), e.g.
 * `client_credentials` for server-to-server, `authorization_code` or `refresh_token` for user flows.
 * Transient failures are retried (see {@link ImsRequestOptions.retries}).
 *
 * @returns The token response, checked to carry a non-empty `access_token`.
 * @throws {ImsError} IMS refused (`error` per RFC 6749 §5.2), or the response is not a token response
 *   (`invalid_response`), or it could not be reached (`network_error`, `timeout`).
 * @throws {ReauthenticationRequiredError} `invalid_grant`: the user must sign in again.
 */
export async function requestImsToken(options: RequestImsTokenOptions): Promise<ImsTokenResponse> {
  const scopes = options.scopes === undefined ? undefined : normalizeScopes(options.scopes);
  const url = imsEndpoints(options.imsBaseUrl).token;
  const request = prepareRequest(
    options,
    url,
    `token request (grant_type=${options.grantType})`,
    options.grantType,
    options.params ?? {},
    scopes,
  );
  const response = await sendWithRetries(request, options);
  const body = parseJson(response.text);
  const invalid = (description: string): ImsError =>
    imsErrorFrom({
      error: 'invalid_response',
      errorDescription: description,
      status: response.status,
      endpoint: url,
      operation: request.operation,
      grantType: request.grantType,
      scopes,
      retryable: false,
      secrets: request.secrets,
    });
  // Never quote a 2xx body in an error: it may hold tokens.
  if (!isRecord(body)) {
    throw invalid(`the response is not a JSON object (content-type ${response.headers.get('content-type')})`);
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw invalid(`the response has no access_token (fields: ${Object.keys(body).join(', ') || 'none'})`);
  }
  const expiresIn = body.expires_in;
  if (expiresIn !== undefined) {
    const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw invalid('expires_in is not a number of seconds');
    }
    body.expires_in = seconds;
  }
  return body as ImsTokenResponse;
}

/**
 * Revokes an access or refresh token at IMS (`POST /ims/revoke`, RFC 7009 §2.1). IMS answers 200 with an
 * empty body, also for a token that is already invalid (RFC 7009 §2.2). Transient failures are retried.
 *
 * @throws {ImsError} IMS refused the request or could not be reached.
 */
export async function revokeImsToken(options: RevokeImsTokenOptions): Promise<void> {
  if (typeof options.token !== 'string' || options.token === '') {
    throw new AuthError(
      'Adobe IMS token revocation: pass the access or refresh token to revoke as `token`.',
      {
        code: 'invalid_options',
      },
    );
  }
  const url = imsEndpoints(options.imsBaseUrl).revoke;
  const request = prepareRequest(
    options,
    url,
    'token revocation',
    undefined,
    { token: options.token, token_type_hint: options.tokenTypeHint },
    undefined,
  );
  await sendWithRetries(request, options);
}

/**
 * Turns an IMS token response into an {@link AccessToken}: `expiresAt = now + expires_in * 1000`, measured on
 * the local clock at receipt; no `expires_in` means no `expiresAt` (never expires).
 */
export function accessTokenFromResponse(response: ImsTokenResponse, now: number = Date.now()): AccessToken {
  const expiresIn: unknown = response.expires_in;
  // Tolerate a numeric string, which some OAuth servers send.
  const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) {
    return { token: response.access_token, expiresAt: now + seconds * 1000 };
  }
  return { token: response.access_token };
}
