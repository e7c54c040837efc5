import type { MockUser } from '../config.js';
import type { MockContext } from '../context.js';
import type { AccessTokenRecord } from '../state.js';
import { unauthorizedResponse } from './errors.js';
import { rateLimitKey, recordRateLimit, tooManyRequestsResponse } from './rate-limit.js';

/** Who an API request acts for. */
export type ApiPrincipal =
  /** A person, through a user-flow access token. */
  | { kind: 'user'; user: MockUser; token: AccessTokenRecord }
  /** A server-to-server technical account, through a client-credentials access token. */
  | { kind: 'service'; user: MockUser; token: AccessTokenRecord }
  /** The legacy developer token, sent with `x-frameio-legacy-token-auth: true`. */
  | { kind: 'legacy'; user: MockUser };

/** The authenticated principal, or the 401 to send instead. */
export type AuthenticateResult = { ok: true; principal: ApiPrincipal } | { ok: false; response: Response };

/** The header V4 needs next to a legacy developer token (facts §3, Frame.io V4 migration guide). */
export const LEGACY_TOKEN_HEADER = 'x-frameio-legacy-token-auth';

/**
 * Checks `Authorization: Bearer <token>` for every API route: an access token this emulator issued that has
 * not expired (emulator clock) or been revoked, or the legacy developer token together with
 * `x-frameio-legacy-token-auth: true`. Anything else is the V4 401 body, which never says which part failed.
 * An authenticated request then takes one slot from its token's rate-limit bucket for the route; an empty
 * bucket is a 429 (only with the `rateLimit` option).
 */
export function authenticate(context: MockContext, request: Request): AuthenticateResult {
  const result = identify(context, request);
  const limiter = context.state.rateLimiter;
  if (!result.ok) {
    recordRateLimit(request, limiter.idle());
    return result;
  }
  const basePath = new URL(context.config.apiBaseUrl).pathname.replace(/\/+$/, '');
  const path = new URL(request.url).pathname.slice(basePath.length);
  const decision = limiter.take(rateLimitKey(result.principal, request.method, path));
  recordRateLimit(request, decision);
  return decision.allowed ? result : { ok: false, response: tooManyRequestsResponse(decision) };
}

function identify(context: MockContext, request: Request): AuthenticateResult {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  const token = match?.[1];
  if (token === undefined) return { ok: false, response: unauthorizedResponse() };

  if (token === context.config.credentials.legacyToken) {
    const legacyHeader = (request.headers.get(LEGACY_TOKEN_HEADER) ?? '').trim().toLowerCase();
    return legacyHeader === 'true'
      ? { ok: true, principal: { kind: 'legacy', user: context.state.legacyUser } }
      : { ok: false, response: unauthorizedResponse() };
  }

  const record = context.state.validAccessToken(token, context.clock.now());
  const user = record ? context.state.findUser(record.userId) : undefined;
  if (!record || !user) return { ok: false, response: unauthorizedResponse() };
  return {
    ok: true,
    principal:
      record.principal === 'service'
        ? { kind: 'service', user, token: record }
        : { kind: 'user', user, token: record },
  };
}
