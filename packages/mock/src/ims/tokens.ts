import type { MockClient, MockUser } from '../config.js';
import type { MockContext } from '../context.js';
import { randomToken } from '../random.js';
import type { AccessTokenRecord, RefreshTokenRecord } from '../state.js';

/** What to mint for one successful token request. */
export interface IssueTokensInput {
  client: MockClient;
  user: MockUser;
  principal: 'user' | 'service';
  scopes: readonly string[];
  /** Shared by every token of one authorization, so revoking the grant revokes them all. */
  grantId: string;
  withRefreshToken: boolean;
  /**
   * Scopes of the refresh token, when they differ from the access token's: a refresh that narrows the scope
   * keeps the original grant on the new refresh token (RFC 6749 §6). Default `scopes`.
   */
  refreshTokenScopes?: readonly string[];
  withIdToken: boolean;
  nonce?: string | undefined;
  accessTokenTtlMs?: number;
}

/** Tokens minted for one request, with their records. */
export interface IssuedTokens {
  accessToken: string;
  accessRecord: AccessTokenRecord;
  refreshToken: string | undefined;
  refreshRecord: RefreshTokenRecord | undefined;
  idToken: string | undefined;
}

/**
 * Mints tokens shaped like IMS's: JWTs whose payload carries `type`, `client_id`, `user_id`, `scope`
 * (comma-separated) and `created_at` / `expires_in` as millisecond strings, as IMS access tokens do.
 * `as` is `mock-ims` (not `ims-na1`) so secret scanners that look for real IMS tokens ignore them.
 */
export async function issueTokens(context: MockContext, input: IssueTokensInput): Promise<IssuedTokens> {
  const { config, state, clock, signer } = context;
  const now = clock.now();
  const accessTtlMs = input.accessTokenTtlMs ?? config.accessTokenTtlMs;

  let refreshToken: string | undefined;
  let refreshRecord: RefreshTokenRecord | undefined;
  if (input.withRefreshToken) {
    const refreshScopes = input.refreshTokenScopes ?? input.scopes;
    refreshRecord = {
      kind: 'refresh_token',
      id: randomToken(12),
      clientId: input.client.clientId,
      userId: input.user.id,
      scopes: [...refreshScopes],
      grantId: input.grantId,
      createdAt: now,
      expiresAt: now + config.refreshTokenTtlMs,
      revokedAt: undefined,
      rotatedAt: undefined,
    };
    refreshToken = await signer.sign({
      id: refreshRecord.id,
      type: 'refresh_token',
      as: 'mock-ims',
      client_id: input.client.clientId,
      user_id: input.user.imsUserId,
      scope: refreshScopes.join(','),
      created_at: String(now),
      expires_in: String(config.refreshTokenTtlMs),
    });
    state.addToken(refreshToken, refreshRecord);
  }

  const accessRecord: AccessTokenRecord = {
    kind: 'access_token',
    id: randomToken(12),
    clientId: input.client.clientId,
    userId: input.user.id,
    principal: input.principal,
    scopes: [...input.scopes],
    grantId: input.grantId,
    createdAt: now,
    expiresAt: now + accessTtlMs,
    revokedAt: undefined,
    refreshTokenId: refreshRecord?.id,
  };
  const accessToken = await signer.sign({
    id: accessRecord.id,
    type: 'access_token',
    as: 'mock-ims',
    client_id: input.client.clientId,
    user_id: input.user.imsUserId,
    scope: input.scopes.join(','),
    created_at: String(now),
    expires_in: String(accessTtlMs),
  });
  state.addToken(accessToken, accessRecord);

  // OpenID Connect Core §2: an ID token when `openid` was granted to a user flow.
  const idToken = input.withIdToken
    ? await signer.sign({
        iss: config.imsBaseUrl,
        sub: input.user.imsUserId,
        aud: input.client.clientId,
        iat: Math.floor(now / 1000),
        exp: Math.floor((now + accessTtlMs) / 1000),
        ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
        ...(input.scopes.includes('email') ? { email: input.user.email, email_verified: true } : {}),
        ...(input.scopes.includes('profile') ? { name: input.user.name } : {}),
      })
    : undefined;

  return { accessToken, accessRecord, refreshToken, refreshRecord, idToken };
}

/**
 * The token endpoint's success body, as IMS sends it (Adobe UserAuthentication/ims.md): `token_type` is
 * lower-case `bearer`, `expires_in` is in seconds.
 */
export function tokenResponseBody(issued: IssuedTokens, includeSubject: boolean, user: MockUser) {
  const { accessRecord } = issued;
  return {
    access_token: issued.accessToken,
    ...(issued.refreshToken !== undefined ? { refresh_token: issued.refreshToken } : {}),
    ...(includeSubject ? { sub: user.imsUserId } : {}),
    ...(issued.idToken !== undefined ? { id_token: issued.idToken } : {}),
    token_type: 'bearer',
    expires_in: Math.floor((accessRecord.expiresAt - accessRecord.createdAt) / 1000),
  };
}
