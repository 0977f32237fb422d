import { describe, expect, it } from 'vitest';
import { AddressMap } from './addressMap';

describe('AddressMap', () => {
  it('agrees with a Map under random inserts, updates and deletes (with growth)', () => {
    const ours = new AddressMap(4);
    const ref = new Map<number, number>();
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 5000) * 8 + 8;
    for (let i = 0; i < 50_000; i++) {
      const addr = rand();
      if (i % 3 === 2) {
        ours.delete(addr);
        ref.delete(addr);
      } else {
        ours.set(addr, i);
        ref.set(addr, i);
      }
    }
    expect(ours.size).toBe(ref.size);
    for (let a = 8; a <= 5000 * 8; a += 8) expect(ours.get(a)).toBe(ref.get(a) ?? -1);
  });
});
