// @ts-check
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLock, lockDriftWarning } from '../src/lock.js';
import { resolveSpec } from '../src/resolve.js';
import { snapshotDir, snapshots } from './snapshots.js';

// A checkout beside shared/, as on the developers' machines and in CI (only paths are computed).
const root = join(snapshotDir, '..', '..', 'repo');
const lockPath = join(root, 'packages/api/spec.lock.json');

describe('the drift warning of `frameio-spec generate`', () => {
  it('gives the exact commands to review and record a spec from another source', async () => {
    const locked = createLock(await resolveSpec({ source: snapshots.weekLater }), { lockPath });
    const current = await resolveSpec({ source: snapshots.current });

    const warning = lockDriftWarning(locked, current, { lockPath, root });

    expect(warning?.split('\n')).toHaveLength(1);
    expect(warning).toContain(
      '`pnpm spec:diff ../shared/openapi/frameio-v4.2024-08-14.json ../shared/openapi/frameio-v4.json`',
    );
    expect(warning).toContain('`pnpm spec:update --from ../shared/openapi/frameio-v4.json`');
  });

  it('asks for a copy of the locked spec when its source now holds another spec', async () => {
    const current = await resolveSpec({ source: snapshots.current });
    // Locked from the same file, when it still had other content.
    const locked = { ...createLock(current, { lockPath }), sha256: 'f'.repeat(64) };

    const warning = lockDriftWarning(locked, current, { lockPath, root });

    expect(warning).toContain('../shared/openapi/frameio-v4.json no longer holds the locked spec');
    expect(warning).toContain('`pnpm spec:diff <copy of the locked spec> ../shared/openapi/frameio-v4.json`');
    expect(warning).toContain(
      '`pnpm spec:update --from ../shared/openapi/frameio-v4.json --old <copy of the locked spec>`',
    );
  });
});
