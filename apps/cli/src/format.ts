/** Text formatting shared by the commands: sizes, durations, dates and trees. */

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** `1536` → `1.5 KiB`; binary units so sizes match what file managers on most systems show. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let value = bytes;
  let unit = 'B';
  for (const next of BYTE_UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** Whole seconds as `42s`, `3m 05s` or `1h 02m`. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds}s`;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor(seconds / 60) % 60)}m`;
}

/**
 * An RFC 3339 timestamp from the API as `2026-03-01 14:05 UTC`: UTC, so the output is the same on every
 * machine and in every locale; an unparsable value is shown as given.
 */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return '–';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A node of a tree printed by {@link renderTree}. */
export interface TreeNode {
  /** The text of the node's line. */
  readonly label: string;
  /** Its children, printed below it, indented. */
  readonly children?: readonly TreeNode[];
}

/** Lines of `root` and its descendants, drawn with box-drawing connectors like `tree(1)`. */
export function renderTree(root: TreeNode): string[] {
  const lines = [root.label];
  appendChildren(lines, root.children ?? [], '');
  return lines;
}

function appendChildren(lines: string[], children: readonly TreeNode[], prefix: string): void {
  children.forEach((child, index) => {
    const last = index === children.length - 1;
    // A multi-line label keeps its continuation lines under the first one.
    const [first = '', ...rest] = child.label.split('\n');
    lines.push(`${prefix}${last ? '└── ' : '├── '}${first}`);
    const childPrefix = `${prefix}${last ? '    ' : '│   '}`;
    for (const line of rest) lines.push(`${childPrefix}${line}`);
    appendChildren(lines, child.children ?? [], childPrefix);
  });
}
