// @ts-check
import { describe, expect, it } from 'vitest';
import { bumpFor, diffSpecs, renderDiffMarkdown } from '../src/diff.js';
import { listOperations } from '../src/inventory.js';
import { resolveSpec } from '../src/resolve.js';
import { snapshots } from './snapshots.js';

/** @param {string} path */
async function load(path) {
  return (await resolveSpec({ source: path })).document;
}

/** "METHOD /path" of every operation, from the inventory (not from the differ). @param {Record<string, any>} doc */
function operationLabels(doc) {
  return new Set(listOperations(doc).map((op) => `${op.method.toUpperCase()} ${op.path}`));
}

/** @param {import('../src/diff.js').SpecChange[]} changes @param {string} kind */
function operationsOfKind(changes, kind) {
  return changes
    .filter((c) => c.kind === kind)
    .map((c) => c.operation)
    .sort();
}

describe('diffSpecs on the published snapshots', () => {
  it('2024-08-07 → 2024-08-14: the removed PUTs are breaking, the added comment operations are not', async () => {
    const diff = diffSpecs(await load(snapshots.early), await load(snapshots.weekLater));

    const removed = diff.changes.filter((c) => c.kind === 'operation-removed');
    expect(removed.map((c) => [c.operation, c.classification])).toEqual([
      ['PUT /v4/accounts/{account_id}/workspaces/{workspace_id}/projects/{project_id}', 'breaking'],
      ['PUT /v4/accounts/{account_id}/workspaces/{workspace_id}/webhooks/{webhook_id}', 'breaking'],
    ]);
    const added = diff.changes.filter((c) => c.kind === 'operation-added');
    expect(added.map((c) => [c.operation, c.classification]).sort()).toEqual([
      ['PATCH /v4/accounts/{account_id}/comments/{comment_id}', 'non-breaking'],
      ['PUT /v4/accounts/{account_id}/comments/{comment_id}', 'non-breaking'],
    ]);
    // Between these two snapshots only defaults, examples and summaries changed otherwise.
    expect(diff.changes).toHaveLength(4);
    expect(diff.summary).toEqual({ breaking: 2, nonBreaking: 2, flagged: 0 });
    expect(diff.bump).toBe('major');
  });

  it('2024-08-14 → current lists every added operation and every removal', async () => {
    const before = await load(snapshots.weekLater);
    const after = await load(snapshots.current);
    const diff = diffSpecs(before, after);

    const oldOps = operationLabels(before);
    const newOps = operationLabels(after);
    const expectedAdded = [...newOps].filter((op) => !oldOps.has(op)).sort();
    const expectedRemoved = [...oldOps].filter((op) => !newOps.has(op)).sort();
    expect(operationsOfKind(diff.changes, 'operation-added')).toEqual(expectedAdded);
    expect(operationsOfKind(diff.changes, 'operation-removed')).toEqual(expectedRemoved);
    expect(expectedRemoved).toContain('GET /v4/health');
    expect(expectedAdded).toContain('GET /v4/accounts');

    for (const change of diff.changes.filter((c) => c.kind === 'operation-removed')) {
      expect(change.classification).toBe('breaking');
    }
    for (const change of diff.changes.filter((c) => c.kind === 'operation-added')) {
      expect(change.classification).toBe('non-breaking');
    }
    expect(diff.bump).toBe('major');
  });

  it('2024-08-14 → current reports the V4 comment params move under `data` as breaking', async () => {
    const diff = diffSpecs(await load(snapshots.weekLater), await load(snapshots.current));
    const change = diff.changes.find(
      (c) =>
        c.schema === '#/components/schemas/UpdateCommentParams' && c.location === 'UpdateCommentParams.data',
    );
    expect(change).toMatchObject({
      kind: 'property-added',
      classification: 'breaking',
      previousSchema: '#/components/schemas/CommentParams',
      side: 'request',
      usedBy: ['PATCH /v4/accounts/{account_id}/comments/{comment_id}'],
    });
  });

  it.each(Object.entries(snapshots))('the %s snapshot against itself has no changes', async (_name, path) => {
    const document = await load(path);
    const diff = diffSpecs(document, structuredClone(document));
    expect(diff).toEqual({ summary: { breaking: 0, nonBreaking: 0, flagged: 0 }, bump: 'none', changes: [] });
  });

  it('reports a change to a shared schema once, with every operation that reaches it', async () => {
    const before = await load(snapshots.weekLater);
    const after = structuredClone(before);
    after.components.schemas.AuthErrorResponse.properties.hint = { type: 'string' };

    const diff = diffSpecs(before, after);
    expect(diff.changes).toHaveLength(1);
    // Oracle: every operation whose 401 response body is that schema.
    const users = listOperations(before)
      .filter((op) => {
        const schema =
          before.paths[op.path][op.method].responses?.['401']?.content?.['application/json']?.schema;
        return schema?.$ref === '#/components/schemas/AuthErrorResponse';
      })
      .map((op) => `${op.method.toUpperCase()} ${op.path}`)
      .sort();
    expect(users.length).toBeGreaterThan(10);
    expect(diff.changes[0]).toMatchObject({
      kind: 'property-added',
      schema: '#/components/schemas/AuthErrorResponse',
      side: 'response',
      location: 'AuthErrorResponse.hint',
      classification: 'non-breaking',
      usedBy: users,
    });
  });
});

/**
 * A one-operation spec: POST /v4/things/{thing_id} with the given parameters, request body and 200 body.
 * @param {{ parameters?: unknown[], request?: unknown, response?: unknown, schemas?: Record<string, unknown>,
 *   responses?: Record<string, unknown>, path?: string }} parts
 */
function spec(parts) {
  const path = parts.path ?? '/v4/things/{thing_id}';
  const pathParam = path.match(/\{([^}]+)\}/)?.[1] ?? 'thing_id';
  return {
    openapi: '3.0.0',
    info: { title: 'test', version: '1' },
    paths: {
      [path]: {
        post: {
          parameters: [
            { in: 'path', name: pathParam, required: true, schema: { type: 'string' } },
            ...(parts.parameters ?? []),
          ],
          ...(parts.request
            ? { requestBody: { required: true, content: { 'application/json': { schema: parts.request } } } }
            : {}),
          responses: parts.responses ?? {
            200: { description: 'ok', content: { 'application/json': { schema: parts.response ?? {} } } },
          },
        },
      },
    },
    components: { schemas: parts.schemas ?? {} },
  };
}

/** @param {Record<string, unknown>} properties @param {string[]} [required] */
function object(properties, required = []) {
  return { type: 'object', properties, required };
}

const OP = 'POST /v4/things/{thing_id}';

describe('classification for a client', () => {
  it.each([
    [
      'a new required request field is breaking',
      { request: object({ a: { type: 'string' } }, ['a']) },
      { request: object({ a: { type: 'string' }, b: { type: 'string' } }, ['a', 'b']) },
      { kind: 'property-added', location: 'request body b', classification: 'breaking' },
    ],
    [
      'a new optional request field is not breaking',
      { request: object({ a: { type: 'string' } }) },
      { request: object({ a: { type: 'string' }, b: { type: 'string' } }) },
      { kind: 'property-added', location: 'request body b', classification: 'non-breaking' },
    ],
    [
      'a removed request field is not breaking, but flagged',
      { request: object({ a: { type: 'string' }, b: { type: 'string' } }) },
      { request: object({ a: { type: 'string' } }) },
      { kind: 'property-removed', location: 'request body b', classification: 'non-breaking', flagged: true },
    ],
    [
      'an optional request field made required is breaking',
      { request: object({ a: { type: 'string' } }) },
      { request: object({ a: { type: 'string' } }, ['a']) },
      { kind: 'property-required', location: 'request body a', classification: 'breaking' },
    ],
    [
      'a request field type change is breaking',
      { request: object({ a: { type: 'string' } }) },
      { request: object({ a: { type: 'integer' } }) },
      { kind: 'type-changed', location: 'request body a', classification: 'breaking' },
    ],
    [
      'a new request enum value is not breaking',
      { request: object({ a: { type: 'string', enum: ['x'] } }) },
      { request: object({ a: { type: 'string', enum: ['x', 'y'] } }) },
      { kind: 'enum-value-added', location: 'request body a', classification: 'non-breaking' },
    ],
    [
      'a removed request enum value is breaking',
      { request: object({ a: { type: 'string', enum: ['x', 'y'] } }) },
      { request: object({ a: { type: 'string', enum: ['x'] } }) },
      { kind: 'enum-value-removed', location: 'request body a', classification: 'breaking' },
    ],
    [
      'a request field that stops accepting null is breaking',
      { request: object({ a: { type: 'string', nullable: true } }) },
      { request: object({ a: { type: 'string' } }) },
      { kind: 'nullable-changed', location: 'request body a', classification: 'breaking' },
    ],
    [
      'a removed response field is breaking',
      { response: object({ data: object({ name: { type: 'string' }, id: { type: 'string' } }) }) },
      { response: object({ data: object({ id: { type: 'string' } }) }) },
      { kind: 'property-removed', location: 'response 200 body data.name', classification: 'breaking' },
    ],
    [
      'a new response field is not breaking',
      { response: object({ id: { type: 'string' } }) },
      { response: object({ id: { type: 'string' }, name: { type: 'string' } }, ['name']) },
      { kind: 'property-added', location: 'response 200 body name', classification: 'non-breaking' },
    ],
    [
      'a new response enum value is not breaking, but flagged',
      { response: object({ status: { type: 'string', enum: ['a', 'b'] } }) },
      { response: object({ status: { type: 'string', enum: ['a', 'b', 'c'] } }) },
      {
        kind: 'enum-value-added',
        location: 'response 200 body status',
        classification: 'non-breaking',
        flagged: true,
      },
    ],
    [
      'a response field that may now be absent is breaking',
      { response: object({ id: { type: 'string' } }, ['id']) },
      { response: object({ id: { type: 'string' } }) },
      { kind: 'property-optional', location: 'response 200 body id', classification: 'breaking' },
    ],
    [
      'a response field that may now be null is breaking',
      { response: { type: 'array', items: object({ id: { type: 'string' } }) } },
      { response: { type: 'array', items: object({ id: { type: 'string', nullable: true } }) } },
      { kind: 'nullable-changed', location: 'response 200 body[].id', classification: 'breaking' },
    ],
    [
      'a new response variant is not breaking, but flagged',
      {
        response: { oneOf: [{ $ref: '#/components/schemas/A' }] },
        schemas: { A: object({}), B: object({}) },
      },
      {
        response: { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
        schemas: { A: object({}), B: object({}) },
      },
      {
        kind: 'variant-added',
        location: 'response 200 body(B)',
        classification: 'non-breaking',
        flagged: true,
      },
    ],
    [
      'a removed request variant is breaking',
      {
        request: { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
        schemas: { A: object({}), B: object({}) },
      },
      { request: { oneOf: [{ $ref: '#/components/schemas/A' }] }, schemas: { A: object({}), B: object({}) } },
      { kind: 'variant-removed', location: 'request body(B)', classification: 'breaking' },
    ],
    [
      'a field added through an allOf member is seen',
      { response: { allOf: [object({ id: { type: 'string' } }), object({})] } },
      { response: { allOf: [object({ id: { type: 'string' } }), object({ name: { type: 'string' } })] } },
      { kind: 'property-added', location: 'response 200 body name', classification: 'non-breaking' },
    ],
  ])('%s', (_title, before, after, expected) => {
    const diff = diffSpecs(spec(before), spec(after));
    expect(diff.changes).toEqual([{ operation: OP, message: expect.any(String), ...expected }]);
  });

  it.each([
    [
      'an added required parameter is breaking',
      [],
      [{ in: 'query', name: 'q', required: true, schema: { type: 'string' } }],
      { kind: 'parameter-added', classification: 'breaking' },
    ],
    [
      'an added optional parameter is not breaking',
      [],
      [{ in: 'query', name: 'q', schema: { type: 'string' } }],
      { kind: 'parameter-added', classification: 'non-breaking' },
    ],
    [
      'a removed parameter is breaking',
      [{ in: 'query', name: 'q', schema: { type: 'string' } }],
      [],
      { kind: 'parameter-removed', classification: 'breaking' },
    ],
    [
      'a parameter made required is breaking',
      [{ in: 'query', name: 'q', schema: { type: 'string' } }],
      [{ in: 'query', name: 'q', required: true, schema: { type: 'string' } }],
      { kind: 'parameter-required', classification: 'breaking' },
    ],
    [
      'a parameter made optional is not breaking',
      [{ in: 'query', name: 'q', required: true, schema: { type: 'string' } }],
      [{ in: 'query', name: 'q', schema: { type: 'string' } }],
      { kind: 'parameter-optional', classification: 'non-breaking' },
    ],
  ])('%s', (_title, before, after, expected) => {
    const diff = diffSpecs(spec({ parameters: before }), spec({ parameters: after }));
    expect(diff.changes).toEqual([
      { operation: OP, location: 'query parameter q', message: expect.any(String), ...expected },
    ]);
  });

  it('says why a removed parameter is breaking', () => {
    const before = spec({ parameters: [{ in: 'query', name: 'page', schema: { type: 'integer' } }] });
    const [change] = diffSpecs(before, spec({})).changes;
    expect(change?.message).toMatch(/no longer accepts it.*server may reject it/);
  });

  it('a renamed path parameter is a breaking parameter change, not a removed and an added operation', () => {
    const diff = diffSpecs(spec({ path: '/v4/things/{id}' }), spec({ path: '/v4/things/{thing_id}' }));
    expect(diff.changes).toEqual([
      expect.objectContaining({
        kind: 'parameter-renamed',
        operation: 'POST /v4/things/{thing_id}',
        location: 'path parameter thing_id',
        classification: 'breaking',
      }),
    ]);
  });

  it('a removed success response is breaking, a removed error response is not', () => {
    const ok = { description: 'ok', content: { 'application/json': { schema: object({}) } } };
    const before = spec({ responses: { 200: ok, 201: ok, 404: ok } });
    const after = spec({ responses: { 200: ok } });
    expect(diffSpecs(before, after).changes.map((c) => [c.location, c.classification])).toEqual([
      ['response 201', 'breaking'],
      ['response 404', 'non-breaking'],
    ]);
  });

  it('an added success response is not breaking, but flagged', () => {
    const ok = { description: 'ok', content: { 'application/json': { schema: object({}) } } };
    const [change] = diffSpecs(
      spec({ responses: { 200: ok } }),
      spec({ responses: { 200: ok, 202: ok } }),
    ).changes;
    expect(change).toMatchObject({ kind: 'response-added', classification: 'non-breaking', flagged: true });
  });

  it('compares recursive schemas without looping, and reports their change once', () => {
    const folder = (/** @type {Record<string, unknown>} */ extra) => ({
      Folder: object({
        name: { type: 'string' },
        children: { type: 'array', items: { $ref: '#/components/schemas/Folder' } },
        ...extra,
      }),
    });
    const response = { $ref: '#/components/schemas/Folder' };
    const diff = diffSpecs(
      spec({ response, schemas: folder({}) }),
      spec({ response, schemas: folder({ size: { type: 'integer' } }) }),
    );
    expect(diff.changes).toEqual([
      expect.objectContaining({ kind: 'property-added', location: 'Folder.size', usedBy: [OP] }),
    ]);
  });

  it('compares a nullable reference (allOf of one $ref) with the schema it references', () => {
    const schemas = { User: object({ id: { type: 'string' } }) };
    const before = spec({ response: object({ owner: { $ref: '#/components/schemas/User' } }), schemas });
    const after = spec({
      response: object({ owner: { allOf: [{ $ref: '#/components/schemas/User' }], nullable: true } }),
      schemas,
    });
    expect(diffSpecs(before, after).changes).toEqual([
      expect.objectContaining({
        kind: 'nullable-changed',
        location: 'response 200 body owner',
        classification: 'breaking',
      }),
    ]);
  });

  it('a required request body added to an operation is breaking', () => {
    const [change] = diffSpecs(spec({}), spec({ request: object({}) })).changes;
    expect(change).toMatchObject({ kind: 'request-body-added', classification: 'breaking' });
  });
});

describe('bumpFor', () => {
  /** @param {Partial<import('../src/diff.js').SpecChange>} change */
  const change = (change) =>
    /** @type {import('../src/diff.js').SpecChange} */ ({
      location: 'x',
      message: 'x',
      classification: 'non-breaking',
      ...change,
    });

  it('is major for any breaking change, minor for additions, patch for other changes, none for none', () => {
    expect(
      bumpFor([
        change({ kind: 'operation-added' }),
        change({ kind: 'operation-removed', classification: 'breaking' }),
      ]),
    ).toBe('major');
    expect(bumpFor([change({ kind: 'property-added' }), change({ kind: 'enum-value-removed' })])).toBe(
      'minor',
    );
    expect(bumpFor([change({ kind: 'enum-value-removed' })])).toBe('patch');
    expect(bumpFor([])).toBe('none');
  });
});

describe('renderDiffMarkdown', () => {
  it('starts with the summary line, then Breaking, Flagged and Non-breaking sections', async () => {
    const before = spec({ response: object({ a: { type: 'string', enum: ['x'] }, b: { type: 'string' } }) });
    const after = spec({
      response: object({ a: { type: 'string', enum: ['x', 'y'] }, c: { type: 'string' } }),
    });
    const markdown = renderDiffMarkdown(diffSpecs(before, after));
    expect(markdown).toContain('**1 breaking, 2 non-breaking (1 flagged)**; release: major.');
    const breaking = markdown.indexOf('## Breaking (1)');
    const flagged = markdown.indexOf('## Flagged (1)');
    const nonBreaking = markdown.indexOf('## Non-breaking (1)');
    expect(breaking).toBeGreaterThan(0);
    expect(flagged).toBeGreaterThan(breaking);
    expect(nonBreaking).toBeGreaterThan(flagged);
    expect(markdown.slice(breaking, flagged)).toContain(
      `### \`${OP}\`\n\n- response 200 body b: field removed`,
    );
    expect(markdown.slice(flagged, nonBreaking)).toContain('- response 200 body a: new value(s) "y"');
    expect(markdown.slice(nonBreaking)).toContain('- response 200 body c: new field');
  });

  it('groups a shared schema change under the schema, with the operations that use it', async () => {
    const before = await load(snapshots.weekLater);
    const after = structuredClone(before);
    delete after.components.schemas.AuthErrorResponse.properties.error;
    const markdown = renderDiffMarkdown(diffSpecs(before, after));
    expect(markdown).toMatch(/### Schema `AuthErrorResponse`, in responses\n\nUsed by \d+ operations: `/);
    expect(markdown).toContain('- AuthErrorResponse.error: field removed');
  });

  it('says so when nothing changed', async () => {
    const document = await load(snapshots.early);
    const markdown = renderDiffMarkdown(diffSpecs(document, document));
    expect(markdown).toContain('**0 breaking, 0 non-breaking (0 flagged)**; release: none.');
    expect(markdown).toContain('No changes');
    expect(markdown).not.toContain('## ');
  });
});
