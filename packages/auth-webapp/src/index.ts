// Re-exported so apps can catch errors, pick a store and read defaults without depending on auth-core.
export {
  type AccessToken,
  AuthError,
  DEFAULT_ROTATION_GRACE_MS,
  ImsError,
  MemoryTokenStore,
  ReauthenticationRequiredError,
  type TokenSource,
  type TokenStore,
  TokenStoreError,
} from '@frameio-v4/auth-core';
export {
  type AuthorizationCallback,
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
  MAX_STATE_LENGTH,
  type ParseCallbackOptions,
  parseCallback,
} from './authorization.js';
export {
  AuthorizationCallbackError,
  type SignInRequiredCode,
  SignInRequiredError,
  type StateMismatchCode,
  StateMismatchError,
} from './errors.js';
export type { WebAppTokenExport, WebAppTokenImport, WebAppTokenRecord } from './record.js';
export type { ExchangeCodeOptions, RevokeOptions, SignInResult, WebAppUserSession } from './session.js';
export {
  DEFAULT_USER_KEY,
  DEFAULT_WEB_APP_SCOPES,
  WebAppAuth,
  type WebAppAuthOptions,
  type WebAppClientAuthMethod,
} from './web-app-auth.js';
