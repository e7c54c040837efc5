// Browser-safe entry: WebCrypto and fetch only; nothing here may import a `node:` module (see ./node.ts).

export {
  AuthError,
  ImsError,
  MemoryTokenStore,
  ReauthenticationRequiredError,
  type StateMismatchCode,
  StateMismatchError,
  type TokenStore,
  TokenStoreError,
} from '@frameio-v4/auth-core';
export { type AuthorizationCallback, type ParseCallbackOptions, parseCallback } from './callback.js';
export type { LocalReauthenticationCode } from './errors.js';
export {
  computeCodeChallenge,
  DEFAULT_VERIFIER_LENGTH,
  generateCodeVerifier,
  generateState,
  MAX_VERIFIER_LENGTH,
  MIN_VERIFIER_LENGTH,
} from './pkce.js';
export {
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
  DEFAULT_PKCE_SCOPES,
  type ExchangeCodeOptions,
  NativeAppAuth,
  PkceAuth,
  type PkceAuthOptions,
  type PkceSession,
  type PkceStoreErrorContext,
  type RevokeOptions,
  SPAAuth,
} from './pkce-auth.js';
export {
  SessionStorageTokenStore,
  type SessionStorageTokenStoreOptions,
  type StorageLike,
} from './session-storage-token-store.js';
export type { PkceTokens } from './tokens.js';
