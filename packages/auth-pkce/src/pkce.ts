// PKCE (RFC 7636) values from WebCrypto only, so this module runs in browsers and Node ≥ 20.
import { AuthError, base64UrlEncode, requireWebCrypto } from '@frameio-v4/auth-core';

export { generateState } from '@frameio-v4/auth-core';

/** Shortest code verifier RFC 7636 §4.1 allows (and the minimum Adobe IMS accepts). */
export const MIN_VERIFIER_LENGTH = 43;
/** Longest code verifier RFC 7636 §4.1 allows. */
export const MAX_VERIFIER_LENGTH = 128;
/** Default code verifier length: 43 characters carry 258 random bits, above the 256 RFC 7636 §7.1 asks for. */
export const DEFAULT_VERIFIER_LENGTH = 43;

// 64 characters, all in the RFC 7636 §4.1 unreserved set; 256 is a multiple of 64, so `byte & 63` is uniform.
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A new PKCE code verifier (RFC 7636 §4.1): `length` characters (43–128, default 43) drawn uniformly from
 * `[A-Z a-z 0-9 - _]` with `crypto.getRandomValues`.
 *
 * @throws {AuthError} `invalid_options` when `length` is not a whole number from 43 to 128.
 */
export function generateCodeVerifier(length: number = DEFAULT_VERIFIER_LENGTH): string {
  if (!Number.isInteger(length) || length < MIN_VERIFIER_LENGTH || length > MAX_VERIFIER_LENGTH) {
    throw new AuthError(
      `verifierLength must be a whole number from ${MIN_VERIFIER_LENGTH} to ${MAX_VERIFIER_LENGTH} ` +
        `(RFC 7636 §4.1); got ${String(length)}. Leave it out to use ${DEFAULT_VERIFIER_LENGTH}.`,
      { code: 'invalid_options' },
    );
  }
  const bytes = requireWebCrypto().getRandomValues(new Uint8Array(length));
  let verifier = '';
  for (const byte of bytes) verifier += BASE64URL_ALPHABET[byte & 63];
  return verifier;
}

/** The S256 code challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export async function computeCodeChallenge(codeVerifier: string): Promise<string> {
  const digest = await requireWebCrypto().subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier));
  return base64UrlEncode(new Uint8Array(digest));
}
