import { describe, expect, it } from 'vitest';
import { parseRateLimit, parseRetryAfter, slotRefillMs } from '../src/rate-limit.js';
import { redactUrl } from '../src/redact-url.js';

// Pure header parsing: the clock is injected, so HTTP-dates are checked without waiting or fake timers.
const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:05 GMT', NOW)).toBe(5000);
    // The obsolete asctime form has no zone and is GMT.
    expect(parseRetryAfter('Sun Nov 22 12:00:07 2026', NOW)).toBe(7000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:59:00 GMT', NOW)).toBe(0);
  });

  it('ignores an absent or malformed value', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
  });
});

describe('parseRateLimit', () => {
  it('reads the three x-ratelimit headers and the slot refill time', () => {
    const headers = new Headers({
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-window': '1000',
    });
    const rateLimit = parseRateLimit(headers);
    expect(rateLimit).toEqual({ limit: 5, remaining: 0, windowMs: 1000 });
    expect(slotRefillMs(rateLimit)).toBe(200);
  });

  it('is undefined unless all three headers are valid', () => {
    expect(
      parseRateLimit(new Headers({ 'x-ratelimit-limit': '5', 'x-ratelimit-window': '1000' })),
    ).toBeUndefined();
    expect(
      parseRateLimit(
        new Headers({
          'x-ratelimit-limit': 'many',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-window': '1000',
        }),
      ),
    ).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it('hides pre-signed URL signatures and user info but keeps the rest', () => {
    const redacted = redactUrl(
      'https://user:pw@uploads.example.com/part?X-Amz-Signature=abc123&X-Amz-Credential=AKIA%2Fx&partNumber=2',
    );
    expect(redacted).not.toContain('abc123');
    expect(redacted).not.toContain('AKIA');
    expect(redacted).not.toContain('pw@');
    expect(redacted).toContain('partNumber=2');
    expect(redacted).toContain('X-Amz-Signature=REDACTED');
  });

  it('keeps pagination cursors and other plain params', () => {
    const url = 'https://api.frame.io/v4/accounts/a/projects?after=opaque&page_size=50';
    expect(redactUrl(url)).toBe(url);
  });
});
