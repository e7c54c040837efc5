import { formatBytes, formatDuration } from './format.js';

/** Where a {@link ProgressBar} draws: stderr, or a fake in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  /** A terminal gets one line redrawn in place; anything else gets plain lines now and then. */
  readonly isTTY?: boolean;
  /** Terminal width, to size the bar. */
  readonly columns?: number;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  readonly stream: ProgressStream;
  /** What is being transferred, e.g. the file name. */
  readonly label: string;
  /** Clock in epoch ms (tests inject one). Default `Date.now`. */
  readonly now?: () => number;
  /** Least time between two redraws on a terminal. Default 100 ms (a steady 10 fps, cheap to draw). */
  readonly ttyIntervalMs?: number;
  /** Least time between two lines elsewhere (CI logs, pipes). Default 5 s, so logs stay short. */
  readonly plainIntervalMs?: number;
}

/** A snapshot of a transfer, as the bar shows it. */
export interface ProgressSnapshot {
  readonly bytesSent: number;
  readonly totalBytes: number;
  /** Milliseconds since the transfer started. */
  readonly elapsedMs: number;
}

function percentOf({ bytesSent, totalBytes }: ProgressSnapshot): number {
  if (totalBytes <= 0) return 100;
  return Math.min(100, Math.floor((bytesSent / totalBytes) * 100));
}

function rateOf({ bytesSent, elapsedMs }: ProgressSnapshot): number | undefined {
  return elapsedMs > 0 && bytesSent > 0 ? (bytesSent / elapsedMs) * 1000 : undefined;
}

/** `12.0 MiB / 48.0 MiB  3.1 MiB/s  ETA 12s` (throughput and ETA once there is something to measure). */
function figures(snapshot: ProgressSnapshot): string {
  const rate = rateOf(snapshot);
  const parts = [`${formatBytes(snapshot.bytesSent)} / ${formatBytes(snapshot.totalBytes)}`];
  if (rate !== undefined) {
    parts.push(`${formatBytes(rate)}/s`);
    const remaining = snapshot.totalBytes - snapshot.bytesSent;
    if (remaining > 0) parts.push(`ETA ${formatDuration(remaining / rate)}`);
  }
  return parts.join('  ');
}

/** Room kept for the figures after the bar (`100%  1.2 GiB / 4.0 GiB  98.1 MiB/s  ETA 31s`). */
const FIGURES_WIDTH = 50;
/** Longest label shown on a terminal; longer names are shortened with an ellipsis. */
const MAX_LABEL = 24;

/**
 * Width of the bar for a terminal of `columns` columns: fixed for the whole transfer so the line does not
 * jitter as the figures change length; 0 (no bar) on a narrow terminal.
 */
export function barWidthFor(label: string, columns: number): number {
  const width = Math.min(30, columns - 1 - Math.min(label.length, MAX_LABEL) - 6 - FIGURES_WIDTH);
  return width >= 8 ? width : 0;
}

/** The line drawn on a terminal: `label  [#####-----]  42%  figures`, cut to `columns - 1`. */
export function terminalLine(
  label: string,
  snapshot: ProgressSnapshot,
  barWidth: number,
  columns: number,
): string {
  const percent = percentOf(snapshot);
  const name = label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
  const filled = Math.round((percent / 100) * barWidth);
  const bar = barWidth > 0 ? `  [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]` : '';
  // Never the last column: some terminals wrap there, which breaks redrawing in place.
  return `${name}${bar}  ${String(percent).padStart(3)}%  ${figures(snapshot)}`.slice(0, columns - 1);
}

/** A line for logs: `label: 42% (12.0 MiB / 48.0 MiB  3.1 MiB/s  ETA 12s)`. */
export function plainLine(label: string, snapshot: ProgressSnapshot): string {
  return `${label}: ${percentOf(snapshot)}% (${figures(snapshot)})`;
}

/**
 * A progress bar on stderr that fits where it writes: on a terminal, one line redrawn in place (carriage
 * return and "erase line", ECMA-48 EL) at most every `ttyIntervalMs`; elsewhere, a plain line at the start,
 * at most one every `plainIntervalMs`, and one at the end, so logs stay readable.
 */
export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #label: string;
  readonly #now: () => number;
  readonly #interval: number;
  readonly #tty: boolean;
  readonly #startedAt: number;
  #lastDrawAt: number | undefined;
  #lastDrawnBytes: number | undefined;
  #last: { bytesSent: number; totalBytes: number } = { bytesSent: 0, totalBytes: 0 };
  #open = false;
  #finished = false;
  #barWidth: number | undefined;

  constructor(options: ProgressBarOptions) {
    this.#stream = options.stream;
    this.#label = options.label;
    this.#now = options.now ?? Date.now;
    this.#tty = options.stream.isTTY === true;
    this.#interval = this.#tty ? (options.ttyIntervalMs ?? 100) : (options.plainIntervalMs ?? 5000);
    this.#startedAt = this.#now();
  }

  /** Records progress; draws when the interval has passed (always the first time). */
  update(bytesSent: number, totalBytes: number): void {
    if (this.#finished) return;
    this.#last = { bytesSent, totalBytes };
    const now = this.#now();
    if (this.#lastDrawAt !== undefined && now - this.#lastDrawAt < this.#interval) return;
    this.#draw(now);
  }

  /** Draws the final state (unless it is already on screen) and ends the line. */
  finish(): void {
    if (this.#finished) return;
    if (this.#lastDrawnBytes !== this.#last.bytesSent) this.#draw(this.#now());
    this.#end();
  }

  /** Ends the line without drawing, so an error message starts on a line of its own. */
  stop(): void {
    if (this.#finished) return;
    this.#end();
  }

  #end(): void {
    this.#finished = true;
    if (this.#tty && this.#open) this.#stream.write('\n');
    this.#open = false;
  }

  #draw(now: number): void {
    this.#lastDrawAt = now;
    this.#lastDrawnBytes = this.#last.bytesSent;
    const snapshot = { ...this.#last, elapsedMs: now - this.#startedAt };
    if (this.#tty) {
      const columns = this.#stream.columns && this.#stream.columns > 20 ? this.#stream.columns : 80;
      this.#barWidth ??= barWidthFor(this.#label, columns);
      this.#stream.write(`\r\x1b[2K${terminalLine(this.#label, snapshot, this.#barWidth, columns)}`);
      this.#open = true;
    } else {
      this.#stream.write(`${plainLine(this.#label, snapshot)}\n`);
    }
  }
}
