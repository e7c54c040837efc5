// @ts-check
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { resolveSpec, sha256, specSource } from './resolve.js';

/**
 * The spec is resolved once per run (`frameio-spec pull`, before turbo starts) into `.spec-cache/` at the
 * workspace root. turbo hashes that file as an input of `generate` and `test`, so a changed spec invalidates
 * the cache even when FRAMEIO_OPENAPI_SPEC keeps the same path or the default URL serves new content.
 */
export function workspaceRoot(from = process.cwd()) {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`No pnpm-workspace.yaml above ${from}: run frameio-spec inside the workspace.`);
    dir = parent;
  }
  return dir;
}

/** @param {string} root */
function cachePaths(root) {
  const dir = join(root, '.spec-cache');
  return { dir, spec: join(dir, 'openapi.json'), meta: join(dir, 'source.json') };
}

/**
 * Resolves the spec and writes it to the cache, leaving the file untouched when its content is unchanged.
 * @param {{ root: string, source?: string | undefined, env?: Record<string, string | undefined> }} options
 */
export async function pullSpec(options) {
  const spec = await resolveSpec({ ...options, cwd: options.root });
  const paths = cachePaths(options.root);
  await mkdir(paths.dir, { recursive: true });
  const meta = `${JSON.stringify({ source: spec.source, sha256: spec.sha256 }, null, 2)}\n`;
  const cached = existsSync(paths.spec) ? sha256(await readFile(paths.spec, 'utf8')) : undefined;
  if (cached !== spec.sha256) await atomicWrite(paths.spec, spec.text);
  const previousMeta = existsSync(paths.meta) ? await readFile(paths.meta, 'utf8') : undefined;
  if (previousMeta !== meta) await atomicWrite(paths.meta, meta);
  return spec;
}

/**
 * The cached spec when it was pulled from the source configured now, else a fresh pull.
 * @param {{ root: string, source?: string | undefined, env?: Record<string, string | undefined> }} options
 * @returns {Promise<import('./resolve.js').ResolvedSpec>}
 */
export async function cachedSpec(options) {
  const paths = cachePaths(options.root);
  const { source } = specSource(options);
  if (existsSync(paths.meta) && existsSync(paths.spec)) {
    const meta = JSON.parse(await readFile(paths.meta, 'utf8'));
    const text = await readFile(paths.spec, 'utf8');
    if (meta.source === source && sha256(text) === meta.sha256) {
      return { source, text, sha256: meta.sha256, document: JSON.parse(text) };
    }
  }
  return await pullSpec(options);
}

/** @param {string} path @param {string} text */
async function atomicWrite(path, text) {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}
