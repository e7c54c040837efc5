// @ts-check
/**
 * `frameio-spec update`: moves a package to a new spec in one step. It resolves the new spec, diffs it
 * against the locked one, regenerates the client, type-checks the package (the generated reachability test
 * included), then records the spec in `spec.lock.json` and writes a changeset whose bump follows the diff.
 *
 * The lock and the changeset are written only once the package type-checks, so a spec that breaks the
 * package leaves the lock on the old spec (and `generate` keeps warning) until the code is fixed and the
 * update is run again.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pullSpec } from './cache.js';
import { changesetBump, changesetSummary, renderChangeset, writeChangeset } from './changeset.js';
import { diffSpecs, summaryLine } from './diff.js';
import { generateClient } from './generate.js';
import { listOperations } from './inventory.js';
import { createLock, readLock, writeLock } from './lock.js';
import { isUrl, resolveSpec, sha256 } from './resolve.js';

/** How many lines of tsc output an error quotes. */
const TSC_LINES_SHOWN = 40;

/**
 * @typedef {{ root: string, packageDir: string, source?: string | undefined, oldSource?: string | undefined,
 *   changesetDir?: string, typecheck?: (packageDir: string) => Promise<void>, log?: (line: string) => void,
 *   env?: Record<string, string | undefined>, now?: Date }} UpdateOptions
 * @typedef {{ status: 'unchanged', sha256: string } | { status: 'updated', sha256: string,
 *   bump: 'major' | 'minor' | 'patch', changesetPath: string, previous: string | undefined,
 *   diff: import('./diff.js').SpecDiff | undefined }} UpdateResult
 */

/** The package does not type-check against the new spec; nothing was recorded. */
export class SpecUpdateTypecheckError extends Error {
  /** @param {string} packageDir @param {string} output */
  constructor(packageDir, output) {
    const lines = output.trim().split('\n');
    const shown = lines.slice(0, TSC_LINES_SHOWN).join('\n');
    const more = lines.length > TSC_LINES_SHOWN ? `\n…and ${lines.length - TSC_LINES_SHOWN} more lines` : '';
    super(
      `The client regenerated from the new spec does not type-check (tsc -p ${join(packageDir, 'tsconfig.json')}), ` +
        'so spec.lock.json and the changeset were not written. Fix what tsc reports (code that uses a changed ' +
        'operation, or the generated reachability test when the spec itself is defective: add a patch in ' +
        'tooling/spec/src/patches.js), then run the update again. If tsc cannot find a workspace package, run ' +
        `\`pnpm build\` first.\n${shown}${more}`,
    );
    this.name = 'SpecUpdateTypecheckError';
  }
}

/**
 * Updates `packageDir` to the spec resolved from `source` (else `FRAMEIO_OPENAPI_SPEC`, else the published
 * URL). The spec to diff against is the locked one, found in this order: `oldSource`; the cached spec in
 * `.spec-cache/` when its hash is the lock's; the lock's own source when it is a file whose hash is still
 * the lock's. Without any, the changeset says no previous spec was available and bumps minor.
 * @param {UpdateOptions} options
 * @returns {Promise<UpdateResult>}
 */
export async function updateSpec(options) {
  const { root, packageDir } = options;
  const log = options.log ?? console.log;
  const lockPath = join(packageDir, 'spec.lock.json');
  const lock = await readLock(lockPath);
  // Read before the pull below overwrites it: the cache may still hold the locked spec.
  const cachePath = join(root, '.spec-cache', 'openapi.json');
  const cachedText = existsSync(cachePath) ? await readFile(cachePath, 'utf8') : undefined;

  const spec = await pullSpec({ root, source: options.source, env: options.env });
  const sha12 = spec.sha256.slice(0, 12);
  if (lock?.sha256 === spec.sha256) {
    log(`spec unchanged (sha256 ${sha12} from ${display(root, spec.source)}): nothing to do`);
    return { status: 'unchanged', sha256: spec.sha256 };
  }

  const previous = await previousSpec({ ...options, lock, lockPath, cachePath, cachedText, log });
  const diff = previous ? diffSpecs(previous.document, spec.document) : undefined;
  if (previous && diff) {
    log(`diff against ${previous.label} (sha256 ${previous.sha256.slice(0, 12)}): ${summaryLine(diff)}`);
  } else {
    log('no previous spec available to diff: pass the locked spec with --old to get a classified changeset');
  }

  const generated = await generateClient({ spec, packageDir });
  log(`generated ${generated.operations} operations from ${display(root, spec.source)}`);
  await (options.typecheck ?? typecheckPackage)(packageDir);
  log('the package type-checks against the new spec');

  // A relative --from is relative to the root, but the lock stores sources relative to itself.
  const locked = isUrl(spec.source) ? spec : { ...spec, source: localPath(root, spec.source) };
  await writeLock(lockPath, createLock(locked, { lockPath, now: options.now }));
  const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const bump = changesetBump(diff);
  const summary = changesetSummary({
    spec,
    operations: listOperations(spec.document).length,
    diff,
    previous,
  });
  const changesetPath = await writeChangeset({
    dir: options.changesetDir ?? join(root, '.changeset'),
    sha256: spec.sha256,
    text: renderChangeset({ packageName: pkg.name, bump, summary }),
  });
  log(
    `recorded sha256 ${sha12} in ${display(root, lockPath)}; wrote ${display(root, changesetPath)} (${bump})`,
  );
  return { status: 'updated', sha256: spec.sha256, bump, changesetPath, previous: previous?.label, diff };
}

/**
 * The locked spec, from wherever it can still be found.
 * @param {UpdateOptions & { lock: import('./lock.js').SpecLock | undefined, lockPath: string,
 *   cachePath: string, cachedText: string | undefined, log: (line: string) => void }} options
 * @returns {Promise<{ label: string, sha256: string, document: Record<string, any> } | undefined>}
 */
async function previousSpec({ root, lock, lockPath, cachePath, cachedText, oldSource, env, log }) {
  if (oldSource) {
    const old = await resolveSpec({ source: oldSource, cwd: root, env });
    if (lock && old.sha256 !== lock.sha256) {
      log(
        `note: --old ${oldSource} (sha256 ${old.sha256.slice(0, 12)}) is not the locked spec ` +
          `(sha256 ${lock.sha256.slice(0, 12)}); diffing against it as asked`,
      );
    }
    return { label: oldSource, sha256: old.sha256, document: old.document };
  }
  if (!lock) return undefined;
  if (cachedText !== undefined && sha256(cachedText) === lock.sha256) {
    return { label: display(root, cachePath), sha256: lock.sha256, document: JSON.parse(cachedText) };
  }
  if (!isUrl(lock.source)) {
    const path = resolve(dirname(lockPath), lock.source);
    const text = existsSync(path) ? await readFile(path, 'utf8') : undefined;
    if (text !== undefined && sha256(text) === lock.sha256) {
      return { label: display(root, path), sha256: lock.sha256, document: JSON.parse(text) };
    }
  }
  return undefined;
}

/**
 * The type-level reachability check: `tsc -p <packageDir>/tsconfig.json` with this workspace's TypeScript.
 * @param {string} packageDir
 */
export async function typecheckPackage(packageDir) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.json')], {
      cwd: packageDir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const {
      stdout = '',
      stderr = '',
      message,
    } = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    throw new SpecUpdateTypecheckError(packageDir, `${stdout}${stderr}`.trim() || message);
  }
}

/** @param {string} root @param {string} source */
function display(root, source) {
  return isUrl(source) ? source : relative(root, localPath(root, source)) || '.';
}

/** A file source (a path relative to the root, or a file: URL) as an absolute path. @param {string} root @param {string} source */
function localPath(root, source) {
  return source.startsWith('file://') ? fileURLToPath(source) : resolve(root, source);
}
