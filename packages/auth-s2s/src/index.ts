// Re-exported so users can branch on errors and pick a store without importing @frameio-v4/auth-core.
export {
  type AccessToken,
  AuthError,
  type GetTokenOptions,
  ImsError,
  MemoryTokenStore,
  type TokenSource,
  type TokenStore,
} from '@frameio-v4/auth-core';
export {
  DEFAULT_S2S_SCOPES,
  ServerToServerAuth,
  type ServerToServerAuthOptions,
  type ServerToServerAuthSummary,
} from './server-to-server-auth.js';
