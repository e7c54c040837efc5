import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

/** The app's folder (where index.html and vite.config.ts live). */
export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs the app's real `vite build` (its vite.config.ts) into `outDir`. `env` becomes `import.meta.env.*`
 * through `define`, the way Vite itself inlines `VITE_*` variables.
 */
export async function buildApp(outDir: string, env: Record<string, string> = {}): Promise<void> {
  const define = Object.fromEntries(
    Object.entries(env).map(([name, value]) => [`import.meta.env.${name}`, JSON.stringify(value)]),
  );
  const config: InlineConfig = {
    root: APP_DIR,
    configFile: join(APP_DIR, 'vite.config.ts'),
    logLevel: 'silent',
    define,
    build: { outDir, emptyOutDir: true },
  };
  await build(config);
}

/** Every file under `dir`, recursively, as absolute paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * A minimal static server for the built app on 127.0.0.1 (ephemeral port), with the SPA fallback every host
 * needs: a path that is not a file (`/callback`, `/?project=…`) gets index.html.
 */
export async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const rootDir = resolve(dir);
  const server: Server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const candidate = normalize(join(rootDir, pathname));
    let file = join(rootDir, 'index.html');
    if (candidate.startsWith(rootDir + sep)) {
      const info = await stat(candidate).catch(() => undefined);
      if (info?.isFile()) file = candidate;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
