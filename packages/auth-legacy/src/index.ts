// Browser-safe entry: nothing here may import a `node:` module.
export type { AccessToken, GetTokenOptions, TokenSource } from '@frameio-v4/auth-core';
export {
  InvalidLegacyTokenError,
  type InvalidLegacyTokenReason,
  LEGACY_TOKEN_HEADER,
  LegacyTokenAuth,
  type LegacyTokenAuthOptions,
  type LegacyTokenAuthSummary,
} from './legacy-token-auth.js';
