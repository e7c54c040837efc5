import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTsc } from '@frameio-v4/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromPackage = createRequire(join(PACKAGE, 'package.json'));
const NODE_BUILTINS = new Set(builtinModules);

/** Every module specifier a built JS file imports, re-exports or loads dynamically. */
async function specifiersOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const patterns = [
    /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ''));
}

/**
 * Walks the module graph from `entry` through relative imports and workspace packages (resolved through
 * their `exports`, i.e. to their built files), and lists every Node built-in it reaches.
 */
async function nodeModulesReachedFrom(
  outDir: string,
  entry: string,
): Promise<{ files: string[]; builtins: string[] }> {
  const seen = new Set<string>();
  const builtins: string[] = [];
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of await specifiersOf(file)) {
      if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0] ?? '')) {
        builtins.push(`${file} → ${specifier}`);
      } else if (specifier.startsWith('.')) {
        queue.push(resolve(dirname(file), specifier));
      } else {
        // The build sits in a temporary directory: resolve its packages from here, like the real dist/.
        const from = file.startsWith(outDir) ? requireFromPackage : createRequire(file);
        queue.push(from.resolve(specifier));
      }
    }
  }
  return { files: [...seen], builtins };
}

describe('package entries', () => {
  let outDir = '';
  beforeAll(async () => {
    // The package's own build, into a temporary directory so a concurrent `build` is not disturbed.
    outDir = await mkdtemp(join(tmpdir(), 'auth-pkce-dist-'));
    const build = await runTsc(['-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: PACKAGE });
    if (build.code !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${build.output}`);
  }, 120_000);
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('the built main entry and everything it imports reach no node: module (browser-safe)', async () => {
    const { files, builtins } = await nodeModulesReachedFrom(outDir, join(outDir, 'index.js'));
    expect(builtins).toEqual([]);
    expect(files.some((file) => file.endsWith(join('auth-core', 'dist', 'index.js')))).toBe(true);
    expect(files.some((file) => file.endsWith('pkce-auth.js'))).toBe(true);
    expect(files.some((file) => file.endsWith('loopback.js'))).toBe(false);
  });

  it('the walk does find Node modules: the node entry reaches node:http', async () => {
    const { builtins } = await nodeModulesReachedFrom(outDir, join(outDir, 'node.js'));
    expect(builtins.some((line) => line.endsWith('node:http'))).toBe(true);
  });

  it('the main entry type-checks with browser types only (no @types/node)', async () => {
    const result = await runTsc(['-p', 'tsconfig.browser.json'], { cwd: PACKAGE });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('exports what the README documents', async () => {
    const main = await import('../src/index.js');
    expect(main.SPAAuth).toBe(main.PkceAuth);
    expect(Object.keys(main).sort()).toEqual(
      [
        'AuthError',
        'DEFAULT_PKCE_SCOPES',
        'DEFAULT_VERIFIER_LENGTH',
        'ImsError',
        'MAX_VERIFIER_LENGTH',
        'MIN_VERIFIER_LENGTH',
        'MemoryTokenStore',
        'NativeAppAuth',
        'PkceAuth',
        'ReauthenticationRequiredError',
        'SPAAuth',
        'SessionStorageTokenStore',
        'StateMismatchError',
        'TokenStoreError',
        'computeCodeChallenge',
        'generateCodeVerifier',
        'generateState',
        'parseCallback',
      ].sort(),
    );
    const node = await import('../src/node.js');
    expect(Object.keys(node).sort()).toEqual(
      ['DEFAULT_LOOPBACK_TIMEOUT_MS', 'LoopbackTimeoutError', 'loginWithLoopback'].sort(),
    );
  });
});
