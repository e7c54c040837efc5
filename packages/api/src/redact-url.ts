// Query parameters that carry credentials: pre-signed upload URLs (X-Amz-Signature, X-Amz-Credential,
// X-Amz-Security-Token), OAuth-style tokens and codes. Their values never belong in an error or a log.
const SENSITIVE_PARAM = /signature|credential|token|secret|password|code|key|sig$/i;

/** The URL with user info and credential-like query values replaced, safe to show in errors. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  for (const name of new Set(parsed.searchParams.keys())) {
    if (SENSITIVE_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  return parsed.href;
}
