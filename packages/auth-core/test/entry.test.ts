import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTsc, walkImports } from '@frameio-v4/test-support';
import { describe, expect, it } from 'vitest';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(PACKAGE, 'src');

describe('package entries', () => {
  it('the main entry reaches no node: module and no dependency, so it runs in browsers', async () => {
    const { seen, external } = await walkImports(SRC);
    expect(seen).toContain('token-cache.ts');
    expect(seen).not.toContain('file-token-store.ts');
    // As an object, so a failure names the files importing each specifier.
    expect(Object.fromEntries(external)).toEqual({});
  });

  it('the main entry type-checks with browser types only (no @types/node globals such as Buffer)', async () => {
    const result = await runTsc(['-p', 'tsconfig.browser.json'], { cwd: PACKAGE });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);

  it('the node entry exports FileTokenStore only', async () => {
    const nodeEntry = await import('../src/node.js');
    expect(Object.keys(nodeEntry)).toEqual(['FileTokenStore']);
  });
});
