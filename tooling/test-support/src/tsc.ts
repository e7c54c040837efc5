import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Runs `tsc args` in `cwd` with the TypeScript that `cwd` resolves (the one its own `typecheck` uses).
 * Resolves, never rejects: `code` is tsc's exit code, `output` its stdout and stderr, empty on success.
 */
export function runTsc(args: string[], options: { cwd: string }): Promise<{ code: number; output: string }> {
  const tsc = createRequire(join(options.cwd, 'package.json')).resolve('typescript/bin/tsc');
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, ...args], { cwd: options.cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}
