import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { exampleResponse, validateRequest, validateResponse } from '../src/index.js';

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every module the file imports, transitively, by path relative to src. */
function importGraph(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  const source = readFileSync(resolve(srcDir, entry), 'utf8');
  const specifiers = [...source.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map(
    (match) => match[1] as string,
  );
  seen.set(entry, specifiers);
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) {
      importGraph(
        resolve(dirname(resolve(srcDir, entry)), specifier)
          .slice(srcDir.length + 1)
          .replace(/\.js$/, '.ts'),
        seen,
      );
    }
  }
  return seen;
}

test("the '.' entry works in browsers: no node: module or Node-only msw entry is reachable from it", () => {
  const graph = importGraph('index.ts');
  const external = [...graph.values()].flat().filter((specifier) => !specifier.startsWith('.'));
  expect(external.length).toBeGreaterThan(0);
  expect(external.filter((specifier) => specifier.startsWith('node:') || specifier === 'msw/node')).toEqual(
    [],
  );
  expect([...graph.keys()]).not.toContain('server.ts');
});

test('the main entry validates fixtures against the spec: requests, responses and example responses', () => {
  const example = exampleResponse('files.show');
  expect(example.status).toBe(200);
  expect(validateResponse('files.show', example.status, example.body)).toEqual([]);
  // A fixture that drifted from the spec names the field that is wrong.
  const drifted = structuredClone(example.body) as { data: Record<string, unknown> };
  delete drifted.data.id;
  expect(validateResponse('files.show', 200, drifted).join('\n')).toMatch(/\bid\b/);

  expect(validateRequest('folders.bulk_move', { body: { data: { folder_ids: [] } } })).toMatchObject({
    ok: false,
    errors: expect.arrayContaining([expect.objectContaining({ source: { pointer: '/data/parent_id' } })]),
  });
});
