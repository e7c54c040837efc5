/** What an error needs to know about the call that produced a response. */
export interface ResponseContext {
  /** HTTP method, upper case. */
  method: string;
  /** Path template from the spec, e.g. `/v4/accounts/{account_id}/projects`. */
  schemaPath: string;
}

// Keyed by Response so the entry goes away with it; shared by every client so `unwrap` works on any result.
const contexts = new WeakMap<Response, ResponseContext>();

/** Remembers the method and path template of the call that returned `response`. */
export function recordResponseContext(response: Response, context: ResponseContext): void {
  contexts.set(response, context);
}

/** The context recorded for `response`, if it came through a Frame.io client. */
export function getResponseContext(response: Response): ResponseContext | undefined {
  return contexts.get(response);
}
