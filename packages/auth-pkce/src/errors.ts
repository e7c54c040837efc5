import {
  StateMismatchError as AuthorizationStateError,
  type SignInRequiredReason,
} from '@frameio-v4/auth-core';

/**
 * The `state` in the redirect is missing or differs from the one this sign-in started with, so the redirect
 * may be forged (CSRF, RFC 6749 §10.12) or belong to another sign-in. Nothing was sent to Adobe IMS.
 * Code `state_mismatch` in both cases. It extends auth-core's `StateMismatchError`, so one `instanceof` check
 * covers every flow.
 */
export class StateMismatchError extends AuthorizationStateError {
  declare readonly code: 'state_mismatch';

  constructor(message: string) {
    // This package has always reported a missing state as state_mismatch; its users may match on it.
    super(message, 'state_mismatch');
  }
}

/**
 * Why a user must sign in again without IMS having said `invalid_grant`: `not_signed_in` or
 * `no_refresh_token`. The `code` of the `ReauthenticationRequiredError` thrown then; its `status` is 0.
 */
export type LocalReauthenticationCode = SignInRequiredReason;
