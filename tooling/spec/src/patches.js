// @ts-check
/**
 * Fixes for defects in the published Frame.io V4 spec, applied to the parsed document before generation.
 *
 * Rules for adding one:
 * - `fixes` says what is wrong in the published spec and what breaks because of it;
 * - `appliesTo` selects the spec versions that have the defect (by `info.version`), so a patch never touches
 *   a spec it was not written for;
 * - `apply` changes the document in place and returns how many places it fixed. A selected patch that finds
 *   nothing to fix throws: the defect is gone (or moved), and the patch must be reviewed and removed.
 */

/** @typedef {Record<string, any>} OpenApiDocument */
/**
 * @typedef {{ id: string, fixes: string, appliesTo: (document: OpenApiDocument) => boolean,
 *   apply: (document: OpenApiDocument) => number }} SpecPatch
 */

/** A patch selected for a spec found nothing to fix: it must be reviewed and removed. */
export class StalePatchError extends Error {
  /** @param {SpecPatch} patch @param {string} detail */
  constructor(patch, detail) {
    super(
      `Spec patch "${patch.id}" no longer applies: ${detail}. It fixes: ${patch.fixes} ` +
        'If Frame.io fixed the spec, remove the patch from tooling/spec/src/patches.js; otherwise update it.',
    );
    this.name = 'StalePatchError';
    this.patchId = patch.id;
  }
}

const SCHEMA_REF_PREFIX = '#/components/schemas/';

/** @type {SpecPatch} */
const discriminatorMappingsAsRefs = {
  id: 'discriminator-mapping-refs',
  fixes:
    'The 2024 "Developer API" specs (info.version 0.0) give discriminator mappings as bare schema names ' +
    '("file": "File") where openapi-typescript expects $refs ("#/components/schemas/File"); it cannot resolve ' +
    'them and aborts generation ("Can\'t resolve $ref at #/components/schemas/Asset/discriminator/mapping/file").',
  appliesTo: (document) => document.info?.version === '0.0',
  apply(document) {
    const schemas = document.components?.schemas ?? {};
    let fixed = 0;
    visit(document, (node, pointer) => {
      const mapping = node.discriminator?.mapping;
      if (!mapping || typeof mapping !== 'object') return;
      for (const [value, target] of Object.entries(mapping)) {
        if (typeof target !== 'string' || target.startsWith('#') || target.includes('/')) continue;
        if (!(target in schemas)) {
          throw new Error(
            `Spec patch "discriminator-mapping-refs": ${pointer}/discriminator/mapping/${value} names schema ` +
              `"${target}", which the spec does not define; the patch cannot guess the intended schema.`,
          );
        }
        mapping[value] = SCHEMA_REF_PREFIX + target;
        fixed++;
      }
    });
    return fixed;
  },
};

/** The committed list, applied in order. */
export const specPatches = [discriminatorMappingsAsRefs];

/**
 * Applies every patch selected for this spec to a copy of it.
 * @param {OpenApiDocument} document
 * @param {SpecPatch[]} [patches]
 * @returns {{ document: OpenApiDocument, applied: { id: string, fixed: number }[] }}
 */
export function applySpecPatches(document, patches = specPatches) {
  const copy = structuredClone(document);
  const applied = [];
  for (const patch of patches) {
    if (!patch.appliesTo(copy)) continue;
    const fixed = patch.apply(copy);
    if (fixed === 0) throw new StalePatchError(patch, 'the spec it is selected for no longer has the defect');
    applied.push({ id: patch.id, fixed });
  }
  return { document: copy, applied };
}

/**
 * Depth-first walk over every object of the document, with its JSON pointer.
 * @param {unknown} node @param {(node: Record<string, any>, pointer: string) => void} onObject
 * @param {string} [pointer]
 */
function visit(node, onObject, pointer = '#') {
  if (Array.isArray(node)) {
    node.forEach((child, index) => {
      visit(child, onObject, `${pointer}/${index}`);
    });
  } else if (node && typeof node === 'object') {
    onObject(/** @type {Record<string, any>} */ (node), pointer);
    for (const [key, child] of Object.entries(node))
      visit(child, onObject, `${pointer}/${escapePointer(key)}`);
  }
}

/** @param {string} key */
function escapePointer(key) {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
