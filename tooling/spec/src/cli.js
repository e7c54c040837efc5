#!/usr/bin/env node
// @ts-check
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cachedSpec, pullSpec, workspaceRoot } from './cache.js';
import { diffSpecs, renderDiffMarkdown } from './diff.js';
import { generateClient } from './generate.js';
import { listOperations } from './inventory.js';
import { lockDriftWarning, readLock } from './lock.js';
import { resolveSpec } from './resolve.js';
import { updateSpec } from './update.js';

const USAGE = `Usage: frameio-spec <command> [options]

Commands:
  pull                     resolve the spec and cache it in .spec-cache/ (run before turbo)
  generate --package DIR   generate the typed client of DIR from the spec; warns when it is not the locked one
  diff OLD [NEW]           what changed between two specs, each change breaking or non-breaking for clients
                           (NEW defaults to --from); Markdown, or JSON with --json
  update --package DIR     move DIR to the spec: diff it against the locked one, regenerate, type-check, record
                           it in DIR/spec.lock.json and write a changeset whose bump follows the diff

Options:
  --from SOURCE            a spec path or http(s) URL (default: $FRAMEIO_OPENAPI_SPEC, else the published spec)
  --old SOURCE             update: the locked spec to diff against (default: .spec-cache/openapi.json or the
                           lock's source, when their sha256 is the lock's)
  --json                   diff: print { summary, bump, changes } as JSON
  --fail-on-breaking       diff: exit with status 1 when any change is breaking

The spec is resolved from --from, else FRAMEIO_OPENAPI_SPEC (a file path or URL), else
https://api.frame.io/v4/openapi.json. Relative paths are resolved from the workspace root. The lock records
only the locked spec's sha256, not the spec: diff needs the old spec as a file or URL.`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      package: { type: 'string' },
      from: { type: 'string' },
      old: { type: 'string' },
      json: { type: 'boolean' },
      'fail-on-breaking': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const root = workspaceRoot();
  const source = values.from;
  switch (command) {
    case 'pull': {
      const spec = await pullSpec({ root, source });
      console.log(`spec: ${spec.source} (sha256 ${spec.sha256.slice(0, 12)})`);
      return;
    }
    case 'generate': {
      if (!values.package) throw new UsageError('generate needs --package DIR');
      const packageDir = resolve(values.package);
      const lockPath = join(packageDir, 'spec.lock.json');
      const spec = source ? await pullSpec({ root, source }) : await cachedSpec({ root });
      const result = await generateClient({ spec, packageDir });
      const patches = result.applied.map((p) => p.id).join(', ') || 'none';
      console.log(`generated ${result.operations} operations from ${spec.source} (patches: ${patches})`);
      const warning = lockDriftWarning(await readLock(lockPath), spec, { lockPath, root });
      if (warning) console.warn(warning);
      return;
    }
    case 'diff': {
      const [, oldSource, newSource, ...extra] = positionals;
      if (!oldSource || extra.length) {
        throw new UsageError(
          'diff needs the old spec and at most one new one: frameio-spec diff OLD [NEW] (NEW defaults to ' +
            "--from, else FRAMEIO_OPENAPI_SPEC). spec.lock.json keeps only the locked spec's sha256, so pass " +
            'the locked spec as a file or URL.',
        );
      }
      if (newSource && source)
        throw new UsageError('diff takes the new spec once: as NEW or as --from, not both');
      const before = await resolveSpec({ source: oldSource, cwd: root });
      const after = await resolveSpec({ source: newSource ?? source, cwd: root });
      const diff = diffSpecs(before.document, after.document);
      /** @param {import('./resolve.js').ResolvedSpec} spec */
      const label = (spec) => ({
        source: spec.source,
        sha256: spec.sha256,
        operations: listOperations(spec.document).length,
      });
      if (values.json) {
        console.log(JSON.stringify({ old: label(before), new: label(after), ...diff }, null, 2));
      } else {
        process.stdout.write(renderDiffMarkdown(diff, { old: label(before), new: label(after) }));
      }
      if (values['fail-on-breaking'] && diff.summary.breaking > 0) {
        console.error(
          `frameio-spec: ${diff.summary.breaking} breaking change(s) (--fail-on-breaking). Release them as a ` +
            'major version (`pnpm spec:update` writes that changeset), or drop --fail-on-breaking.',
        );
        process.exitCode = 1;
      }
      return;
    }
    case 'update': {
      if (!values.package) throw new UsageError('update needs --package DIR');
      await updateSpec({ root, packageDir: resolve(values.package), source, oldSource: values.old });
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

main().catch((error) => {
  console.error(`frameio-spec: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof UsageError) console.error(`\n${USAGE}`);
  process.exitCode = 1;
});
