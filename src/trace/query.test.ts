import { describe, expect, it } from 'vitest';
import { hexAddress } from './query';

describe('hexAddress', () => {
  it('writes addresses as 8 hex digits', () => {
    expect(hexAddress(23693648)).toBe('0x01698950');
  });
});
