// @ts-check
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLock, lockDriftWarning } from '../src/lock.js';
import { resolveSpec } from '../src/resolve.js';
import { snapshots } from './snapshots.js';

describe('spec.lock.json', () => {
  it('records source, sha256, info.version, operation count and date', async () => {
    const spec = await resolveSpec({ source: snapshots.current });
    const lock = createLock(spec, {
      lockPath: '/repo/packages/api/spec.lock.json',
      now: new Date('2026-11-22T10:00:00Z'),
    });
    expect(lock).toMatchObject({
      sha256: spec.sha256,
      infoVersion: 'v4.0',
      openapi: '3.0.0',
      operations: 97,
      schemas: 303,
      date: '2026-11-22',
    });
  });

  it('stores a local source relative to the lock so it means the same on every machine', async () => {
    const spec = await resolveSpec({ source: snapshots.current });
    // The real lock's place in this checkout, wherever the checkout sits; the snapshots live beside it.
    const lockPath = fileURLToPath(new URL('../../../packages/api/spec.lock.json', import.meta.url));
    const lock = createLock(spec, { lockPath });
    expect(lock.source).toBe('../../../shared/openapi/frameio-v4.json');
  });

  it('warns in one line, with how to review and record the change, when the spec differs', async () => {
    const locked = createLock(await resolveSpec({ source: snapshots.weekLater }), {
      lockPath: '/x/spec.lock.json',
    });
    const current = await resolveSpec({ source: snapshots.current });
    const warning = lockDriftWarning(locked, current);
    expect(warning).toBeDefined();
    expect(warning?.split('\n')).toHaveLength(1);
    expect(warning).toMatch(/^warning: /);
    expect(warning).toContain(current.sha256.slice(0, 12));
    expect(warning).toContain(locked.sha256.slice(0, 12));
    expect(warning).toContain('pnpm spec:update');
  });

  it('is silent when the spec is the locked one', async () => {
    const spec = await resolveSpec({ source: snapshots.current });
    expect(lockDriftWarning(createLock(spec, { lockPath: '/x/l.json' }), spec)).toBeUndefined();
  });
});
