#!/usr/bin/env node
// @ts-check
/**
 * Writes `src/generated/spec.ts`: the operations, parameters, request bodies, responses and component schemas
 * of the cached, patched V4 spec, which the emulator validates against and builds example responses from.
 * The output is derived from the third-party spec, so it is gitignored and rebuilt by turbo's `generate` task
 * (which hashes `.spec-cache/**`). Descriptions, titles, response headers and `x-` extensions are dropped to
 * keep it small; `example`s stay because example responses prefer them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySpecPatches, cachedSpec, HTTP_METHODS, workspaceRoot } from '@frameio-v4/spec-tooling';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(packageDir, 'src', 'generated', 'spec.ts');

/** Methods the emulator can route (msw has no `trace`). */
const ROUTABLE = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** Keys that only document: dropped everywhere in schemas. */
const DOC_KEYS = new Set(['description', 'title', 'externalDocs', 'xml', 'summary']);

/**
 * Copies a schema without documentation keys. `example`, `enum` and `default` are values, copied as is.
 * @param {unknown} node
 * @returns {unknown}
 */
function stripDocs(node) {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!node || typeof node !== 'object') return node;
  /** @type {Record<string, unknown>} */
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_KEYS.has(key) || key.startsWith('x-')) continue;
    if (key === 'example' || key === 'enum' || key === 'default') copy[key] = value;
    // Keys of `properties` are field names (`title`, `description`), not keywords: keep every one.
    else if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, stripDocs(schema)]),
      );
    } else copy[key] = stripDocs(value);
  }
  return copy;
}

/**
 * Follows a local `$ref` to a component that is not a schema (parameters, request bodies, responses).
 * @param {Record<string, any>} document @param {any} node
 */
function deref(document, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 20 || !current.$ref.startsWith('#/')) {
      throw new Error(
        `generate-spec: cannot resolve $ref ${current.$ref}; only local references are supported.`,
      );
    }
    current = current.$ref
      .slice(2)
      .split('/')
      .map((/** @type {string} */ part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((/** @type {any} */ parent, /** @type {string} */ key) => parent?.[key], document);
    if (current === undefined) throw new Error(`generate-spec: $ref ${node.$ref} points at nothing.`);
  }
  return current;
}

/**
 * The JSON media type of a content map, else the first one (`*` for the spec's empty 204 bodies).
 * @param {Record<string, any> | undefined} content
 */
function pickMedia(content) {
  if (!content) return undefined;
  const types = Object.keys(content);
  const mediaType = types.find((type) => /^application\/([\w.+-]+\+)?json\b/i.test(type)) ?? types[0];
  return mediaType === undefined ? undefined : { mediaType, schema: content[mediaType]?.schema };
}

/** @param {Record<string, any>} document */
function buildSpecData(document) {
  /** @type {{ operationId: string, method: string, path: string }[]} */
  const index = [];
  /** @type {Record<string, unknown>} */
  const operations = {};
  const seenIds = new Set();
  const paths = Object.keys(document.paths ?? {}).sort();
  for (const path of paths) {
    const item = deref(document, document.paths[path]);
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation || typeof operation !== 'object') continue;
      if (!ROUTABLE.has(method)) {
        console.warn(
          `generate-spec: skipping ${method.toUpperCase()} ${path}: msw cannot route that method.`,
        );
        continue;
      }
      const upper = method.toUpperCase();
      let operationId =
        typeof operation.operationId === 'string' ? operation.operationId : `${upper} ${path}`;
      if (seenIds.has(operationId)) operationId = `${operationId} (${upper} ${path})`;
      seenIds.add(operationId);

      // Operation-level parameters override path-level ones with the same name and location (OAS 3.0 §4.7.9).
      /** @type {Map<string, any>} */
      const parameters = new Map();
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = deref(document, raw);
        parameters.set(`${parameter.in}:${parameter.name}`, {
          name: parameter.name,
          in: parameter.in,
          required: parameter.in === 'path' ? true : parameter.required === true,
          schema: stripDocs(parameter.schema ?? {}),
          ...(parameter.style !== undefined ? { style: parameter.style } : {}),
          ...(parameter.explode !== undefined ? { explode: parameter.explode } : {}),
        });
      }

      const body = operation.requestBody ? deref(document, operation.requestBody) : undefined;
      const bodyMedia = pickMedia(body?.content);
      /** @type {Record<string, unknown>} */
      const responses = {};
      for (const [status, raw] of Object.entries(operation.responses ?? {})) {
        const response = deref(document, raw);
        const media = pickMedia(response?.content);
        responses[status] = {
          mediaType: media?.mediaType,
          schema: media?.schema === undefined ? undefined : stripDocs(media.schema),
        };
      }

      index.push({ operationId, method: upper, path });
      operations[operationId] = {
        parameters: [...parameters.values()],
        requestBody: bodyMedia
          ? {
              required: body.required === true,
              mediaType: bodyMedia.mediaType,
              schema: bodyMedia.schema === undefined ? undefined : stripDocs(bodyMedia.schema),
            }
          : undefined,
        responses,
      };
    }
  }
  const schemas = stripDocs(document.components?.schemas ?? {});
  return { index, document: { operations, schemas } };
}

async function main() {
  const spec = await cachedSpec({ root: workspaceRoot(packageDir) });
  const { document, applied } = applySpecPatches(spec.document);
  const { index, document: specDocument } = buildSpecData(document);
  const info = {
    title: String(document.info?.title ?? ''),
    version: String(document.info?.version ?? ''),
    sha256: spec.sha256,
  };
  const patches = applied.length ? applied.map((patch) => `${patch.id} (${patch.fixed})`).join(', ') : 'none';
  const text = [
    `// Generated by scripts/generate-spec.mjs from ${info.title} ${info.version} (sha256 ${spec.sha256}).`,
    '// Do not edit and do not commit: it is derived from the third-party spec and rebuilt before every build.',
    `// Spec patches applied: ${patches}.`,
    "import type { GeneratedSpec } from '../spec/types.js';",
    '',
    'export const spec: GeneratedSpec = {',
    `  info: ${JSON.stringify(info)},`,
    '  operations: [',
    ...index.map((entry) => `    ${JSON.stringify(entry)},`),
    '  ],',
    // JSON text inside a JS string literal: JSON.stringify escapes it, and U+2028/2029 are legal in ES2019.
    `  documentJson: ${JSON.stringify(JSON.stringify(specDocument))},`,
    '};',
    '',
  ].join('\n');
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, text);
  console.log(
    `generate-spec: ${index.length} operations, ${Object.keys(specDocument.schemas).length} schemas ` +
      `from ${info.title} ${info.version} (patches: ${patches}) → src/generated/spec.ts`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
