// Text formatting used by every command's output (no HTTP involved).
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatTimestamp, renderTree } from '../src/format.js';

describe('renderTree', () => {
  it('draws nested children with tree(1)-style connectors', () => {
    const lines = renderTree({
      label: 'root',
      children: [
        { label: 'a', children: [{ label: 'a1' }, { label: 'a2' }] },
        { label: 'b', children: [{ label: 'b1' }] },
      ],
    });

    expect(lines).toEqual(['root', '├── a', '│   ├── a1', '│   └── a2', '└── b', '    └── b1']);
  });
});

describe('formatBytes / formatDuration / formatTimestamp', () => {
  it('formats sizes in binary units, durations compactly, and times in UTC', () => {
    expect([0, 1023, 1024, 1536, 5 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '5.0 GiB',
    ]);
    expect([0, 59.6, 61, 3725].map(formatDuration)).toEqual(['0s', '1m 00s', '1m 01s', '1h 02m']);
    expect(formatTimestamp('2026-03-01T14:05:59.123+02:00')).toBe('2026-03-01 12:05 UTC');
    expect(formatTimestamp('not a date')).toBe('not a date');
  });
});
