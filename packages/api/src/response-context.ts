import type { Middleware } from 'openapi-fetch';

/** What an error needs to know about the call that produced a response. */
export interface ResponseContext {
  /** HTTP method, upper case. */
  method: string;
  /** Path template from the spec, e.g. `/v4/accounts/{account_id}/projects`. */
  schemaPath: string;
  /** The URL the call was sent to. */
  url: string;
}

// Keyed by Response so the entry goes away with it; shared by every client so `unwrap` works on any result.
const contexts = new WeakMap<Response, ResponseContext>();

/**
 * Remembers, per response, the method and path template of the call. It must be registered first: openapi-fetch
 * runs `onResponse` in reverse order, so it then sees the response other middleware may have replaced.
 */
export const responseContextMiddleware: Middleware = {
  onResponse({ request, response, schemaPath }) {
    contexts.set(response, { method: request.method, schemaPath, url: request.url });
  },
};

/** The context recorded for `response`, if it came through a Frame.io client. */
export function getResponseContext(response: Response): ResponseContext | undefined {
  return contexts.get(response);
}
