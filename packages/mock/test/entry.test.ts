import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { walkImports } from '@frameio-v4/test-support';
import { expect, test } from 'vitest';
import { exampleResponse, validateRequest, validateResponse } from '../src/index.js';

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

test("the '.' entry works in browsers: no node: module or Node-only msw entry is reachable from it", async () => {
  const { seen, external } = await walkImports(srcDir);
  const specifiers = [...external.keys()];
  expect(specifiers.length).toBeGreaterThan(0);
  // `includes`: a file that mentions node: at all is listed as `<file> mentions a node: module`.
  expect(specifiers.filter((specifier) => specifier.includes('node:') || specifier === 'msw/node')).toEqual(
    [],
  );
  expect(seen).not.toContain('server.ts');
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
