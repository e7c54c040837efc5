import { HttpResponse, http } from 'msw';
import { IMS_BASE_URL, IMS_PATHS } from '../src/index.js';

export const TOKEN_URL = `${IMS_BASE_URL}${IMS_PATHS.token}`;
export const REVOKE_URL = `${IMS_BASE_URL}${IMS_PATHS.revoke}`;

/** A promise with its resolve/reject exposed, to hold a fetch open while a test acts. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A settable clock for `now` options. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; set: (ms: number) => void } {
  let time = start;
  return { now: () => time, set: (ms) => (time = ms) };
}

export interface RecordedRequest {
  headers: Headers;
  form: URLSearchParams;
}

/**
 * An IMS token endpoint that answers each request with the next entry of `responses` (the last one repeats)
 * and records what it received.
 */
export function imsTokenEndpoint(...responses: (() => Response | Promise<Response>)[]): {
  handler: ReturnType<typeof http.post>;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  const handler = http.post(TOKEN_URL, async ({ request }) => {
    requests.push({ headers: request.headers, form: new URLSearchParams(await request.text()) });
    const respond = responses[Math.min(requests.length - 1, responses.length - 1)];
    if (!respond) throw new Error('imsTokenEndpoint needs at least one response');
    return respond();
  });
  return { handler, requests };
}

export function tokenResponse(accessToken: string, extra: Record<string, unknown> = {}): () => Response {
  return () =>
    HttpResponse.json({ access_token: accessToken, token_type: 'bearer', expires_in: 86399, ...extra });
}

export function imsErrorResponse(status: number, error: string, description?: string): () => Response {
  return () => HttpResponse.json({ error, error_description: description }, { status });
}
