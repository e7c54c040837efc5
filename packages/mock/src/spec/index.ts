/**
 * The spec layer of the API emulator: the V4 operations (generated from the spec at build time), request and
 * response validation against their schemas, and deterministic example responses.
 */
export { specInfo } from './data.js';
export { type ExampleResponse, exampleRequestBody, exampleResponse } from './examples.js';
export {
  compareRouteSpecificity,
  matchPathTemplate,
  routeShape,
  type SpecOperation,
  specOperationForRoute,
  specOperations,
  toMswPath,
} from './operations.js';
export { checkApiRequest } from './request.js';
export type { SpecHttpMethod } from './types.js';
export {
  INVALID_REQUEST_TITLE,
  type RequestParts,
  type RequestValidation,
  type ValidationErrorEntry,
  validateRequest,
  validateResponse,
  validationErrorResponse,
} from './validator.js';
