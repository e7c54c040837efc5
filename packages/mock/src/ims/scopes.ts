/**
 * Splits a `scope` parameter. IMS takes a "list of space or comma-delimited, case-sensitive strings"
 * (Adobe Developer Console, UserAuthentication/ims.md); RFC 6749 §3.3 uses spaces. Duplicates are dropped.
 */
export function parseScopes(raw: string | undefined): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(/[\s,]+/).filter((scope) => scope !== ''))];
}

/** Normalises a `scopes` argument given as a list or as one space/comma separated string. */
export function toScopeList(scopes: readonly string[] | string): string[] {
  return typeof scopes === 'string' ? parseScopes(scopes) : parseScopes(scopes.join(' '));
}
