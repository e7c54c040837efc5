// @ts-check
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLock, readLock, writeLock } from '../src/lock.js';
import { resolveSpec } from '../src/resolve.js';
import { SpecUpdateTypecheckError, typecheckPackage, updateSpec } from '../src/update.js';
import { snapshots } from './snapshots.js';

/** @type {string[]} */
const dirs = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A temporary workspace: `root/pkg` is a minimal package whose lock records `locked`, and `root/changesets`
 * receives changesets. The lock's source is made unreadable unless `keepLockSource`, so that the previous
 * spec is only found where a test puts it.
 * @param {{ locked?: string, keepLockSource?: boolean }} [options]
 */
async function workspace(options = {}) {
  const root = await mkdtemp(join(tmpdir(), 'frameio-update-'));
  dirs.push(root);
  const packageDir = join(root, 'pkg');
  await mkdir(packageDir);
  await writeFile(
    join(packageDir, 'package.json'),
    JSON.stringify({ name: '@frameio-v4/api', version: '1.2.3' }),
  );
  const lockPath = join(packageDir, 'spec.lock.json');
  if (options.locked) {
    const lock = createLock(await resolveSpec({ source: options.locked }), { lockPath });
    await writeLock(lockPath, options.keepLockSource ? lock : { ...lock, source: 'moved-away.json' });
  }
  /** @type {string[]} */
  const typechecked = [];
  /** @type {string[]} */
  const logged = [];
  const changesetDir = join(root, 'changesets');
  return {
    root,
    packageDir,
    lockPath,
    changesetDir,
    typechecked,
    logged,
    options: {
      root,
      packageDir,
      changesetDir,
      typecheck: async (/** @type {string} */ dir) => {
        typechecked.push(dir);
      },
      log: (/** @type {string} */ line) => {
        logged.push(line);
      },
      now: new Date('2026-11-22T12:00:00Z'),
    },
  };
}

/** @param {string} dir */
async function changesets(dir) {
  return existsSync(dir) ? await readdir(dir) : [];
}

describe('updateSpec', () => {
  it('writes nothing when the spec is the locked one', async () => {
    const ws = await workspace({ locked: snapshots.weekLater });
    const lockBefore = await readFile(ws.lockPath, 'utf8');

    const result = await updateSpec({ ...ws.options, source: snapshots.weekLater });

    expect(result.status).toBe('unchanged');
    expect(ws.logged).toEqual([
      expect.stringMatching(/^spec unchanged \(sha256 3c2d1c5db861 .*\): nothing to do$/),
    ]);
    expect(await changesets(ws.changesetDir)).toEqual([]);
    expect(await readFile(ws.lockPath, 'utf8')).toBe(lockBefore);
    expect(existsSync(join(ws.packageDir, 'src'))).toBe(false);
    expect(ws.typechecked).toEqual([]);
  });

  it('writes a major changeset for a breaking spec, diffed against --old', async () => {
    const ws = await workspace({ locked: snapshots.early });
    const next = await resolveSpec({ source: snapshots.weekLater });

    const result = await updateSpec({
      ...ws.options,
      source: snapshots.weekLater,
      oldSource: snapshots.early,
    });

    expect(result).toMatchObject({ status: 'updated', bump: 'major' });
    expect(await changesets(ws.changesetDir)).toEqual([`spec-${next.sha256.slice(0, 12)}.md`]);
    const changeset = await readFile(join(ws.changesetDir, `spec-${next.sha256.slice(0, 12)}.md`), 'utf8');
    expect(changeset).toMatch(/^---\n"@frameio-v4\/api": major\n---\n\n/);
    expect(changeset).toContain('2 breaking, 2 non-breaking (0 flagged) since sha256 755db264c3e7');
    expect(changeset).toContain(
      '- `PUT /v4/accounts/{account_id}/workspaces/{workspace_id}/projects/{project_id}`: removed',
    );
    expect((await readLock(ws.lockPath))?.sha256).toBe(next.sha256);
    expect(ws.typechecked).toEqual([ws.packageDir]);
    expect(existsSync(join(ws.packageDir, 'test/generated/reachability.ts'))).toBe(true);
  });

  it('diffs against the cached spec when it is the locked one', async () => {
    const ws = await workspace({ locked: snapshots.early });
    await mkdir(join(ws.root, '.spec-cache'));
    await writeFile(join(ws.root, '.spec-cache/openapi.json'), await readFile(snapshots.early, 'utf8'));

    const result = await updateSpec({ ...ws.options, source: snapshots.weekLater });

    expect(result).toMatchObject({ status: 'updated', bump: 'major', previous: '.spec-cache/openapi.json' });
  });

  it("diffs against the lock's own source when that file is still the locked spec", async () => {
    const ws = await workspace({ locked: snapshots.weekLater, keepLockSource: true });
    // A spec that only adds an operation: a minor release.
    const added = JSON.parse(await readFile(snapshots.weekLater, 'utf8'));
    added.paths['/v4/accounts/{account_id}/ping'] = {
      get: { responses: { 204: { description: 'No Content' } } },
    };
    await writeFile(join(ws.root, 'added.json'), JSON.stringify(added));

    // Relative to the workspace root, as `pnpm spec:update --from added.json` passes it.
    const result = await updateSpec({ ...ws.options, source: 'added.json' });

    expect(result).toMatchObject({ status: 'updated', bump: 'minor' });
    // The lock stores it relative to itself, so the next update finds it again.
    expect((await readLock(ws.lockPath))?.source).toBe('../added.json');
    const [file = ''] = await changesets(ws.changesetDir);
    const changeset = await readFile(join(ws.changesetDir, file), 'utf8');
    expect(changeset).toContain('"@frameio-v4/api": minor');
    expect(changeset).toContain('- `GET /v4/accounts/{account_id}/ping`: added');
  });

  it('bumps patch when the spec changed without a client-visible change', async () => {
    const ws = await workspace({ locked: snapshots.weekLater, keepLockSource: true });
    const reworded = JSON.parse(await readFile(snapshots.weekLater, 'utf8'));
    reworded.info.description = 'Reworded.';
    const source = join(ws.root, 'reworded.json');
    await writeFile(source, JSON.stringify(reworded));

    const result = await updateSpec({ ...ws.options, source });

    expect(result).toMatchObject({ status: 'updated', bump: 'patch' });
    const [file = ''] = await changesets(ws.changesetDir);
    expect(await readFile(join(ws.changesetDir, file), 'utf8')).toContain('no operation or schema changes');
  });

  it('says when no previous spec was available, and bumps minor', async () => {
    const ws = await workspace({ locked: snapshots.early });

    const result = await updateSpec({ ...ws.options, source: snapshots.weekLater });

    expect(result).toMatchObject({ status: 'updated', bump: 'minor', previous: undefined });
    const [file = ''] = await changesets(ws.changesetDir);
    const changeset = await readFile(join(ws.changesetDir, file), 'utf8');
    expect(changeset).toContain('spec updated to sha256 3c2d1c5db861');
    expect(changeset).toContain('(no previous spec available to diff)');
    expect(ws.logged.join('\n')).toContain('pass the locked spec with --old');
  });

  it('records nothing when the package no longer type-checks', async () => {
    const ws = await workspace({ locked: snapshots.early });
    const lockBefore = await readFile(ws.lockPath, 'utf8');
    const failing = async () => {
      throw new SpecUpdateTypecheckError(
        ws.packageDir,
        "src/index.ts(1,1): error TS2304: Cannot find name 'x'.",
      );
    };

    await expect(
      updateSpec({
        ...ws.options,
        source: snapshots.weekLater,
        oldSource: snapshots.early,
        typecheck: failing,
      }),
    ).rejects.toThrow(/does not type-check.*spec\.lock\.json and the changeset were not written/s);

    expect(await readFile(ws.lockPath, 'utf8')).toBe(lockBefore);
    expect(await changesets(ws.changesetDir)).toEqual([]);
  });
});

describe('typecheckPackage', () => {
  it("fails with tsc's errors and what to do when the package does not compile", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frameio-typecheck-'));
    dirs.push(dir);
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true } }),
    );
    await writeFile(join(dir, 'broken.ts'), 'export const count: number = "three";\n');

    const error = await typecheckPackage(dir).catch((e) => e);
    expect(error).toBeInstanceOf(SpecUpdateTypecheckError);
    expect(error.message).toContain('broken.ts');
    expect(error.message).toContain('TS2322');
    expect(error.message).toContain('run the update again');
  });

  it('passes for a package that compiles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frameio-typecheck-'));
    dirs.push(dir);
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true } }),
    );
    await writeFile(join(dir, 'fine.ts'), 'export const count: number = 3;\n');
    await expect(typecheckPackage(dir)).resolves.toBeUndefined();
  });
});
