// @ts-check
/**
 * The changeset `frameio-spec update` writes for a spec change: front matter naming the package and its bump,
 * then release notes (format: https://github.com/changesets/changesets/blob/main/docs/adding-a-changeset.md).
 * The notes end up in the package's CHANGELOG, so they stay short: the summary, then at most
 * `CHANGESET_CHANGE_LINES` changes, breaking first; `pnpm spec:diff` prints the full report.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { summaryLine } from './diff.js';

/** How many changes the notes list before "and N more". */
export const CHANGESET_CHANGE_LINES = 40;
/** Longer change lines are cut: a CHANGELOG entry is no place for a 60-value enum. */
const MAX_LINE_LENGTH = 240;

/**
 * The bump a spec update calls for: the diff's (major for breaking, minor for additions), patch for a spec
 * whose bytes changed without a client-visible change, and minor when there was no previous spec to diff
 * (the update may add anything; a maintainer who knows it breaks clients edits the changeset to major).
 * @param {import('./diff.js').SpecDiff | undefined} diff
 * @returns {'major' | 'minor' | 'patch'}
 */
export function changesetBump(diff) {
  if (!diff) return 'minor';
  return diff.bump === 'none' ? 'patch' : diff.bump;
}

/**
 * The release notes for a spec update.
 * @param {{ spec: { sha256: string, document: Record<string, any> }, operations: number,
 *   diff?: import('./diff.js').SpecDiff, previous?: { sha256: string }, maxChanges?: number }} options
 */
export function changesetSummary({ spec, operations, diff, previous, maxChanges = CHANGESET_CHANGE_LINES }) {
  const version = spec.document.info?.version ? `info.version ${spec.document.info.version}, ` : '';
  const updated = `Frame.io V4 spec updated to sha256 ${spec.sha256.slice(0, 12)} (${version}${operations} operations)`;
  if (!diff || !previous) return `${updated} (no previous spec available to diff).\n`;
  const since = `since sha256 ${previous.sha256.slice(0, 12)}`;
  if (!diff.changes.length) {
    return `${updated}: no operation or schema changes for clients ${since} (descriptions, examples or other details only).\n`;
  }
  const lines = [`${updated}: ${summaryLine(diff)} ${since}.`];
  const sections = [
    { title: 'Breaking', changes: diff.changes.filter((c) => c.classification === 'breaking') },
    {
      title: 'Flagged (non-breaking, but may break some code)',
      changes: diff.changes.filter((c) => c.flagged),
    },
    {
      title: 'Non-breaking',
      changes: diff.changes.filter((c) => c.classification === 'non-breaking' && !c.flagged),
    },
  ];
  let budget = maxChanges;
  for (const section of sections) {
    if (!section.changes.length || budget <= 0) continue;
    lines.push('', `${section.title}:`);
    for (const change of section.changes.slice(0, budget)) lines.push(changeLine(change));
    budget -= section.changes.length;
  }
  const omitted = diff.changes.length - maxChanges;
  if (omitted > 0) lines.push('', `…and ${omitted} more changes: \`pnpm spec:diff\` lists them all.`);
  return `${lines.join('\n')}\n`;
}

/** One change as a Markdown list item. @param {import('./diff.js').SpecChange} change */
function changeLine(change) {
  let line;
  if (change.operation) {
    const where = change.location === 'operation' ? '' : ` ${change.location}`;
    line = `- \`${change.operation}\`${where}: ${change.message}`;
  } else {
    const users = change.usedBy?.length ?? 0;
    const side = change.side === 'request' ? 'requests' : 'responses';
    line = `- \`${change.location}\` (in ${side} of ${users} operation${users === 1 ? '' : 's'}): ${change.message}`;
  }
  return line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH - 1)}…` : line;
}

/**
 * A changeset file's text.
 * @param {{ packageName: string, bump: 'major' | 'minor' | 'patch', summary: string }} options
 */
export function renderChangeset({ packageName, bump, summary }) {
  return `---\n${JSON.stringify(packageName)}: ${bump}\n---\n\n${summary.trimEnd()}\n`;
}

/**
 * Writes `<dir>/spec-<sha12>.md`, one per spec: re-running an update for the same spec rewrites it.
 * @param {{ dir: string, sha256: string, text: string }} options @returns {Promise<string>} the file's path
 */
export async function writeChangeset({ dir, sha256, text }) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `spec-${sha256.slice(0, 12)}.md`);
  await writeFile(path, text);
  return path;
}
