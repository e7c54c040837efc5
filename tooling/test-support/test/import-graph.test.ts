import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walkImports } from '../src/index.js';

let srcDir: string | undefined;
afterEach(async () => {
  if (srcDir) await rm(srcDir, { recursive: true, force: true });
  srcDir = undefined;
});

/** A temporary source folder with `files` (path → text). */
async function source(files: Record<string, string>): Promise<string> {
  srcDir = await mkdtemp(join(tmpdir(), 'test-support-graph-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(srcDir, path)), { recursive: true });
    await writeFile(join(srcDir, path), text);
  }
  return srcDir;
}

describe('walkImports', () => {
  it('follows relative imports into subfolders and back out with ../, once per file', async () => {
    const dir = await source({
      'index.ts': "export { upload } from './upload/upload-file.js';\nimport type { A } from './types.js';\n",
      'upload/upload-file.ts': "import { parts } from './parts.js';\nimport { retry } from '../retry.js';\n",
      'upload/parts.ts': "export * from '../types.js';\n",
      'retry.ts': "import createClient from 'openapi-fetch';\n",
      'types.ts': 'export type A = string;\n',
      'node.ts': "import { readFile } from 'node:fs/promises';\n",
    });
    const { seen, external } = await walkImports(dir);
    expect([...seen].sort()).toEqual([
      'index.ts',
      'retry.ts',
      'types.ts',
      'upload/parts.ts',
      'upload/upload-file.ts',
    ]);
    expect(Object.fromEntries(external)).toEqual({ 'openapi-fetch': ['retry.ts'] });
  });

  it('lists every importer of a package, with indented and double-quoted imports', async () => {
    const dir = await source({
      'index.ts': 'import { a } from \'./a.js\';\n  export { b } from "@scope/pkg";\n',
      'a.ts': "import {\n  c,\n} from '@scope/pkg';\n",
    });
    const { external } = await walkImports(dir);
    expect([...external.keys()]).toEqual(['@scope/pkg']);
    expect(external.get('@scope/pkg')?.sort()).toEqual(['a.ts', 'index.ts']);
  });

  it('flags a file that mentions node: anywhere, including side-effect and dynamic imports', async () => {
    const dir = await source({
      'index.ts': "import './side.js';\nexport { load } from './load.js';\n",
      'side.ts': "import 'node:process';\n",
      'load.ts': 'export const load = () => import("node:fs");\n',
    });
    const { seen, external } = await walkImports(dir);
    expect([...seen].sort()).toEqual(['index.ts', 'load.ts']);
    expect([...external.keys()]).toEqual(['load.ts mentions a node: module']);
  });

  it('starts from another entry when asked', async () => {
    const dir = await source({
      'index.ts': "export * from './shared.js';\n",
      'node.ts': "import { readFile } from 'node:fs/promises';\nexport * from './shared.js';\n",
      'shared.ts': 'export const shared = 1;\n',
    });
    const { seen, external } = await walkImports(dir, 'node.ts');
    expect([...seen]).toEqual(['node.ts']);
    expect([...external.keys()]).toEqual(['node.ts mentions a node: module']);
  });
});
