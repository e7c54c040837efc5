import { operationDetails } from './data.js';
import { matchPathTemplate, type SpecOperation } from './operations.js';
import { type RequestValidation, validateRequest, validationErrorResponse } from './validator.js';

function isJsonMediaType(contentType: string): boolean {
  return /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType.trim());
}

function badRequest(detail: string): RequestValidation {
  const errors = [{ title: 'Bad Request', detail }];
  return { ok: false, response: validationErrorResponse(400, errors), errors };
}

/**
 * Reads what {@link validateRequest} needs from a Fetch `Request` and validates it. The body is read from a
 * clone, so the route handler can still read it. A body that is not JSON is a 400 (`BadRequest`), as a JSON
 * API answers a body it cannot parse; everything the schema rejects is a 422.
 *
 * @param path the request path relative to the API base URL (`/v4/accounts/…`); parameters are taken from it
 *   under the spec's names, whatever the route template calls them.
 */
export async function checkApiRequest(
  operation: SpecOperation,
  request: Request,
  path: string,
): Promise<RequestValidation> {
  const url = new URL(request.url);
  const params = matchPathTemplate(operation.path, path) ?? {};
  let body: unknown;
  if (operationDetails(operation.operationId).requestBody) {
    const text = request.body === null ? '' : await request.clone().text();
    if (text.trim() !== '') {
      const contentType = request.headers.get('content-type') ?? '';
      if (!isJsonMediaType(contentType)) {
        return badRequest(
          `${operation.method} ${operation.path} takes a JSON body: send it with content-type: application/json ` +
            `(got ${contentType === '' ? 'no content-type' : contentType}).`,
        );
      }
      try {
        body = JSON.parse(text);
      } catch {
        // V8's parse message quotes the body, which may hold anything: say only what to do.
        return badRequest('The request body is not valid JSON. Send a JSON object like { "data": { … } }.');
      }
    }
  }
  return validateRequest(operation.operationId, {
    params,
    query: url.searchParams,
    headers: request.headers,
    body,
  });
}
