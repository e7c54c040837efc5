/** Scopes as a caller may write them: one string (space- or comma-separated) or a list. */
export type ScopesInput = string | readonly string[];

/**
 * Turns scopes written in any common form into a clean list: splits on commas and whitespace, trims, drops
 * empty entries and duplicates (first occurrence wins, order kept). Scope names are case-sensitive and kept
 * as written. `"openid,AdobeID,frame.s2s.all"` → `['openid', 'AdobeID', 'frame.s2s.all']`.
 */
export function normalizeScopes(input: ScopesInput): string[] {
  const parts = typeof input === 'string' ? [input] : input;
  const seen = new Set<string>();
  for (const part of parts) {
    for (const scope of part.split(/[\s,]+/)) {
      if (scope !== '') seen.add(scope);
    }
  }
  return [...seen];
}

/**
 * Formats scopes for the `scope` request parameter: normalised and space-separated, as RFC 6749 §3.3
 * defines. Adobe IMS accepts space- or comma-separated scopes
 * (https://developer.adobe.com/developer-console/docs/guides/authentication/UserAuthentication/ims/).
 */
export function formatScopes(input: ScopesInput): string {
  return normalizeScopes(input).join(' ');
}
