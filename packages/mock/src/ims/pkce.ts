import { base64UrlEncode, constantTimeEqual } from '../random.js';

/** RFC 7636 §4.1 (verifier) and §4.2 (challenge): 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Whether `value` is a well-formed PKCE code verifier or code challenge. */
export function isWellFormedPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value);
}

/** RFC 7636 §4.6: S256 compares BASE64URL(SHA256(ASCII(verifier))) with the challenge; plain compares as is. */
export async function verifyPkce(
  verifier: string,
  challenge: string,
  method: 'S256' | 'plain',
): Promise<boolean> {
  if (method === 'plain') return constantTimeEqual(verifier, challenge);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return constantTimeEqual(base64UrlEncode(new Uint8Array(digest)), challenge);
}
