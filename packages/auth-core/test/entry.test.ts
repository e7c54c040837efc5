import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(PACKAGE, 'src');

/** Every module specifier a source file imports or re-exports. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(SRC, file), 'utf8');
  // Catches side-effect and dynamic imports the pattern below does not.
  if (/['"]node:/.test(text)) return [`${file} mentions a node: module`];
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1] ?? '',
  );
}

describe('package entries', () => {
  it('the main entry reaches no node: module and no dependency, so it runs in browsers', async () => {
    const seen = new Set<string>();
    const external: string[] = [];
    const queue = ['index.ts'];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (seen.has(file)) continue;
      seen.add(file);
      for (const specifier of await importsOf(file)) {
        if (specifier.startsWith('./')) queue.push(specifier.slice(2).replace(/\.js$/, '.ts'));
        else external.push(`${file} → ${specifier}`);
      }
    }
    expect(seen).toContain('token-cache.ts');
    expect(seen).not.toContain('file-token-store.ts');
    expect(external).toEqual([]);
  });

  it('the main entry type-checks with browser types only (no @types/node globals such as Buffer)', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [tsc, '-p', 'tsconfig.browser.json'],
        { cwd: PACKAGE },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: `${stdout}${stderr}` }),
      );
    });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);

  it('the node entry exports FileTokenStore only', async () => {
    const nodeEntry = await import('../src/node.js');
    expect(Object.keys(nodeEntry)).toEqual(['FileTokenStore']);
  });
});
