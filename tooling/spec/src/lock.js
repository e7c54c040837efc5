// @ts-check
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { listOperations } from './inventory.js';
import { isUrl } from './resolve.js';

/**
 * What `packages/api/spec.lock.json` records about the spec the client was generated from.
 * @typedef {{ source: string, sha256: string, infoVersion: string, openapi: string, operations: number,
 *   schemas: number, date: string }} SpecLock
 */

/**
 * @param {import('./resolve.js').ResolvedSpec} spec
 * @param {{ lockPath: string, now?: Date }} options
 * @returns {SpecLock}
 */
export function createLock(spec, options) {
  const source =
    isUrl(spec.source) || !isAbsolute(spec.source)
      ? spec.source
      : relative(dirname(options.lockPath), spec.source);
  return {
    source,
    sha256: spec.sha256,
    infoVersion: String(spec.document.info?.version ?? ''),
    openapi: String(spec.document.openapi),
    operations: listOperations(spec.document).length,
    schemas: Object.keys(spec.document.components?.schemas ?? {}).length,
    date: (options.now ?? new Date()).toISOString().slice(0, 10),
  };
}

/** @param {string} lockPath @returns {Promise<SpecLock | undefined>} */
export async function readLock(lockPath) {
  try {
    return JSON.parse(await readFile(lockPath, 'utf8'));
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** @param {string} lockPath @param {SpecLock} lock */
export async function writeLock(lockPath, lock) {
  await writeFile(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
}

/**
 * One warning line when the resolved spec is not the locked one, or undefined when it is.
 * Generation goes on either way: the lock records what the published package was built from.
 * The line says exactly how to review (`pnpm spec:diff`) and record (`pnpm spec:update`) the change; with
 * `lockPath` and `root`, the paths in it are relative to the workspace root, where those commands run.
 * @param {SpecLock | undefined} lock @param {import('./resolve.js').ResolvedSpec} spec
 * @param {{ lockPath?: string, root?: string }} [options]
 */
export function lockDriftWarning(lock, spec, options = {}) {
  if (lock?.sha256 === spec.sha256) return undefined;
  const newSource = displaySource(spec.source, options.root);
  const found = `${newSource} (sha256 ${spec.sha256.slice(0, 12)}, ${listOperations(spec.document).length} operations)`;
  /** @param {string} extra */
  const record = (extra) =>
    `\`pnpm spec:update --from ${newSource}${extra}\` (regenerates, updates the lock, writes a changeset)`;
  if (!lock) return `warning: no spec.lock.json yet; generated from ${found}. Record it with ${record('')}.`;
  const lockedSource =
    options.lockPath && !isUrl(lock.source)
      ? displaySource(resolve(dirname(options.lockPath), lock.source), options.root)
      : lock.source;
  const locked = `spec.lock.json (sha256 ${lock.sha256.slice(0, 12)}, ${lock.operations} operations, locked ${lock.date} from ${lockedSource})`;
  if (lockedSource === newSource) {
    // The lock keeps only the locked spec's hash: once its source serves other content, the old spec can
    // only come from a copy the maintainer kept.
    const copy = '<copy of the locked spec>';
    return (
      `warning: the spec ${found} differs from ${locked}, and ${newSource} no longer holds the locked spec; ` +
      `review the change with \`pnpm spec:diff ${copy} ${newSource}\` and record it with ${record(` --old ${copy}`)}.`
    );
  }
  return (
    `warning: the spec ${found} differs from ${locked}; review the change with ` +
    `\`pnpm spec:diff ${lockedSource} ${newSource}\` and record it with ${record('')}.`
  );
}

/** A local source relative to the workspace root (as typed there), a URL as is. @param {string} source @param {string} [root] */
function displaySource(source, root) {
  if (isUrl(source) || !root) return source;
  const path = relative(root, resolve(root, source));
  return path || '.';
}
