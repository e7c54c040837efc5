import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What a package's source reaches from one entry file through its relative imports. */
export interface ImportGraph {
  /** The source files reached, relative to the source folder (`upload/upload-file.ts`), the entry included. */
  seen: Set<string>;
  /**
   * Every other specifier reached (a package, a `node:` module), with the files importing it, in the order
   * found. A file that mentions `node:` anywhere is listed as `<file> mentions a node: module`.
   */
  external: Map<string, string[]>;
}

/** Every module specifier a source file imports or re-exports, as written. */
async function importsOf(srcDir: string, file: string): Promise<string[]> {
  const text = await readFile(join(srcDir, file), 'utf8');
  // Catches side-effect and dynamic imports the pattern below does not.
  if (/['"]node:/.test(text)) return [`${file} mentions a node: module`];
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1] ?? '',
  );
}

/**
 * Walks the TypeScript source in `srcDir` from `entry` (relative to `srcDir`) through relative imports,
 * subfolders and `../` included (`./x.js` is read as `x.ts`), for the browser-entry tests: what a bundler
 * would pull in, read from the source so no build is needed.
 */
export async function walkImports(srcDir: string, entry = 'index.ts'): Promise<ImportGraph> {
  const seen = new Set<string>();
  const external = new Map<string, string[]>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of await importsOf(srcDir, file)) {
      if (specifier.startsWith('.')) {
        queue.push(join(dirname(file), specifier).replace(/\.js$/, '.ts'));
      } else {
        external.set(specifier, [...(external.get(specifier) ?? []), file]);
      }
    }
  }
  return { seen, external };
}
