import { isUserTokenRecord, type UserTokenRecord } from '@frameio-v4/auth-core';

/**
 * What a PKCE sign-in leaves behind, as kept in the {@link TokenStore} and returned by `exportTokens()`:
 * auth-core's `UserTokenRecord` plus the client ID. `refreshToken` is present only if IMS issued one (see the
 * README: SPA / Native credentials may get none). It CONTAINS SECRETS (the access and refresh tokens): keep it
 * wherever you would keep a password.
 */
export interface PkceTokens extends UserTokenRecord {
  /** The credential the tokens were issued to; `importTokens` refuses tokens of another client. */
  clientId: string;
}

/** Whether `value` has the shape of {@link PkceTokens} (values are not checked against IMS). */
export function isPkceTokens(value: unknown): value is PkceTokens {
  return isUserTokenRecord(value) && typeof (value as { clientId?: unknown }).clientId === 'string';
}
