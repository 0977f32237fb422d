import { describe, expect, it } from 'vitest';
import { fitText, OutputBuffer } from './output';

const text = (b: OutputBuffer) => b.chunks.map((c) => c.text).join('');

describe('OutputBuffer', () => {
  it('keeps output up to the cap, flags the cut, and drops everything after it', () => {
    const b = new OutputBuffer(5);
    for (const t of ['abc', 'defg', 'h']) {
      const kept = b.accept('stdout', t, false);
      if (kept !== null) b.append(0, 'stdout', kept);
    }
    expect(text(b)).toBe('abcde');
    expect(b.truncated).toBe(true);
    expect(b.accept('stderr', 'x', false)).toBeNull();
  });

  it('merges writes of one step and stream, and streams each character once', () => {
    const b = new OutputBuffer(100);
    b.append(0, 'stdout', 'a');
    expect(b.takeNew()).toEqual([{ step: 0, stream: 'stdout', text: 'a' }]);
    b.append(0, 'stdout', 'b');
    b.append(1, 'stderr', 'c');
    expect(b.chunks).toHaveLength(2);
    expect(b.takeNew()).toEqual([
      { step: 0, stream: 'stdout', text: 'b' },
      { step: 1, stream: 'stderr', text: 'c' },
    ]);
    expect(b.takeNew()).toEqual([]);
  });

  it("holds stderr after Refscope's stop and releases it without the stop's own report", () => {
    const b = new OutputBuffer(1000);
    expect(b.accept('stderr', 'own\n', true)).toBeNull();
    expect(b.accept('stdout', 'out\n', true)).toBe('out\n');
    expect(b.releaseHeld()).toBe('own\n');
    expect(b.accept('stderr', 'later\n', true)).toBe('later\n');
  });

  it('fitText cuts at the room left, never below nothing', () => {
    expect(fitText('abcdef', 3)).toBe('abc');
    expect(fitText('abc', 3)).toBe('abc');
    expect(fitText('abc', -1)).toBe('');
  });
});
