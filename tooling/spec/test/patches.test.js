// @ts-check
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySpecPatches, StalePatchError, specPatches } from '../src/patches.js';
import { snapshots } from './snapshots.js';

/** @param {string} path */
const load = (path) => JSON.parse(readFileSync(path, 'utf8'));

describe('spec patches', () => {
  it('rewrites the 2024 bare discriminator mappings into $refs, on a copy', () => {
    const original = load(snapshots.early);
    const { document, applied } = applySpecPatches(original);
    expect(applied).toEqual([{ id: 'discriminator-mapping-refs', fixed: 15 }]);
    expect(document.components.schemas.Asset.discriminator.mapping).toEqual({
      file: '#/components/schemas/File',
      folder: '#/components/schemas/Folder',
      version_stack: '#/components/schemas/File',
    });
    expect(original.components.schemas.Asset.discriminator.mapping.file).toBe('File');
  });

  it('leaves the current spec alone: no patch is selected for it', () => {
    const original = load(snapshots.current);
    const { document, applied } = applySpecPatches(original);
    expect(applied).toEqual([]);
    expect(document).toEqual(original);
  });

  it('fails loudly when a selected patch finds nothing to fix', () => {
    const fixedUpstream = applySpecPatches(load(snapshots.early)).document;
    expect(() => applySpecPatches(fixedUpstream)).toThrow(StalePatchError);
    expect(() => applySpecPatches(fixedUpstream)).toThrow(/no longer applies.*remove the patch/s);
  });

  it('refuses to guess when a mapping names a schema that does not exist', () => {
    const broken = load(snapshots.early);
    broken.components.schemas.Asset.discriminator.mapping.file = 'NoSuchSchema';
    expect(() => applySpecPatches(broken)).toThrow(/NoSuchSchema/);
  });

  it('documents what every patch fixes', () => {
    for (const patch of specPatches) expect(patch.fixes.length).toBeGreaterThan(40);
  });
});
