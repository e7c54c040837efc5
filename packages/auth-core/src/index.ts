// Browser-safe entry: nothing here may import a `node:` module (Node-only code lives in ./node.ts).

export {
  type AssertStateOptions,
  type AuthorizationCallback,
  AuthorizationCallbackError,
  type AuthorizationUrl,
  type AuthorizationUrlInput,
  assertStateMatches,
  base64UrlEncode,
  buildAuthorizationUrl,
  DEFAULT_USER_SCOPES,
  generateState,
  isAllowedRedirectUri,
  MAX_STATE_LENGTH,
  type ParseCallbackOptions,
  parseCallback,
  type RedirectUriRule,
  requireWebCrypto,
  type StateMismatchCode,
  StateMismatchError,
} from './authorization-request.js';
export {
  AuthError,
  type AuthErrorOptions,
  ImsError,
  type ImsErrorInit,
  imsErrorFrom,
  ReauthenticationRequiredError,
  TokenStoreError,
  type TokenStoreErrorCode,
  type TokenStoreErrorOptions,
} from './errors.js';
export {
  accessTokenFromResponse,
  DEFAULT_IMS_RETRIES,
  DEFAULT_IMS_TIMEOUT_MS,
  IMS_BASE_URL,
  IMS_PATHS,
  type ImsClient,
  type ImsClientAuthMethod,
  type ImsEndpoints,
  type ImsRequestOptions,
  type ImsTokenResponse,
  imsEndpoints,
  MAX_RETRY_AFTER_MS,
  type RequestImsTokenOptions,
  type RevokeImsTokenOptions,
  requestImsToken,
  revokeImsToken,
} from './ims.js';
export { INSPECT_CUSTOM, installSafeInspect, REDACTED, redact, scrubSecrets } from './redact.js';
export { formatScopes, normalizeScopes, type ScopesInput } from './scopes.js';
export {
  DEFAULT_REFRESH_MARGIN_MS,
  type FetchedAccessToken,
  TokenCache,
  type TokenCacheOptions,
  type TokenCacheSummary,
  type TokenFetchContext,
  type TokenFetchReason,
  type TokenStoreErrorContext,
} from './token-cache.js';
export { MemoryTokenStore, type TokenStore } from './token-store.js';
export type { AccessToken, GetTokenOptions, TokenSource } from './types.js';
export {
  DEFAULT_ROTATION_GRACE_MS,
  isUserTokenRecord,
  type SignInRequiredContext,
  type SignInRequiredReason,
  type StoreFailurePolicy,
  type UserCodeExchange,
  type UserRevokeOptions,
  type UserSignIn,
  type UserTokenRecord,
  UserTokenSession,
  type UserTokenSessionOptions,
} from './user-token-session.js';
