/** One entry of the V4 error body (JSON:API style; `detail` is required, facts §3). */
export interface V4ErrorEntry {
  title?: string;
  detail: string;
  source?: { pointer: string };
}

/** The fixed 401 body Frame.io V4 returns for a missing, invalid, expired or revoked token (facts §3). */
export const UNAUTHORIZED_BODY = {
  errors: [{ title: 'Unauthorized', detail: 'Invalid or missing authorization token' }],
} as const;

/** A V4 error response `{ errors: [...] }` with the given status. */
export function v4ErrorResponse(status: number, errors: V4ErrorEntry[], headers?: HeadersInit): Response {
  const responseHeaders = new Headers(headers);
  responseHeaders.set('content-type', 'application/json');
  return new Response(JSON.stringify({ errors }), { status, headers: responseHeaders });
}

/** 401 with the V4 body: what every API route answers when `authenticate` fails. */
export function unauthorizedResponse(): Response {
  return v4ErrorResponse(401, [...UNAUTHORIZED_BODY.errors]);
}

/** 404 with the V4 body; `detail` should say what was not found and what to check. */
export function notFoundResponse(detail: string): Response {
  return v4ErrorResponse(404, [{ title: 'Not Found', detail }]);
}

/** A successful V4 JSON response. */
export function v4JsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
