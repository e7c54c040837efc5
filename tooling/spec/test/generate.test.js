// @ts-check
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClient } from '../src/generate.js';
import { listOperations } from '../src/inventory.js';
import { resolveSpec } from '../src/resolve.js';
import { snapshots } from './snapshots.js';

const run = promisify(execFile);
/** @type {string[]} */
const dirs = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function packageDir() {
  const dir = await mkdtemp(join(tmpdir(), 'frameio-generate-'));
  dirs.push(dir);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.3' }));
  return dir;
}

describe('generateClient', () => {
  it.each(Object.entries(snapshots))(
    'generates types that compile from the %s snapshot',
    async (_name, path) => {
      const spec = await resolveSpec({ source: path });
      const dir = await packageDir();
      const result = await generateClient({ spec, packageDir: dir });
      expect(result.operations).toBe(listOperations(spec.document).length);

      const schema = await readFile(join(dir, 'src/generated/schema.ts'), 'utf8');
      for (const op of listOperations(spec.document)) expect(schema).toContain(`"${op.path}"`);
      // The generated types must themselves be valid TypeScript, whatever the spec.
      const tsc = join(import.meta.dirname, '../node_modules/typescript/bin/tsc');
      await run(process.execPath, [
        tsc,
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        join(dir, 'src/generated/schema.ts'),
      ]);
    },
  );

  it('writes the inventory, the version and the reachability test from the spec itself', async () => {
    const spec = await resolveSpec({ source: snapshots.current });
    const dir = await packageDir();
    await generateClient({ spec, packageDir: dir });
    expect(await readFile(join(dir, 'src/generated/version.ts'), 'utf8')).toContain('"1.2.3"');
    const inventory = await readFile(join(dir, 'src/generated/operations.ts'), 'utf8');
    expect(inventory).toContain('{ method: "get", path: "/v4/me", operationId: "users.show"');
    const reachability = await readFile(join(dir, 'test/generated/reachability.ts'), 'utf8');
    expect(reachability.match(/await client\.[A-Z]+\(/g)).toHaveLength(97);
    expect(reachability).toContain(
      `await client.GET("/v4/me", ...args<typeof client.GET<"/v4/me", Init<"/v4/me", 'get'>>>());`,
    );
  });

  it('stamps generated files with their source and patches and says not to edit them', async () => {
    const spec = await resolveSpec({ source: snapshots.early });
    const dir = await packageDir();
    await generateClient({ spec, packageDir: dir });
    const head = (await readFile(join(dir, 'src/generated/schema.ts'), 'utf8'))
      .split('\n')
      .slice(0, 3)
      .join('\n');
    expect(head).toContain(spec.sha256);
    expect(head).toContain('Do not edit');
    expect(head).toContain('discriminator-mapping-refs (15)');
  });
});
