import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(PACKAGE, 'src');

/** Every module specifier a source file imports or re-exports (relative ones resolved to `src/…`). */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(SRC, file), 'utf8');
  // Catches side-effect and dynamic imports the pattern below does not.
  if (/['"]node:/.test(text)) return [`${file} mentions a node: module`];
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => {
    const specifier = match[1] ?? '';
    return specifier.startsWith('.') ? join(dirname(file), specifier).replace(/\.js$/, '.ts') : specifier;
  });
}

describe('package entries (uploads)', () => {
  it('the main entry reaches the upload helpers but no node: module, so it runs in browsers', async () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const queue = ['index.ts'];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (seen.has(file)) continue;
      seen.add(file);
      for (const specifier of await importsOf(file)) {
        if (specifier.endsWith('.ts')) queue.push(specifier);
        else external.add(specifier);
      }
    }
    expect(seen).toContain('upload/upload-file.ts');
    expect(seen).toContain('upload/download-file.ts');
    expect(seen).not.toContain('upload/node-file.ts');
    expect(seen).not.toContain('node.ts');
    // Only the client's own dependencies: nothing Node-specific comes in through the upload code.
    expect([...external].sort()).toEqual(['@frameio-v4/auth-core', 'openapi-fetch']);
  });

  it('the main entry type-checks with browser types only (no @types/node globals such as Buffer)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'frameio-api-browser-'));
    try {
      const config = join(directory, 'tsconfig.json');
      await writeFile(
        config,
        JSON.stringify({
          extends: join(PACKAGE, '../../tsconfig.base.json'),
          compilerOptions: { noEmit: true, types: [] },
          files: [join(SRC, 'index.ts')],
        }),
      );
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const result = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(process.execPath, [tsc, '-p', config], { cwd: PACKAGE }, (error, stdout, stderr) =>
          resolve({ code: error ? 1 : 0, output: `${stdout}${stderr}` }),
        );
      });
      expect(result.output).toBe('');
      expect(result.code).toBe(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);

  it('the node entry exports the path-aware helpers and the same error classes as the main entry', async () => {
    const nodeEntry = await import('../src/node.js');
    const mainEntry = await import('../src/index.js');
    expect(Object.keys(nodeEntry).sort()).toEqual([
      'DownloadError',
      'UploadAbortedError',
      'UploadError',
      'UploadPartError',
      'downloadFile',
      'uploadFile',
    ]);
    expect(nodeEntry.UploadPartError).toBe(mainEntry.UploadPartError);
    expect(nodeEntry.uploadFile).not.toBe(mainEntry.uploadFile);
  });
});
