// @ts-check
/** The HTTP methods an OpenAPI path item can hold, in the order openapi-fetch names them. */
export const HTTP_METHODS = /** @type {const} */ ([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
]);

/**
 * @typedef {{ method: typeof HTTP_METHODS[number], path: string, operationId: string | undefined,
 *   summary: string | undefined, tags: string[] }} OperationEntry
 */

/**
 * Every operation of a spec, sorted by path then method.
 * @param {Record<string, any>} document
 * @returns {OperationEntry[]}
 */
export function listOperations(document) {
  /** @type {OperationEntry[]} */
  const entries = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation || typeof operation !== 'object') continue;
      entries.push({
        method,
        path,
        operationId: operation.operationId,
        summary: operation.summary,
        tags: Array.isArray(operation.tags) ? operation.tags : [],
      });
    }
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
