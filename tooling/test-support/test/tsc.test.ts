import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTsc } from '../src/index.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

describe('runTsc', () => {
  it('resolves with code 0 and what tsc printed when it succeeds', async () => {
    const result = await runTsc(['--version'], { cwd: PACKAGE });
    expect(result).toEqual({ code: 0, output: expect.stringMatching(/^Version \d+\.\d+\.\d+\n$/) });
  }, 60_000);

  it('resolves (does not reject) with a non-zero code and the errors when tsc fails', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'test-support-tsc-'));
    try {
      await writeFile(join(directory, 'bad.ts'), 'export const n: number = "one";\n');
      const result = await runTsc(['--noEmit', '--skipLibCheck', join(directory, 'bad.ts')], {
        cwd: PACKAGE,
      });
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('TS2322');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
