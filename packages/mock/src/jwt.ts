import { base64UrlDecode, base64UrlEncode, randomToken } from './random.js';

/** Signs JWTs (HS256, RFC 7519 / RFC 7515) with a key that exists only in this mock instance. */
export interface JwtSigner {
  sign(payload: Record<string, unknown>): Promise<string>;
}

/**
 * A signer whose key is random per instance and never exported: the tokens are JWT-shaped like IMS's, but
 * whether one is valid is always decided by the emulator's state, not by the signature.
 */
export function createJwtSigner(): JwtSigner {
  let keyPromise: Promise<CryptoKey> | undefined;
  const key = () => {
    keyPromise ??= globalThis.crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(randomToken(32)),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return keyPromise;
  };
  return {
    async sign(payload) {
      const header = base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'mock-ims' }));
      const body = base64UrlEncode(JSON.stringify(payload));
      const signature = await globalThis.crypto.subtle.sign(
        'HMAC',
        await key(),
        new TextEncoder().encode(`${header}.${body}`),
      );
      return `${header}.${body}.${base64UrlEncode(new Uint8Array(signature))}`;
    },
  };
}

/** The payload of a JWT-shaped string, without verifying it; `undefined` if it is not one. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  const json = base64UrlDecode(parts[1]);
  if (json === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(json);
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
