import type { MockClient } from '../config.js';
import type { MockContext } from '../context.js';
import { randomToken } from '../random.js';
import type { RouteArgs, RouteDefinition } from '../route.js';
import { imsErrorResponse } from './errors.js';
import { isWellFormedPkceValue, verifyPkce } from './pkce.js';
import { authenticateClient, readOAuthParams } from './request.js';
import { parseScopes } from './scopes.js';
import { issueTokens, tokenResponseBody } from './tokens.js';

/** Path of the token endpoint (IMS discovery: `token_endpoint`). */
export const TOKEN_PATH = '/ims/token/v3';

/** RFC 6749 §5.1: token responses must not be cached. */
function tokenResponse(body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: {
      'content-type': 'application/json;charset=utf-8',
      'cache-control': 'no-store',
      pragma: 'no-cache',
    },
  });
}

const invalidGrant = (description: string) => imsErrorResponse('invalid_grant', description);

function isPublic(client: MockClient): boolean {
  return client.clientSecret === undefined;
}

/** Refresh tokens only when `offline_access` was granted (facts §2), and for public clients only if enabled. */
function mayHaveRefreshToken(context: MockContext, client: MockClient, scopes: readonly string[]): boolean {
  if (!scopes.includes('offline_access')) return false;
  return !isPublic(client) || context.config.publicClientRefreshTokens;
}

/** RFC 6749 §4.1.3 + RFC 7636 §4.5–4.6: exchange a code for tokens. */
async function authorizationCodeGrant(
  context: MockContext,
  client: MockClient,
  params: Map<string, string>,
): Promise<Response> {
  const { state, clock } = context;
  const codeValue = params.get('code');
  if (!codeValue)
    return imsErrorResponse(
      'invalid_request',
      'The code parameter is missing; send the code from the redirect.',
    );
  const code = state.findCode(codeValue);
  const now = clock.now();
  if (!code || code.clientId !== client.clientId) {
    return invalidGrant(
      'The authorization code is invalid or was issued to another client; start a new sign-in.',
    );
  }
  if (code.usedAt !== undefined) {
    // RFC 6749 §4.1.2: a reused code must fail, and tokens issued from it should be revoked.
    state.revokeGrant(code.grantId, now);
    return invalidGrant(
      'The authorization code was already used; tokens issued from it are now revoked. Exchange each code once.',
    );
  }
  if (now >= code.expiresAt) {
    return invalidGrant(
      'The authorization code expired; start a new sign-in and exchange the code promptly.',
    );
  }
  const redirectUri = params.get('redirect_uri');
  // RFC 6749 §4.1.3: required and identical if it was part of the authorization request.
  if (code.redirectUri !== undefined && redirectUri !== code.redirectUri) {
    return invalidGrant(
      redirectUri === undefined
        ? 'redirect_uri is missing; send the same redirect_uri as in the authorize request (RFC 6749 §4.1.3).'
        : 'redirect_uri differs from the one in the authorize request; send the same value (RFC 6749 §4.1.3).',
    );
  }
  const verifier = params.get('code_verifier');
  if (code.codeChallenge !== undefined && code.codeChallengeMethod !== undefined) {
    if (verifier === undefined) {
      return invalidGrant(
        'code_verifier is missing; the authorize request used PKCE, so send the verifier (RFC 7636 §4.5).',
      );
    }
    if (!isWellFormedPkceValue(verifier)) {
      return imsErrorResponse(
        'invalid_request',
        'code_verifier must be 43-128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 §4.1).',
      );
    }
    if (!(await verifyPkce(verifier, code.codeChallenge, code.codeChallengeMethod))) {
      return invalidGrant(
        `code_verifier does not match the code_challenge (method ${code.codeChallengeMethod}); send the verifier ` +
          'the challenge was made from, and send code_challenge_method=S256 explicitly (IMS defaults to plain).',
      );
    }
  } else if (verifier !== undefined) {
    return invalidGrant(
      'code_verifier was sent but the authorize request had no code_challenge; send both or neither.',
    );
  }

  const user = state.users.get(code.userId);
  if (!user)
    return invalidGrant('The user of this authorization code no longer exists; start a new sign-in.');
  code.usedAt = now;
  const issued = await issueTokens(context, {
    client,
    user,
    principal: 'user',
    scopes: code.scopes,
    grantId: code.grantId,
    withRefreshToken: mayHaveRefreshToken(context, client, code.scopes),
    withIdToken: code.scopes.includes('openid'),
    nonce: code.nonce,
  });
  return tokenResponse(tokenResponseBody(issued, true, user));
}

/** RFC 6749 §6: a refresh token for a new access token, rotating the refresh token (IMS does, facts §2). */
async function refreshTokenGrant(
  context: MockContext,
  client: MockClient,
  params: Map<string, string>,
): Promise<Response> {
  const { state, clock, config } = context;
  const token = params.get('refresh_token');
  if (!token) return imsErrorResponse('invalid_request', 'The refresh_token parameter is missing.');
  const record = state.refreshTokenRecord(token);
  const now = clock.now();
  const signInAgain = 'The user must sign in again.';
  if (!record || record.clientId !== client.clientId) {
    return invalidGrant(`The refresh token is invalid or was issued to another client. ${signInAgain}`);
  }
  if (record.revokedAt !== undefined) return invalidGrant(`The refresh token was revoked. ${signInAgain}`);
  if (record.rotatedAt !== undefined) {
    return invalidGrant(
      'The refresh token was already used and replaced by a newer one (IMS rotates refresh tokens): store the ' +
        `refresh_token of every refresh response. ${signInAgain}`,
    );
  }
  if (now >= record.expiresAt) return invalidGrant(`The refresh token expired. ${signInAgain}`);
  if (isPublic(client) && !config.publicClientRefreshTokens) {
    return invalidGrant(`Refresh tokens are disabled for public clients in this mock. ${signInAgain}`);
  }

  // RFC 6749 §6: a narrower scope may be requested, never a wider one.
  const requested = parseScopes(params.get('scope'));
  const widened = requested.filter((scope) => !record.scopes.includes(scope));
  if (widened.length > 0) {
    return imsErrorResponse(
      'invalid_scope',
      `The refresh request asks for ${widened.join(', ')}, which the user did not grant; request a subset or none.`,
    );
  }
  const scopes = requested.length > 0 ? requested : [...record.scopes];
  const user = state.findUser(record.userId);
  if (!user) return invalidGrant(`The user of this refresh token no longer exists. ${signInAgain}`);

  const rotate = config.rotateRefreshTokens;
  if (rotate) record.rotatedAt = now;
  const issued = await issueTokens(context, {
    client,
    user,
    principal: 'user',
    scopes,
    grantId: record.grantId,
    // Without rotation the client keeps using the same refresh token, so none is returned.
    withRefreshToken: rotate,
    // RFC 6749 §6: the new refresh token's scope MUST be identical to the old one's, however narrow this
    // access token is.
    refreshTokenScopes: record.scopes,
    withIdToken: scopes.includes('openid'),
  });
  return tokenResponse(tokenResponseBody(issued, true, user));
}

/** RFC 6749 §4.4 and Adobe ServerToServerAuthentication/implementation.md: no refresh token, ever. */
async function clientCredentialsGrant(
  context: MockContext,
  client: MockClient,
  params: Map<string, string>,
): Promise<Response> {
  const scopes = parseScopes(params.get('scope'));
  if (scopes.length === 0) {
    return imsErrorResponse(
      'invalid_scope',
      `No scope was requested; send scope=${client.allowedScopes.join(',')} (comma separated, as Adobe documents).`,
    );
  }
  const refused = scopes.filter((scope) => !client.allowedScopes.includes(scope));
  if (refused.length > 0) {
    return imsErrorResponse(
      'invalid_scope',
      `'${client.clientId}' may not request ${refused.join(', ')}; allowed: ${client.allowedScopes.join(', ')}.`,
    );
  }
  const user = client.serviceUser;
  if (!user) return imsErrorResponse('unauthorized_client', `'${client.clientId}' has no technical account.`);
  const issued = await issueTokens(context, {
    client,
    user,
    principal: 'service',
    scopes,
    grantId: randomToken(12),
    withRefreshToken: false,
    withIdToken: false,
  });
  return tokenResponse(tokenResponseBody(issued, false, user));
}

const USER_GRANTS = new Set(['authorization_code', 'refresh_token']);

/** `POST /ims/token/v3` (Adobe UserAuthentication/ims.md, ServerToServerAuthentication/ims.md; RFC 6749 §3.2). */
async function handleToken({ request, context }: RouteArgs): Promise<Response> {
  const read = await readOAuthParams(request);
  if (!read.ok) return read.response;
  const { params } = read;

  const grantType = params.get('grant_type');
  if (!grantType) {
    return imsErrorResponse(
      'invalid_request',
      'grant_type is missing; send authorization_code, refresh_token or client_credentials.',
    );
  }
  if (grantType !== 'client_credentials' && !USER_GRANTS.has(grantType)) {
    return imsErrorResponse(
      'unsupported_grant_type',
      `grant_type '${grantType}' is not supported; use authorization_code, refresh_token or client_credentials.`,
    );
  }

  const auth = authenticateClient(context, request, params);
  if (!auth.ok) return auth.response;
  const { client } = auth;

  if (grantType === 'client_credentials') {
    if (client.type !== 'server-to-server') {
      return imsErrorResponse(
        'unauthorized_client',
        `'${client.clientId}' is a ${client.type} credential; client_credentials needs a server-to-server credential.`,
      );
    }
    return clientCredentialsGrant(context, client, params);
  }
  if (client.type === 'server-to-server') {
    return imsErrorResponse(
      'unauthorized_client',
      `'${client.clientId}' is a server-to-server credential; it can only use grant_type=client_credentials.`,
    );
  }
  return grantType === 'authorization_code'
    ? authorizationCodeGrant(context, client, params)
    : refreshTokenGrant(context, client, params);
}

/** The token route; it reads `grant_type` for fault matching and `state.tokenRequests`. */
export function tokenRoutes(): RouteDefinition[] {
  return [{ host: 'ims', method: 'POST', path: TOKEN_PATH, readsGrantType: true, handle: handleToken }];
}
