// @ts-check
/**
 * Operation- and schema-level diff of two OpenAPI 3.0 specs, classified for a client of the generated SDK.
 *
 * Written here rather than adopted: of the tools that run on npm alone, `@redocly/cli diff` is experimental
 * (its rule names may still change), `@useoptic/optic` is archived, and `openapi-diff` has a narrower rule
 * set; `oasdiff` and OpenAPITools/openapi-diff need a Go or Java toolchain that neither the developers'
 * machines nor CI have (shared/research/ecosystem.md §5). The rules below are the ones issue 6 asks for.
 *
 * Both specs are patched first (patches.js), so the diff describes what the generator actually sees.
 *
 * Shared component schemas are compared once per side: where both specs reference the same
 * `#/components/schemas/Name` at the same place, the walk records a use of that schema instead of descending
 * into it, and the schema's own changes are reported once, under the schema, with the operations that use it.
 * A change to `User` therefore appears once, not under each of the 40 operations that return a user.
 * Where the references differ (a schema was renamed, or inlined), the two are compared structurally in place.
 */
import { HTTP_METHODS } from './inventory.js';
import { applySpecPatches } from './patches.js';

/** @typedef {Record<string, any>} OpenApiDocument */
/** @typedef {Record<string, any>} SchemaObject */
/** @typedef {'request' | 'response'} Side */
/** @typedef {'breaking' | 'non-breaking'} Classification */
/**
 * @typedef {'operation-added' | 'operation-removed' | 'operation-deprecated' | 'parameter-added' |
 *   'parameter-removed' | 'parameter-renamed' | 'parameter-required' | 'parameter-optional' |
 *   'request-body-added' | 'request-body-removed' | 'request-body-required' | 'request-body-optional' |
 *   'media-type-added' | 'media-type-removed' | 'response-added' | 'response-removed' | 'property-added' |
 *   'property-removed' | 'property-required' | 'property-optional' | 'type-changed' | 'nullable-changed' |
 *   'enum-value-added' | 'enum-value-removed' | 'variant-added' | 'variant-removed' |
 *   'additional-properties-changed'} ChangeKind
 */
/**
 * One difference between the two specs, as a client of the generated SDK sees it.
 *
 * Exactly one of `operation` ("PUT /v4/accounts/{account_id}/…") and `schema` ("#/components/schemas/User")
 * is set. `location` says where ("query parameter include", "response 200 body data.name", "User.name").
 * A schema change also has `side` (the same schema is classified separately where clients send it and where
 * they read it) and `usedBy`, the operations whose requests or responses reach it; `previousSchema` names the
 * old spec's schema where the new one replaced it at the same places (`AuthErrorResponse` → `Unauthorized`).
 * `flagged` marks a non-breaking change that can still break some client code (an exhaustive `switch` over a
 * response enum that gained a value, say).
 * @typedef {{ kind: ChangeKind, operation?: string, schema?: string, previousSchema?: string, side?: Side,
 *   usedBy?: string[], location: string, classification: Classification, flagged?: boolean,
 *   message: string }} SpecChange
 */
/** @typedef {'major' | 'minor' | 'patch' | 'none'} Bump */
/**
 * @typedef {{ summary: { breaking: number, nonBreaking: number, flagged: number }, bump: Bump,
 *   changes: SpecChange[] }} SpecDiff
 */

const SCHEMA_REF_PREFIX = '#/components/schemas/';
/** Deeper than any schema in the Frame.io specs; stops a pathological structural comparison. */
const MAX_DEPTH = 64;
/** Kinds that add something a client can start using: they make a release at least a minor one. */
const ADDITIONS = new Set([
  'operation-added',
  'parameter-added',
  'request-body-added',
  'media-type-added',
  'response-added',
  'property-added',
  'enum-value-added',
  'variant-added',
]);

/**
 * Diffs two specs (each patched first) and classifies every change for a client.
 * @param {OpenApiDocument} oldDocument the spec the client was generated from
 * @param {OpenApiDocument} newDocument the candidate spec
 * @returns {SpecDiff}
 */
export function diffSpecs(oldDocument, newDocument) {
  const differ = new Differ(applySpecPatches(oldDocument).document, applySpecPatches(newDocument).document);
  return summarize(differ.run());
}

/**
 * The release a set of changes calls for: major when any is breaking, minor when any adds something, patch
 * for any other change, none when there is nothing.
 * @param {SpecChange[]} changes
 * @returns {Bump}
 */
export function bumpFor(changes) {
  if (changes.some((c) => c.classification === 'breaking')) return 'major';
  if (changes.some((c) => ADDITIONS.has(c.kind))) return 'minor';
  return changes.length ? 'patch' : 'none';
}

/** @param {SpecChange[]} changes @returns {SpecDiff} */
function summarize(changes) {
  const breaking = changes.filter((c) => c.classification === 'breaking').length;
  return {
    summary: {
      breaking,
      nonBreaking: changes.length - breaking,
      flagged: changes.filter((c) => c.flagged).length,
    },
    bump: bumpFor(changes),
    changes,
  };
}

/**
 * Who a change belongs to: an operation, or a shared component schema on one side.
 * @typedef {{ operation?: string, schema?: { name: string, previous: string, side: Side }, changes: SpecChange[],
 *   uses: Set<string> }} Owner
 */
/**
 * Where the walk is: `prefix` is the fixed part of the location ("response 200 body", or the schema name),
 * `stack` the pairs of `$ref`s being compared (cycle protection).
 * @typedef {{ owner: Owner, side: Side, prefix: string, stack: Set<string>, depth: number }} Walk
 */

class Differ {
  /** @param {OpenApiDocument} oldDoc @param {OpenApiDocument} newDoc */
  constructor(oldDoc, newDoc) {
    this.old = oldDoc;
    this.new = newDoc;
    /** Shared schema comparisons by `sharedKey`, each run once. @type {Map<string, Owner>} */
    this.shared = new Map();
  }

  /** @returns {SpecChange[]} */
  run() {
    const oldOps = operationsByTemplate(this.old);
    const newOps = operationsByTemplate(this.new);
    /** @type {Owner[]} */
    const owners = [];
    const keys = [...new Set([...oldOps.keys(), ...newOps.keys()])].sort(compareOperationKeys);
    for (const key of keys) {
      const before = oldOps.get(key);
      const after = newOps.get(key);
      const label = operationLabel(/** @type {OperationRef} */ (after ?? before));
      /** @type {Owner} */
      const owner = { operation: label, changes: [], uses: new Set() };
      owners.push(owner);
      if (!after) {
        breaking(
          walkFor(owner, 'request', 'operation'),
          'operation-removed',
          '',
          'removed: code that calls it stops compiling, and calls to it fail',
        );
      } else if (!before) {
        nonBreaking(walkFor(owner, 'request', 'operation'), 'operation-added', '', 'added');
      } else {
        this.compareOperation(owner, before, after);
      }
    }
    return [...owners.flatMap((o) => o.changes), ...this.sharedChanges(owners)];
  }

  /** Shared schema changes, each with the operations that reach it. @param {Owner[]} operations */
  sharedChanges(operations) {
    /** @type {Map<string, Set<string>>} */
    const usedBy = new Map();
    for (const op of operations) {
      const seen = new Set();
      const pending = [...op.uses];
      while (pending.length) {
        const key = /** @type {string} */ (pending.pop());
        if (seen.has(key)) continue;
        seen.add(key);
        const users = usedBy.get(key) ?? new Set();
        users.add(/** @type {string} */ (op.operation));
        usedBy.set(key, users);
        pending.push(...(this.shared.get(key)?.uses ?? []));
      }
    }
    const keys = [...this.shared.keys()].sort();
    return keys.flatMap((key) => {
      const users = [...(usedBy.get(key) ?? [])].sort();
      return (this.shared.get(key)?.changes ?? []).map((change) => ({ ...change, usedBy: users }));
    });
  }

  /** @param {Owner} owner @param {OperationRef} before @param {OperationRef} after */
  compareOperation(owner, before, after) {
    if (!before.operation.deprecated && after.operation.deprecated) {
      nonBreaking(
        walkFor(owner, 'request', 'operation'),
        'operation-deprecated',
        '',
        'deprecated: it may be removed in a later spec, move off it',
        true,
      );
    }
    this.compareParameters(owner, before, after);
    this.compareRequestBody(owner, before.operation.requestBody, after.operation.requestBody);
    this.compareResponses(owner, before.operation.responses ?? {}, after.operation.responses ?? {});
  }

  /** @param {Owner} owner @param {OperationRef} before @param {OperationRef} after */
  compareParameters(owner, before, after) {
    const oldParams = parameters(this.old, before);
    const newParams = parameters(this.new, after);
    // Path parameters are matched by position in the template: `/files/{id}` → `/files/{file_id}` is the
    // same operation, but openapi-fetch takes path parameters by name (`params.path.file_id`).
    const oldPath = pathParameterNames(before.path);
    const newPath = pathParameterNames(after.path);
    for (let i = 0; i < Math.max(oldPath.length, newPath.length); i++) {
      const oldName = oldPath[i];
      const newName = newPath[i];
      if (oldName === undefined || newName === undefined) continue;
      const walk = walkFor(owner, 'request', `path parameter ${newName}`);
      if (oldName !== newName) {
        breaking(
          walk,
          'parameter-renamed',
          '',
          `renamed from \`${oldName}\`: the client takes path parameters by name, so \`params.path.${oldName}\` must become \`params.path.${newName}\``,
        );
      }
      const a = oldParams.get(`path ${oldName}`);
      const b = newParams.get(`path ${newName}`);
      if (a && b) this.compareSchema(walk, a.schema ?? {}, b.schema ?? {}, '');
    }
    for (const key of [...new Set([...oldParams.keys(), ...newParams.keys()])].sort()) {
      if (key.startsWith('path ')) continue;
      const a = oldParams.get(key);
      const b = newParams.get(key);
      const walk = walkFor(owner, 'request', `${key.replace(' ', ' parameter ')}`);
      if (!b) {
        breaking(
          walk,
          'parameter-removed',
          '',
          'removed: the client type no longer accepts it (code that passes it stops compiling) and the server may reject it as unknown',
        );
      } else if (!a) {
        if (b.required)
          breaking(walk, 'parameter-added', '', 'added as required: every call must now pass it');
        else nonBreaking(walk, 'parameter-added', '', 'added (optional)');
      } else {
        if (!a.required && b.required) {
          breaking(walk, 'parameter-required', '', 'now required: calls that omit it are rejected');
        } else if (a.required && !b.required) {
          nonBreaking(walk, 'parameter-optional', '', 'now optional');
        }
        this.compareSchema(walk, a.schema ?? {}, b.schema ?? {}, '');
      }
    }
  }

  /** @param {Owner} owner @param {unknown} oldBody @param {unknown} newBody */
  compareRequestBody(owner, oldBody, newBody) {
    const a = deref(this.old, oldBody);
    const b = deref(this.new, newBody);
    const walk = walkFor(owner, 'request', 'request body');
    if (!a && !b) return;
    if (!b) {
      breaking(
        walk,
        'request-body-removed',
        '',
        'removed: the client type no longer accepts a body (code that sends one stops compiling)',
      );
      return;
    }
    if (!a) {
      if (b.required)
        breaking(walk, 'request-body-added', '', 'added as required: every call must now send it');
      else nonBreaking(walk, 'request-body-added', '', 'added (optional)');
      return;
    }
    if (!a.required && b.required) {
      breaking(walk, 'request-body-required', '', 'now required: calls without a body are rejected');
    } else if (a.required && !b.required) {
      nonBreaking(walk, 'request-body-optional', '', 'now optional');
    }
    this.compareContent(walk, a.content ?? {}, b.content ?? {}, true);
  }

  /** @param {Owner} owner @param {Record<string, unknown>} oldResponses @param {Record<string, unknown>} newResponses */
  compareResponses(owner, oldResponses, newResponses) {
    for (const status of [...new Set([...Object.keys(oldResponses), ...Object.keys(newResponses)])].sort()) {
      const a = deref(this.old, oldResponses[status]);
      const b = deref(this.new, newResponses[status]);
      const success = isSuccess(status);
      const walk = walkFor(owner, 'response', `response ${status}`);
      if (!b) {
        if (success) {
          breaking(
            walk,
            'response-removed',
            '',
            'success response removed: code that handles it, or reads its body as `data`, no longer compiles',
          );
        } else {
          nonBreaking(walk, 'response-removed', '', 'error response no longer documented');
        }
      } else if (!a) {
        if (success) {
          nonBreaking(
            walk,
            'response-added',
            '',
            "success response added: the client's `data` type now also covers its body",
            true,
          );
        } else {
          nonBreaking(walk, 'response-added', '', 'error response documented');
        }
      } else {
        this.compareContent(
          { ...walk, prefix: `${walk.prefix} body` },
          a.content ?? {},
          b.content ?? {},
          success,
        );
      }
    }
  }

  /**
   * Compares the media types of a request or response body. A removed media type breaks a request (the
   * client sends it) and a success response (the client reads it).
   * @param {Walk} walk @param {Record<string, any>} oldContent @param {Record<string, any>} newContent
   * @param {boolean} removalBreaks
   */
  compareContent(walk, oldContent, newContent, removalBreaks) {
    const types = [...new Set([...Object.keys(oldContent), ...Object.keys(newContent)])].sort();
    const jsonOnly = types.length === 1 && types[0] === 'application/json';
    for (const type of types) {
      const at = {
        ...walk,
        prefix: jsonOnly || type === 'application/json' ? walk.prefix : `${walk.prefix} (${type})`,
      };
      if (!(type in newContent)) {
        record(
          at,
          'media-type-removed',
          '',
          removalBreaks ? 'breaking' : 'non-breaking',
          `media type ${type} removed`,
        );
      } else if (!(type in oldContent)) {
        nonBreaking(at, 'media-type-added', '', `media type ${type} added`);
      } else {
        this.compareSchema(at, oldContent[type]?.schema ?? {}, newContent[type]?.schema ?? {}, '');
      }
    }
  }

  /**
   * Compares two schemas at `path`, delegating to the shared comparison where both reference the same
   * component schema.
   * @param {Walk} walk @param {unknown} oldNode @param {unknown} newNode @param {string} path
   */
  compareSchema(walk, oldNode, newNode, path) {
    if (walk.depth > MAX_DEPTH) return;
    const a = unwrapRef(oldNode);
    const b = unwrapRef(newNode);
    const oldName = a.ref?.startsWith(SCHEMA_REF_PREFIX) ? a.ref.slice(SCHEMA_REF_PREFIX.length) : undefined;
    const newName = b.ref?.startsWith(SCHEMA_REF_PREFIX) ? b.ref.slice(SCHEMA_REF_PREFIX.length) : undefined;
    if (oldName && newName && resolvePointer(this.old, a.ref) && resolvePointer(this.new, b.ref)) {
      if (a.nullable !== undefined || b.nullable !== undefined) {
        this.compareNullable(walk, path, Boolean(a.nullable), Boolean(b.nullable));
      }
      this.useShared(walk, oldName, newName);
      return;
    }
    const pair = `${a.ref ?? '-'}|${b.ref ?? '-'}`;
    const tracked = a.ref !== undefined || b.ref !== undefined;
    if (tracked && walk.stack.has(pair)) return;
    if (tracked) walk.stack.add(pair);
    try {
      const next = { ...walk, depth: walk.depth + 1 };
      this.compareResolved(next, flatten(this.old, oldNode), flatten(this.new, newNode), path);
    } finally {
      if (tracked) walk.stack.delete(pair);
    }
  }

  /**
   * Records that the walk's owner uses a component schema (`before` in the old spec, `after` in the new
   * one: the same name, or the schema that replaced it), comparing the two the first time.
   * @param {Walk} walk @param {string} before @param {string} after
   */
  useShared(walk, before, after) {
    const key = sharedKey(walk.side, before, after);
    walk.owner.uses.add(key);
    if (this.shared.has(key)) return;
    /** @type {Owner} */
    const owner = {
      schema: { name: after, previous: before, side: walk.side },
      changes: [],
      uses: new Set(),
    };
    this.shared.set(key, owner);
    const schemaWalk = { owner, side: walk.side, prefix: after, stack: new Set(), depth: 0 };
    const oldSchema = flatten(this.old, { $ref: SCHEMA_REF_PREFIX + before });
    const newSchema = flatten(this.new, { $ref: SCHEMA_REF_PREFIX + after });
    this.compareResolved(schemaWalk, oldSchema, newSchema, '');
  }

  /** @param {Walk} walk @param {SchemaObject} a @param {SchemaObject} b @param {string} path */
  compareResolved(walk, a, b, path) {
    const variantsA = variantsOf(a);
    const variantsB = variantsOf(b);
    const typeA = typeOf(a);
    const typeB = typeOf(b);
    if (Boolean(variantsA) !== Boolean(variantsB)) {
      const from = describeType(this.old, a);
      const to = describeType(this.new, b);
      // From "any value" to variants narrows the type; the reverse widens it.
      const breaking = isAny(a) ? walk.side === 'request' : isAny(b) ? walk.side === 'response' : true;
      const text = `type changed from ${from} to ${to}`;
      record(walk, 'type-changed', path, breaking ? 'breaking' : 'non-breaking', text);
      return;
    }
    if (typeA !== typeB) {
      this.compareTypes(walk, path, typeA, typeB);
      return;
    }
    if (variantsA && variantsB) this.compareVariants(walk, path, variantsA, variantsB);
    this.compareNullable(walk, path, Boolean(a.nullable), Boolean(b.nullable));
    this.compareEnum(walk, path, a.enum, b.enum);
    if (typeA === 'object' || a.properties || b.properties) this.compareProperties(walk, path, a, b);
    if (typeA === 'object' || a.additionalProperties !== undefined || b.additionalProperties !== undefined) {
      this.compareAdditionalProperties(walk, path, a.additionalProperties, b.additionalProperties);
    }
    if (a.items || b.items) this.compareSchema(walk, a.items ?? {}, b.items ?? {}, `${path}[]`);
  }

  /** @param {Walk} walk @param {string} path @param {string | undefined} from @param {string | undefined} to */
  compareTypes(walk, path, from, to) {
    const request = walk.side === 'request';
    const text = `type changed from ${from ?? 'any value'} to ${to ?? 'any value'}`;
    // A wider request type or a narrower response type keeps every existing client working.
    const widened = from === undefined ? false : to === undefined || (from === 'integer' && to === 'number');
    const narrowed = to === undefined ? false : from === undefined || (from === 'number' && to === 'integer');
    if ((request && widened) || (!request && narrowed)) {
      nonBreaking(walk, 'type-changed', path, text);
    } else {
      breaking(
        walk,
        'type-changed',
        path,
        `${text}: code that ${request ? 'sends' : 'reads'} it no longer type-checks`,
      );
    }
  }

  /** @param {Walk} walk @param {string} path @param {boolean} from @param {boolean} to */
  compareNullable(walk, path, from, to) {
    if (from === to) return;
    if (walk.side === 'request') {
      if (from) breaking(walk, 'nullable-changed', path, 'no longer accepts null');
      else nonBreaking(walk, 'nullable-changed', path, 'now accepts null');
    } else if (to) {
      breaking(walk, 'nullable-changed', path, 'may now be null: code that reads it must handle null');
    } else {
      nonBreaking(walk, 'nullable-changed', path, 'is never null any more');
    }
  }

  /** @param {Walk} walk @param {string} path @param {unknown} from @param {unknown} to */
  compareEnum(walk, path, from, to) {
    if (!Array.isArray(from) && !Array.isArray(to)) return;
    if (!Array.isArray(from) || !Array.isArray(to)) {
      // An enum appearing narrows the type, disappearing widens it.
      const narrowed = Array.isArray(to);
      const breaking = narrowed === (walk.side === 'request');
      const text = narrowed
        ? `now restricted to ${list(to)}`
        : 'no longer restricted to a fixed set of values';
      record(walk, 'type-changed', path, breaking ? 'breaking' : 'non-breaking', text);
      return;
    }
    const before = new Set(from.map((v) => JSON.stringify(v)));
    const after = new Set(to.map((v) => JSON.stringify(v)));
    const added = list([...after].filter((v) => !before.has(v)).map((v) => JSON.parse(v)));
    const removed = list([...before].filter((v) => !after.has(v)).map((v) => JSON.parse(v)));
    if (walk.side === 'request') {
      if (added.length) nonBreaking(walk, 'enum-value-added', path, `accepts new value(s) ${added}`);
      if (removed.length) breaking(walk, 'enum-value-removed', path, `no longer accepts ${removed}`);
    } else {
      if (added.length) {
        nonBreaking(
          walk,
          'enum-value-added',
          path,
          `new value(s) ${added}: an exhaustive \`switch\` over it no longer covers every case`,
          true,
        );
      }
      if (removed.length) nonBreaking(walk, 'enum-value-removed', path, `no longer returns ${removed}`);
    }
  }

  /** @param {Walk} walk @param {string} path @param {SchemaObject} a @param {SchemaObject} b */
  compareProperties(walk, path, a, b) {
    const request = walk.side === 'request';
    const oldProps = this.visibleProperties(this.old, a, walk.side);
    const newProps = this.visibleProperties(this.new, b, walk.side);
    const oldRequired = new Set(Array.isArray(a.required) ? a.required : []);
    const newRequired = new Set(Array.isArray(b.required) ? b.required : []);
    for (const name of [...new Set([...oldProps.keys(), ...newProps.keys()])].sort()) {
      const at = path ? `${path}.${name}` : name;
      const before = oldProps.get(name);
      const after = newProps.get(name);
      if (after === undefined) {
        if (request) {
          nonBreaking(
            walk,
            'property-removed',
            at,
            'field removed: the server ignores or rejects it, and object literals that still set it stop compiling',
            true,
          );
        } else {
          breaking(
            walk,
            'property-removed',
            at,
            'field removed: code that reads it gets undefined (and no longer compiles)',
          );
        }
      } else if (before === undefined) {
        if (request && newRequired.has(name)) {
          breaking(walk, 'property-added', at, 'new required field: requests without it are rejected');
        } else {
          nonBreaking(walk, 'property-added', at, request ? 'new optional field' : 'new field');
        }
      } else {
        const wasRequired = oldRequired.has(name);
        const isRequired = newRequired.has(name);
        if (request && !wasRequired && isRequired) {
          breaking(walk, 'property-required', at, 'now required: requests without it are rejected');
        } else if (request && wasRequired && !isRequired) {
          nonBreaking(walk, 'property-optional', at, 'now optional');
        } else if (!request && wasRequired && !isRequired) {
          breaking(
            walk,
            'property-optional',
            at,
            'may now be absent: code that reads it must handle undefined',
          );
        } else if (!request && !wasRequired && isRequired) {
          nonBreaking(walk, 'property-required', at, 'now always present');
        }
        this.compareSchema(walk, before, after, at);
      }
    }
  }

  /**
   * Properties a side can see: clients never send `readOnly` ones nor read `writeOnly` ones.
   * @param {OpenApiDocument} document @param {SchemaObject} schema @param {Side} side
   * @returns {Map<string, unknown>}
   */
  visibleProperties(document, schema, side) {
    const hidden = side === 'request' ? 'readOnly' : 'writeOnly';
    const entries = Object.entries(schema.properties ?? {}).filter(([, s]) => !flatten(document, s)[hidden]);
    return new Map(entries);
  }

  /** @param {Walk} walk @param {string} path @param {unknown} from @param {unknown} to */
  compareAdditionalProperties(walk, path, from, to) {
    const at = path ? `${path}.*` : '*';
    // Absent means "any additional property" (OpenAPI 3.0 follows JSON Schema here).
    const allowedBefore = from !== false;
    const allowedAfter = to !== false;
    if (allowedBefore && allowedAfter) {
      if (isSchema(from) || isSchema(to))
        this.compareSchema(walk, isSchema(from) ? from : {}, isSchema(to) ? to : {}, at);
      return;
    }
    if (allowedBefore === allowedAfter) return;
    if (walk.side === 'request') {
      if (allowedBefore)
        breaking(walk, 'additional-properties-changed', path, 'no longer accepts additional properties');
      else nonBreaking(walk, 'additional-properties-changed', path, 'now accepts additional properties');
    } else if (allowedBefore) {
      nonBreaking(walk, 'additional-properties-changed', path, 'no longer has additional properties');
    } else {
      nonBreaking(walk, 'additional-properties-changed', path, 'may now have additional properties', true);
    }
  }

  /**
   * `oneOf`/`anyOf` variants, matched by `$ref` name, else by position among the inline ones. A client sends
   * one of the request variants, and must handle every response variant.
   * @param {Walk} walk @param {string} path @param {unknown[]} from @param {unknown[]} to
   */
  compareVariants(walk, path, from, to) {
    const before = labelVariants(from);
    const after = labelVariants(to);
    for (const [label, variant] of before) {
      const at = `${path}(${label})`;
      const match = after.get(label);
      if (match !== undefined) {
        this.compareSchema(walk, variant, match, at);
      } else if (walk.side === 'request') {
        breaking(walk, 'variant-removed', at, `variant ${label} no longer accepted`);
      } else {
        nonBreaking(walk, 'variant-removed', at, `variant ${label} no longer returned`);
      }
    }
    for (const label of after.keys()) {
      if (before.has(label)) continue;
      const at = `${path}(${label})`;
      if (walk.side === 'request') {
        nonBreaking(walk, 'variant-added', at, `variant ${label} now accepted`);
      } else {
        nonBreaking(
          walk,
          'variant-added',
          at,
          `new variant ${label}: code that handles each variant must handle it too`,
          true,
        );
      }
    }
  }
}

/** @param {Walk} walk @param {ChangeKind} kind @param {string} path @param {string} message */
function breaking(walk, kind, path, message) {
  record(walk, kind, path, 'breaking', message);
}

/**
 * @param {Walk} walk @param {ChangeKind} kind @param {string} path @param {string} message
 * @param {boolean} [flagged] can still break some client code
 */
function nonBreaking(walk, kind, path, message, flagged = false) {
  record(walk, kind, path, 'non-breaking', message, flagged);
}

/**
 * @param {Walk} walk @param {ChangeKind} kind @param {string} path @param {Classification} classification
 * @param {string} message @param {boolean} [flagged]
 */
function record(walk, kind, path, classification, message, flagged = false) {
  const { owner } = walk;
  /** @type {SpecChange} */
  const change = owner.operation
    ? { kind, operation: owner.operation, location: locate(walk.prefix, path, ' '), classification, message }
    : {
        kind,
        schema: SCHEMA_REF_PREFIX + owner.schema?.name,
        side: owner.schema?.side,
        location: locate(walk.prefix, path, '.'),
        classification,
        message,
      };
  if (owner.schema && owner.schema.previous !== owner.schema.name) {
    change.previousSchema = SCHEMA_REF_PREFIX + owner.schema.previous;
  }
  if (flagged) change.flagged = true;
  owner.changes.push(change);
}

/** @param {string} prefix @param {string} path @param {string} separator */
function locate(prefix, path, separator) {
  if (!path) return prefix;
  return /^[[(]/.test(path) ? prefix + path : prefix + separator + path;
}

/** @param {Owner} owner @param {Side} side @param {string} prefix @returns {Walk} */
function walkFor(owner, side, prefix) {
  return { owner, side, prefix, stack: new Set(), depth: 0 };
}

/** @typedef {{ method: string, path: string, operation: Record<string, any>, item: Record<string, any> }} OperationRef */

/**
 * Operations keyed by method and path template with parameter names erased, so that renaming a path
 * parameter reads as a parameter change, not as one operation removed and another added.
 * @param {OpenApiDocument} document @returns {Map<string, OperationRef>}
 */
function operationsByTemplate(document) {
  /** @type {Map<string, OperationRef>} */
  const operations = new Map();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation || typeof operation !== 'object') continue;
      operations.set(`${path.replace(/\{[^}]*\}/g, '{}')} ${method}`, { method, path, operation, item });
    }
  }
  return operations;
}

/** @param {string} a @param {string} b */
function compareOperationKeys(a, b) {
  const [pathA = '', methodA = ''] = a.split(' ');
  const [pathB = '', methodB = ''] = b.split(' ');
  return (
    pathA.localeCompare(pathB) ||
    HTTP_METHODS.indexOf(/** @type {any} */ (methodA)) - HTTP_METHODS.indexOf(/** @type {any} */ (methodB))
  );
}

/** @param {OperationRef} ref */
function operationLabel(ref) {
  return `${ref.method.toUpperCase()} ${ref.path}`;
}

/**
 * Shared comparisons are keyed by schema name(s) then side, so that a schema's two sides sort together.
 * Schema names may contain spaces ("Comment Include"), hence the tab.
 * @param {Side} side @param {string} before @param {string} after
 */
function sharedKey(side, before, after) {
  return before === after ? `${after}\t${side}` : `${after}\t${before}\t${side}`;
}

/** @param {string} path */
function pathParameterNames(path) {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
}

/**
 * Path-item and operation parameters (the operation's win), keyed by "in name"; header names are
 * case-insensitive (RFC 9110 §5.1).
 * @param {OpenApiDocument} document @param {OperationRef} ref @returns {Map<string, Record<string, any>>}
 */
function parameters(document, ref) {
  /** @type {Map<string, Record<string, any>>} */
  const byKey = new Map();
  for (const raw of [...(ref.item.parameters ?? []), ...(ref.operation.parameters ?? [])]) {
    const param = deref(document, raw);
    if (!param || typeof param.name !== 'string') continue;
    const name = param.in === 'header' ? param.name.toLowerCase() : param.name;
    byKey.set(`${param.in} ${name}`, param);
  }
  return byKey;
}

/** @param {string} status */
function isSuccess(status) {
  return /^2(\d\d|XX)$/i.test(status);
}

/**
 * A node as `{ ref, nullable }` when it is a `$ref`, or the OpenAPI 3.0 idiom for a nullable reference
 * (`{ allOf: [{ $ref }], nullable: true }`); else `{}`.
 * @param {unknown} node @returns {{ ref?: string, nullable?: boolean }}
 */
function unwrapRef(node) {
  if (!isSchema(node)) return {};
  if (typeof node.$ref === 'string') return { ref: node.$ref };
  const only = Array.isArray(node.allOf) && node.allOf.length === 1 ? node.allOf[0] : undefined;
  const structural = ['properties', 'items', 'oneOf', 'anyOf', 'enum', 'additionalProperties', 'required'];
  if (isSchema(only) && typeof only.$ref === 'string' && !structural.some((k) => k in node)) {
    return { ref: only.$ref, nullable: node.nullable === true ? true : undefined };
  }
  return {};
}

/**
 * Resolves a local `$ref` (`#/components/...`), following chains; other references (files, URLs) are not
 * used by the Frame.io specs and resolve to undefined.
 * @param {OpenApiDocument} document @param {unknown} node @returns {Record<string, any> | undefined}
 */
function deref(document, node) {
  let current = node;
  const seen = new Set();
  while (isSchema(current) && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) return undefined;
    seen.add(current.$ref);
    current = resolvePointer(document, current.$ref);
  }
  return isSchema(current) ? current : undefined;
}

/** JSON pointer (RFC 6901) lookup of a local reference. @param {OpenApiDocument} document @param {string | undefined} ref */
function resolvePointer(document, ref) {
  if (!ref?.startsWith('#/')) return undefined;
  /** @type {any} */
  let node = document;
  for (const token of ref.slice(2).split('/')) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * The schema with its `$ref` resolved and its `allOf` merged into one object: properties and `required`
 * are united, the first `type`, `items` and variants win, and the outer schema's own keywords win over its
 * members' (so `{ allOf: [{ $ref }], nullable: true }` is the referenced schema, nullable).
 * Flattening inlines the members' own changes into each schema that extends them; that is what a client of
 * the extending schema sees.
 * @param {OpenApiDocument} document @param {unknown} node @param {Set<string>} [seen]
 * @returns {SchemaObject}
 */
function flatten(document, node, seen = new Set()) {
  let schema = node;
  while (isSchema(schema) && typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return {};
    seen = new Set(seen).add(schema.$ref);
    schema = resolvePointer(document, schema.$ref);
  }
  if (!isSchema(schema)) return {};
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  /** @type {SchemaObject} */
  const merged = {};
  for (const member of [...allOf.map((m) => flatten(document, m, seen)), own]) {
    for (const [key, value] of Object.entries(member)) {
      if (key === 'properties') merged.properties = { ...merged.properties, ...value };
      else if (key === 'required') merged.required = [...new Set([...(merged.required ?? []), ...value])];
      else if (key === 'type' || key === 'items' || key === 'oneOf' || key === 'anyOf') merged[key] ??= value;
      else merged[key] = value;
    }
  }
  return merged;
}

/** @param {SchemaObject} schema */
function typeOf(schema) {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return [...schema.type].sort().join(' | ');
  if (schema.properties || isSchema(schema.additionalProperties)) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/** "string", "one of string | integer", "one of File | Folder". @param {OpenApiDocument} document @param {SchemaObject} schema */
function describeType(document, schema) {
  const variants = variantsOf(schema);
  if (!variants) return typeOf(schema) ?? 'any value';
  const names = [...labelVariants(variants)].map(([label, variant]) =>
    label.startsWith('variant ') ? (typeOf(flatten(document, variant)) ?? 'any value') : label,
  );
  return `one of ${names.join(' | ')}`;
}

/** @param {SchemaObject} schema @returns {unknown[] | undefined} */
function variantsOf(schema) {
  const variants = schema.oneOf ?? schema.anyOf;
  return Array.isArray(variants) ? variants : undefined;
}

/** @param {SchemaObject} schema */
function isAny(schema) {
  return typeOf(schema) === undefined && !variantsOf(schema) && !Array.isArray(schema.enum);
}

/** @param {unknown[]} variants @returns {Map<string, unknown>} */
function labelVariants(variants) {
  const labels = new Map();
  let inline = 0;
  for (const variant of variants) {
    const { ref } = unwrapRef(variant);
    if (ref)
      labels.set(ref.startsWith(SCHEMA_REF_PREFIX) ? ref.slice(SCHEMA_REF_PREFIX.length) : ref, variant);
    else labels.set(`variant ${++inline}`, variant);
  }
  return labels;
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isSchema(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Enum values for a message, at most `shown` of them. @param {unknown[]} values @param {number} [shown] */
function list(values, shown = 6) {
  const named = values.slice(0, shown).map((v) => JSON.stringify(v));
  return values.length > shown ? `${named.join(', ')} and ${values.length - shown} more` : named.join(', ');
}

/**
 * @typedef {{ source: string, sha256: string, operations?: number }} SpecLabel what the report says about
 *   each spec
 */

/** How many operations using a shared schema the Markdown report names before "and N more". */
const USED_BY_SHOWN = 5;

/**
 * The summary line: "N breaking, M non-breaking (K flagged)".
 * @param {SpecDiff} diff
 */
export function summaryLine(diff) {
  const { breaking, nonBreaking, flagged } = diff.summary;
  return `${breaking} breaking, ${nonBreaking} non-breaking (${flagged} flagged)`;
}

/**
 * The human-readable report: the summary line, then the sections Breaking, Flagged and Non-breaking (flagged
 * changes are non-breaking, and listed only under Flagged), each grouped by operation, then by shared
 * schema with the operations that use it.
 * @param {SpecDiff} diff @param {{ old?: SpecLabel, new?: SpecLabel }} [labels]
 */
export function renderDiffMarkdown(diff, labels = {}) {
  const lines = ['# Frame.io V4 spec diff', ''];
  if (labels.old && labels.new) {
    lines.push(`From ${describeSpec(labels.old)} to ${describeSpec(labels.new)}.`, '');
  }
  lines.push(`**${summaryLine(diff)}**; release: ${diff.bump}.`, '');
  if (!diff.changes.length) {
    lines.push('No changes: both specs have the same operations, parameters, request bodies and responses.');
    return `${lines.join('\n')}\n`;
  }
  const sections = [
    { title: 'Breaking', changes: diff.changes.filter((c) => c.classification === 'breaking') },
    { title: 'Flagged', changes: diff.changes.filter((c) => c.flagged) },
    {
      title: 'Non-breaking',
      changes: diff.changes.filter((c) => c.classification === 'non-breaking' && !c.flagged),
    },
  ];
  for (const section of sections) {
    if (!section.changes.length) continue;
    lines.push(`## ${section.title} (${section.changes.length})`, '');
    const whole = section.changes.filter(
      (c) => c.kind === 'operation-added' || c.kind === 'operation-removed',
    );
    if (whole.length) {
      lines.push('### Operations', '');
      for (const change of whole) lines.push(`- \`${change.operation}\`: ${change.message}`);
      lines.push('');
    }
    for (const [heading, group] of groupChanges(section.changes.filter((c) => !whole.includes(c)))) {
      lines.push(`### ${heading}`, '');
      const usedBy = group[0]?.usedBy;
      if (usedBy) lines.push(`Used by ${usedByText(usedBy, USED_BY_SHOWN)}.`, '');
      for (const change of group) lines.push(`- ${change.location}: ${change.message}`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * Changes grouped under a heading: the operation, or the shared schema and side.
 * @param {SpecChange[]} changes @returns {Map<string, SpecChange[]>}
 */
function groupChanges(changes) {
  /** @type {Map<string, SpecChange[]>} */
  const groups = new Map();
  for (const change of changes) {
    const heading = change.operation ? `\`${change.operation}\`` : schemaHeading(change);
    groups.set(heading, [...(groups.get(heading) ?? []), change]);
  }
  return groups;
}

/** "Schema `Unauthorized` (replacing `AuthErrorResponse`), in responses". @param {SpecChange} change */
function schemaHeading(change) {
  const name = (change.schema ?? '').slice(SCHEMA_REF_PREFIX.length);
  const previous = change.previousSchema?.slice(SCHEMA_REF_PREFIX.length);
  const side = change.side === 'request' ? 'in requests' : 'in responses';
  return `Schema \`${name}\`${previous ? ` (replacing \`${previous}\`)` : ''}, ${side}`;
}

/** "3 operations: `GET …`, `PATCH …` and 1 more". @param {string[]} operations @param {number} shown */
function usedByText(operations, shown) {
  const count = `${operations.length} operation${operations.length === 1 ? '' : 's'}`;
  const named = operations.slice(0, shown).map((op) => `\`${op}\``);
  const rest = operations.length - named.length;
  return `${count}: ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/** @param {SpecLabel} spec */
function describeSpec(spec) {
  const operations = spec.operations === undefined ? '' : `, ${spec.operations} operations`;
  return `\`${spec.source}\` (sha256 ${spec.sha256.slice(0, 12)}${operations})`;
}
