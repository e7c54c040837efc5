import type { SignInRequiredReason } from '@frameio-v4/auth-core';

/**
 * Why a user must sign in again without IMS having said `invalid_grant`: `not_signed_in` or
 * `no_refresh_token`. The `code` of the `ReauthenticationRequiredError` thrown then; its `status` is 0.
 */
export type LocalReauthenticationCode = SignInRequiredReason;
