import { AuthError, normalizeScopes, type ScopesInput, type UserTokenRecord } from '@frameio-v4/auth-core';

/**
 * One user's tokens, as kept in the `TokenStore`: `{ accessToken, expiresAt?, refreshToken?, scopes,
 * obtainedAt }`, auth-core's `UserTokenRecord`. Plain JSON data. It CONTAINS SECRETS (the access and refresh
 * tokens): store it where only your server can read it.
 */
export type WebAppTokenRecord = UserTokenRecord;

/**
 * What `exportTokens()` returns and `importTokens()` accepts: a {@link WebAppTokenRecord} plus the format
 * version and the client the tokens were issued to. It CONTAINS SECRETS: that is its purpose (moving a
 * session to another store or process). Never log it or send it to a browser.
 */
export interface WebAppTokenExport extends WebAppTokenRecord {
  version: 1;
  /** The client ID of the credential the tokens belong to; IMS refuses them for any other client. */
  clientId: string;
}

/**
 * What `importTokens()` accepts: an export, or tokens obtained elsewhere for this client. Only
 * `accessToken` is required; `obtainedAt` defaults to now and `scopes` to the instance's scopes.
 */
export interface WebAppTokenImport {
  accessToken: string;
  expiresAt?: number | undefined;
  refreshToken?: string | undefined;
  scopes?: ScopesInput | undefined;
  obtainedAt?: number | undefined;
  version?: 1 | undefined;
  clientId?: string | undefined;
}

function isRecordObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalFiniteNumber(value: unknown): value is number | undefined {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value));
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * Validates what `importTokens()` received and turns it into a record. Messages name the bad field, never
 * its value (it may be a token).
 */
export function recordFromImport(
  input: unknown,
  context: { clientId: string; defaultScopes: readonly string[]; now: number },
): WebAppTokenRecord {
  const fail = (problem: string): AuthError =>
    new AuthError(
      `WebAppAuth.importTokens: ${problem}. Pass the object exportTokens() returned, or { accessToken, ` +
        'refreshToken?, expiresAt? (epoch ms), scopes?, obtainedAt? (epoch ms) } for this client.',
      { code: 'invalid_tokens' },
    );
  if (!isRecordObject(input)) throw fail('tokens must be an object');
  const { accessToken, expiresAt, refreshToken, scopes, obtainedAt, version, clientId } = input;
  if (version !== undefined && version !== 1) throw fail('version must be 1');
  if (clientId !== undefined && clientId !== context.clientId) {
    throw new AuthError(
      `WebAppAuth.importTokens: these tokens were issued to client "${String(clientId)}", not to ` +
        `"${context.clientId}"; IMS would refuse them. Import them into a WebAppAuth for that client.`,
      { code: 'invalid_tokens' },
    );
  }
  if (!isNonEmptyString(accessToken)) throw fail('accessToken must be a non-empty string');
  if (refreshToken !== undefined && !isNonEmptyString(refreshToken)) {
    throw fail('refreshToken must be a non-empty string when present');
  }
  if (!isOptionalFiniteNumber(expiresAt)) throw fail('expiresAt must be a number of epoch milliseconds');
  if (!isOptionalFiniteNumber(obtainedAt)) throw fail('obtainedAt must be a number of epoch milliseconds');
  let scopeList: string[];
  if (scopes === undefined) scopeList = [...context.defaultScopes];
  else if (
    typeof scopes === 'string' ||
    (Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'))
  )
    scopeList = normalizeScopes(scopes as ScopesInput);
  else throw fail('scopes must be a string or a list of strings');
  const record: WebAppTokenRecord = { accessToken, scopes: scopeList, obtainedAt: obtainedAt ?? context.now };
  if (expiresAt !== undefined) record.expiresAt = expiresAt;
  if (refreshToken !== undefined) record.refreshToken = refreshToken;
  return record;
}
