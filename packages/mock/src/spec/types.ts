/**
 * Shapes of the spec data that `scripts/generate-spec.mjs` writes to `src/generated/spec.ts` (gitignored:
 * derived from the third-party spec). Kept loose on purpose: schemas stay plain JSON, so the generated file
 * type-checks fast and the emitted `.d.ts` stays small.
 */

/** An OpenAPI 3.0 Schema Object from the spec, as plain JSON (descriptions and vendor extensions removed). */
export type OpenApiSchema = { readonly [keyword: string]: unknown };

/** HTTP methods of spec operations, upper-case like `ApiRoute.method`. */
export type SpecHttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

/** One operation of the spec, as listed in the generated index. */
export interface SpecOperationEntry {
  /** The spec's `operationId` (or `METHOD path` when the spec has none). */
  readonly operationId: string;
  readonly method: SpecHttpMethod;
  /** The spec's path template, `{param}` style: `/v4/accounts/{account_id}/projects`. */
  readonly path: string;
}

/** A parameter of an operation (`$ref`s to `#/components/parameters` already resolved). */
export interface SpecParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: OpenApiSchema;
  readonly style?: string;
  readonly explode?: boolean;
}

/** The JSON request body of an operation. */
export interface SpecRequestBody {
  readonly required: boolean;
  readonly mediaType: string;
  readonly schema: OpenApiSchema | undefined;
}

/** A declared response: its media type and schema, when it has a body. */
export interface SpecResponse {
  readonly mediaType: string | undefined;
  readonly schema: OpenApiSchema | undefined;
}

/** What the validators need about one operation. */
export interface SpecOperationDetails {
  readonly parameters: readonly SpecParameter[];
  readonly requestBody: SpecRequestBody | undefined;
  /** By status code as the spec writes it (`'200'`, `'4XX'`, `'default'`). */
  readonly responses: { readonly [status: string]: SpecResponse };
}

/** The lazily parsed part of the generated spec data. */
export interface SpecDocument {
  readonly operations: { readonly [operationId: string]: SpecOperationDetails };
  /** `#/components/schemas`, by name. */
  readonly schemas: { readonly [name: string]: OpenApiSchema };
}

/** The module `src/generated/spec.ts` exports as `spec`. */
export interface GeneratedSpec {
  readonly info: { readonly title: string; readonly version: string; readonly sha256: string };
  /** Every operation, sorted by path then method. Read at startup to register routes. */
  readonly operations: readonly SpecOperationEntry[];
  /**
   * {@link SpecDocument} as JSON text. Parsed on the first validation, not at import: `JSON.parse` of a string
   * is faster than evaluating the same object literal, and a mock that never validates never pays for it.
   */
  readonly documentJson: string;
}
