import type { ImsErrorCode } from '../faults.js';

/** The HTTP status IMS-style servers use for each OAuth error (RFC 6749 §5.2, RFC 7009 §2.2.1). */
export function imsErrorStatus(error: string): number {
  switch (error) {
    case 'invalid_client':
      return 401;
    case 'server_error':
      return 500;
    case 'temporarily_unavailable':
      return 503;
    default:
      return 400;
  }
}

/**
 * An OAuth error response `{ error, error_description }` (RFC 6749 §5.2), which is what IMS clients
 * observe. `description` must never contain a secret: callers pass fixed text and non-secret ids only.
 */
export function imsErrorResponse(
  error: ImsErrorCode,
  description: string,
  options: { status?: number; basicChallenge?: boolean } = {},
): Response {
  const headers = new Headers({
    'content-type': 'application/json;charset=utf-8',
    'cache-control': 'no-store',
  });
  // RFC 6749 §5.2: a 401 after a failed Authorization header must carry WWW-Authenticate.
  if (options.basicChallenge) headers.set('www-authenticate', 'Basic realm="mock-ims"');
  return new Response(JSON.stringify({ error, error_description: description }), {
    status: options.status ?? imsErrorStatus(error),
    headers,
  });
}

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An HTML page a person reads in the browser, for errors that cannot be sent back to the redirect URI. */
export function htmlErrorPage(title: string, message: string, status = 400): Response {
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} · Mock Adobe IMS</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p id="error-message">${escapeHtml(message)}</p>
<p><small>Served by @frameio-v4/mock, an Adobe IMS emulator for tests.</small></p>
</body>
</html>
`;
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' },
  });
}
