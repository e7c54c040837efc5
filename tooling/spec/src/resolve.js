// @ts-check
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SPEC_URL = 'https://api.frame.io/v4/openapi.json';
export const SPEC_ENV_VAR = 'FRAMEIO_OPENAPI_SPEC';
const FETCH_TIMEOUT_MS = 30_000;

/**
 * @typedef {Record<string, any>} OpenApiDocument
 * @typedef {{ source: string, text: string, sha256: string, document: OpenApiDocument }} ResolvedSpec
 */

/** The spec could not be read from anywhere; the message says what was tried and how to fix it. */
export class SpecResolutionError extends Error {
  /** @param {string} message @param {{ tried: string[] }} details */
  constructor(message, details) {
    super(message);
    this.name = 'SpecResolutionError';
    this.tried = details.tried;
  }
}

/**
 * Where the spec comes from: an explicit source, else `FRAMEIO_OPENAPI_SPEC`, else the published URL.
 * @param {{ source?: string | undefined, env?: Record<string, string | undefined> }} [options]
 */
export function specSource(options = {}) {
  const env = options.env ?? process.env;
  if (options.source) return { source: options.source, from: 'argument' };
  const fromEnv = env[SPEC_ENV_VAR]?.trim();
  if (fromEnv) return { source: fromEnv, from: SPEC_ENV_VAR };
  return { source: DEFAULT_SPEC_URL, from: 'default' };
}

/**
 * Reads and parses the spec. An explicitly configured source is used alone: silently falling back to the
 * network when a configured file is missing would generate a client from a spec nobody chose.
 * @param {{ source?: string | undefined, env?: Record<string, string | undefined>, fetch?: typeof fetch, cwd?: string }} [options]
 * @returns {Promise<ResolvedSpec>}
 */
export async function resolveSpec(options = {}) {
  const { source, from } = specSource(options);
  let text;
  try {
    text = await readSource(source, options);
  } catch (error) {
    const reason = describe(error);
    const label = from === SPEC_ENV_VAR ? `${SPEC_ENV_VAR}=${source}` : source;
    const fix =
      from === 'default'
        ? `Set ${SPEC_ENV_VAR} to a local copy of the spec (a file path or an http(s) URL), e.g. ` +
          `export ${SPEC_ENV_VAR}=$PWD/../shared/openapi/frameio-v4.json, or check your network connection.`
        : `Point ${SPEC_ENV_VAR} (or --from) at a readable file or an http(s) URL that serves the Frame.io V4 ` +
          `OpenAPI JSON, or unset it to use ${DEFAULT_SPEC_URL}.`;
    throw new SpecResolutionError(
      `Could not read the Frame.io V4 OpenAPI spec. Tried: ${label} (${reason}). ${fix}`,
      { tried: [source] },
    );
  }
  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new SpecResolutionError(
      `The spec at ${source} is not valid JSON (${/** @type {Error} */ (error).message}). ` +
        `Expected the OpenAPI JSON published at ${DEFAULT_SPEC_URL}.`,
      { tried: [source] },
    );
  }
  if (
    typeof document !== 'object' ||
    document === null ||
    typeof document.openapi !== 'string' ||
    !document.paths
  ) {
    throw new SpecResolutionError(
      `The document at ${source} is not an OpenAPI 3 spec (no "openapi" version or "paths"). ` +
        `Expected the OpenAPI JSON published at ${DEFAULT_SPEC_URL}.`,
      { tried: [source] },
    );
  }
  return { source, text, sha256: sha256(text), document };
}

/** An error's message with its cause ("fetch failed: getaddrinfo ENOTFOUND api.frame.io"). @param {unknown} error */
function describe(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
}

/** @param {string} text */
export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Whether a spec source is an http(s) URL (fetched), rather than a file path or a `file:` URL (read).
 * @param {string} source
 */
export function isUrl(source) {
  return /^https?:\/\//i.test(source);
}

/** @param {string} source @param {{ fetch?: typeof fetch, cwd?: string }} options */
async function readSource(source, options) {
  if (isUrl(source)) {
    const doFetch = options.fetch ?? fetch;
    const response = await doFetch(source, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    return await response.text();
  }
  // fileURLToPath decodes %20 and friends; `new URL().pathname` would keep them and miss the file.
  const path = source.startsWith('file://') ? fileURLToPath(source) : source;
  return await readFile(isAbsolute(path) ? path : resolvePath(options.cwd ?? process.cwd(), path), 'utf8');
}
