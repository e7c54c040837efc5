import { spec } from '../generated/spec.js';
import type { SpecDocument, SpecOperationDetails, SpecOperationEntry } from './types.js';

/** Title, version and sha256 of the spec the emulator was built from. */
export const specInfo = spec.info;

/** The generated operation index (startup data). */
export const operationEntries: readonly SpecOperationEntry[] = spec.operations;

let document: SpecDocument | undefined;

/** Parameters, bodies, responses and schemas; parsed once, on first use, and shared by every mock. */
export function specDocument(): SpecDocument {
  document ??= JSON.parse(spec.documentJson) as SpecDocument;
  return document;
}

/** The details of an operation, or a `TypeError` naming the operations that exist. */
export function operationDetails(operationId: string): SpecOperationDetails {
  const details = specDocument().operations[operationId];
  if (!details) {
    throw new TypeError(
      `Unknown operationId '${operationId}': the V4 spec (${spec.info.title} ${spec.info.version}) has no such ` +
        'operation. Use an operationId from `specOperations`.',
    );
  }
  return details;
}
