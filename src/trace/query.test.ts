import { describe, expect, it } from 'vitest';
import { formatRefcount, hexAddress } from './query';

describe('formatRefcount', () => {
  it('shows counts as numbers and immortal objects as immortal', () => {
    expect(formatRefcount(3)).toBe('3');
    expect(formatRefcount(2 ** 30)).toBe('immortal');
    expect(formatRefcount(1879048192)).toBe('immortal');
    expect(formatRefcount(null)).toBe('—');
  });

  it('writes addresses as 8 hex digits', () => {
    expect(hexAddress(23693648)).toBe('0x01698950');
  });
});
