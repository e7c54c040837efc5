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

describe('browser entry', () => {
  it('reaches no node: module and no dependency other than the browser-safe @frameio-v4/auth-core', async () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const queue = ['index.ts'];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (seen.has(file)) continue;
      seen.add(file);
      for (const specifier of await importsOf(file)) {
        if (specifier.startsWith('./')) queue.push(specifier.slice(2).replace(/\.js$/, '.ts'));
        else external.add(specifier);
      }
    }
    expect(seen).toContain('legacy-token-auth.ts');
    expect([...external]).toEqual(['@frameio-v4/auth-core']);
  });

  it('type-checks with browser types only (no @types/node globals such as Buffer)', async () => {
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
});
