import { describe, expect, it } from 'vitest';
import { formatScopes, normalizeScopes } from '../src/index.js';

describe('normalizeScopes', () => {
  it.each([
    ['openid,AdobeID,frame.s2s.all', ['openid', 'AdobeID', 'frame.s2s.all']],
    ['openid AdobeID  frame.s2s.all', ['openid', 'AdobeID', 'frame.s2s.all']],
    [' openid, AdobeID ,\n\tprofile ,', ['openid', 'AdobeID', 'profile']],
    ['openid,openid profile,openid', ['openid', 'profile']],
    ['', []],
    [' , ,', []],
  ])('%j → %j', (input, expected) => {
    expect(normalizeScopes(input)).toEqual(expected);
  });

  it('accepts a list whose entries may themselves hold several scopes, keeping first order and case', () => {
    expect(
      normalizeScopes(['offline_access', 'openid,AdobeID', ' profile ', 'AdobeID', 'adobeid', '']),
    ).toEqual(['offline_access', 'openid', 'AdobeID', 'profile', 'adobeid']);
  });
});

describe('formatScopes', () => {
  it('joins with single spaces (RFC 6749 §3.3)', () => {
    expect(formatScopes('openid,AdobeID,frame.s2s.all')).toBe('openid AdobeID frame.s2s.all');
    expect(formatScopes(['email', ' profile', 'email'])).toBe('email profile');
    expect(formatScopes([])).toBe('');
  });
});
