import { ReauthenticationRequiredError, type SignInRequiredReason } from '@frameio-v4/auth-core';

// One implementation for every user flow lives in auth-core; re-exported under the names this package has
// always exported.
export {
  AuthorizationCallbackError,
  type StateMismatchCode,
  StateMismatchError,
} from '@frameio-v4/auth-core';

/** Why {@link SignInRequiredError} was thrown: `not_signed_in` or `no_refresh_token`. */
export type SignInRequiredCode = SignInRequiredReason;

/**
 * The user must sign in (again) before a token can be had, for a reason found locally rather than by IMS:
 * - `not_signed_in`: no tokens are stored for this user (never signed in, revoked, or removed after IMS
 *   rejected the refresh token);
 * - `no_refresh_token`: the access token expired and there is no refresh token, because the
 *   `offline_access` scope was not granted.
 *
 * It extends `ReauthenticationRequiredError`, so one `instanceof ReauthenticationRequiredError` check
 * covers it and IMS's `invalid_grant`.
 */
export class SignInRequiredError extends ReauthenticationRequiredError {
  override readonly name: string = 'SignInRequiredError';
  declare readonly code: SignInRequiredCode;

  constructor(code: SignInRequiredCode, tokenEndpoint: string, message: string) {
    // No IMS request was made: status 0, and the message replaces ImsError's HTTP wording.
    super({ error: code, status: 0, endpoint: tokenEndpoint, message });
  }
}
