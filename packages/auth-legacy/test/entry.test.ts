import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTsc, walkImports } from '@frameio-v4/test-support';
import { describe, expect, it } from 'vitest';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(PACKAGE, 'src');

describe('browser entry', () => {
  it('reaches no node: module and no dependency other than the browser-safe @frameio-v4/auth-core', async () => {
    const { seen, external } = await walkImports(SRC);
    expect(seen).toContain('legacy-token-auth.ts');
    expect([...external.keys()]).toEqual(['@frameio-v4/auth-core']);
  });

  it('type-checks with browser types only (no @types/node globals such as Buffer)', async () => {
    const result = await runTsc(['-p', 'tsconfig.browser.json'], { cwd: PACKAGE });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);
});
