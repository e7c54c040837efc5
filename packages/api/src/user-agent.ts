import { VERSION } from './generated/version.js';

/** The product token this package sends, e.g. `frameio-v4-api/1.2.3`. */
export const LIBRARY_PRODUCT = `frameio-v4-api/${VERSION}`;

/**
 * Builds the User-Agent value (RFC 9110 §10.1.5: product tokens, most significant first): the caller's own
 * product, then this library, then the Node version when running in Node. Browsers may ignore it.
 */
export function buildUserAgent(callerProduct?: string): string {
  const nodeVersion = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  const parts = [callerProduct?.trim(), LIBRARY_PRODUCT, nodeVersion ? `node/${nodeVersion}` : undefined];
  return parts.filter((part): part is string => Boolean(part)).join(' ');
}
