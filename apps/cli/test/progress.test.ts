// The progress bar without HTTP: a fake stream and an injected clock stand in for stderr and time.
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../src/progress.js';

function fakeStream(isTTY: boolean, columns = 100) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (text: string) => writes.push(text) } };
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const MiB = 1024 * 1024;

describe('ProgressBar on a terminal', () => {
  it('redraws one line in place, at most every 100 ms, and ends it on finish', () => {
    const { writes, stream } = fakeStream(true);
    const time = clock();
    const bar = new ProgressBar({ stream, label: 'clip.mov', now: time.now });

    bar.update(0, 10 * MiB);
    time.advance(50);
    bar.update(1 * MiB, 10 * MiB); // within 100 ms of the last draw: skipped
    time.advance(950);
    bar.update(5 * MiB, 10 * MiB);
    time.advance(1000);
    bar.update(10 * MiB, 10 * MiB);
    bar.finish();

    expect(writes).toHaveLength(4); // three draws and the final newline
    for (const draw of writes.slice(0, 3)) {
      expect(draw.startsWith('\r\x1b[2K')).toBe(true);
      expect(draw).not.toContain('\n');
      expect(draw.length).toBeLessThan(100);
    }
    expect(writes[1]).toMatch(/clip\.mov {2}\[#+-+\] +50% {2}5\.0 MiB \/ 10\.0 MiB {2}5\.0 MiB\/s {2}ETA 1s/);
    expect(writes[2]).toContain('100%  10.0 MiB / 10.0 MiB  5.0 MiB/s');
    expect(writes[3]).toBe('\n');
  });

  it('keeps the bar the same width while the figures change length', () => {
    const { writes, stream } = fakeStream(true, 80);
    const time = clock();
    const bar = new ProgressBar({ stream, label: 'a-rather-long-file-name-take-01.mov', now: time.now });

    for (const sent of [0, 1, 512 * 1024, 900 * MiB, 1000 * MiB]) {
      time.advance(200);
      bar.update(sent, 1000 * MiB);
    }

    const widths = writes.map((line) => /\[([#-]*)\]/.exec(line)?.[1]?.length);
    expect(new Set(widths).size).toBe(1);
    expect(writes.every((line) => line.length - '\r\x1b[2K'.length <= 79)).toBe(true);
  });

  it('stop() ends the line so an error message starts on its own line', () => {
    const { writes, stream } = fakeStream(true);
    const bar = new ProgressBar({ stream, label: 'x', now: clock().now });

    bar.update(10, 100);
    bar.stop();
    bar.update(20, 100);

    expect(writes.at(-1)).toBe('\n');
    expect(writes).toHaveLength(2);
  });
});

describe('ProgressBar elsewhere (pipes, CI logs)', () => {
  it('prints plain lines: the first at once, then at most one per 5 s, and the final state', () => {
    const { writes, stream } = fakeStream(false);
    const time = clock();
    const bar = new ProgressBar({ stream, label: 'clip.mov', now: time.now });

    bar.update(0, 100 * MiB);
    for (let second = 1; second <= 12; second++) {
      time.advance(1000);
      bar.update(second * 8 * MiB, 100 * MiB);
    }
    bar.finish();

    expect(
      writes.every((line) => line.endsWith('\n') && !line.includes('\r') && !line.includes('\x1b')),
    ).toBe(true);
    expect(writes.map((line) => /: (\d+)%/.exec(line)?.[1])).toEqual(['0', '40', '80', '96']);
    expect(writes.at(-1)).toBe('clip.mov: 96% (96.0 MiB / 100.0 MiB  8.0 MiB/s  ETA 1s)\n');
  });

  it('does not repeat the last line on finish when nothing changed', () => {
    const { writes, stream } = fakeStream(false);
    const bar = new ProgressBar({ stream, label: 'tiny.txt', now: clock().now });

    bar.update(10, 10);
    bar.finish();

    expect(writes).toEqual(['tiny.txt: 100% (10 B / 10 B)\n']);
  });
});
