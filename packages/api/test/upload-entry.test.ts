import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTsc, walkImports } from '@frameio-v4/test-support';
import { describe, expect, it } from 'vitest';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(PACKAGE, 'src');

describe('package entries (uploads)', () => {
  it('the main entry reaches the upload helpers but no node: module, so it runs in browsers', async () => {
    const { seen, external } = await walkImports(SRC);
    expect(seen).toContain('upload/upload-file.ts');
    expect(seen).toContain('upload/download-file.ts');
    expect(seen).not.toContain('upload/node-file.ts');
    expect(seen).not.toContain('node.ts');
    // Only the client's own dependencies: nothing Node-specific comes in through the upload code.
    expect([...external.keys()].sort()).toEqual(['@frameio-v4/auth-core', 'openapi-fetch']);
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
      const result = await runTsc(['-p', config], { cwd: PACKAGE });
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
