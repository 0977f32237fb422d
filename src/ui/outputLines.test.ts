import { describe, expect, it } from 'vitest';
import type { OutputChunk } from '../trace/types';
import { MAX_SEGMENTS, OutputLines } from './outputLines';

const out = (step: number, text: string, stream: OutputChunk['stream'] = 'stdout'): OutputChunk => ({ step, stream, text });
const texts = (lines: OutputLines) =>
  Array.from({ length: lines.count }, (_, i) => lines.segments(i).map((s) => s.text).join(''));

describe('OutputLines', () => {
  it('splits chunks into lines, keeping each newline with its line', () => {
    const lines = OutputLines.EMPTY.extend([out(0, 'a\nb'), out(1, 'c\n'), out(2, 'd\n\ne')]);
    expect(texts(lines)).toEqual(['a\n', 'bc\n', 'd\n', '\n', 'e']);
    expect(lines.chars).toBe(9);
    expect([0, 1, 2, 3, 4].map((i) => lines.stepOf(i))).toEqual([0, 0, 2, 2, 2]);
    expect(lines.segments(1)).toEqual([
      { text: 'b', stream: 'stdout', step: 0 },
      { text: 'c\n', stream: 'stdout', step: 1 },
    ]);
  });

  it('extends without rereading, and starts over for a different array', () => {
    const chunks = [out(0, '1\n'), out(1, '2')];
    const a = OutputLines.EMPTY.extend(chunks);
    const more = [...chunks, out(1, '2\n'), out(2, 'oops\n', 'stderr')];
    const b = a.extend(more);
    expect(texts(b)).toEqual(['1\n', '22\n', 'oops\n']);
    expect(b.segments(2)[0]?.stream).toBe('stderr');
    // The older snapshot is unchanged, and extending it again does not disturb the newer one.
    expect(texts(a)).toEqual(['1\n', '2']);
    const c = a.extend([...chunks, out(5, 'x\ny\n')]);
    expect(texts(c)).toEqual(['1\n', '2x\n', 'y\n']);
    expect(texts(b)).toEqual(['1\n', '22\n', 'oops\n']);
    expect(texts(b.extend([out(0, 'new run\n')]))).toEqual(['new run\n']);
    expect(b.extend([]).count).toBe(0);
    expect(b.extend(more)).toBe(b);
  });

  it('indexes half a million lines in linear time', () => {
    const chunks = Array.from({ length: 500_000 }, (_, i) => out(i, '1\n'));
    let lines = OutputLines.EMPTY;
    for (let i = 0; i < chunks.length; i += 10_000) lines = lines.extend(chunks.slice(0, i + 10_000));
    expect(lines.count).toBe(500_000);
    expect(lines.stepOf(499_999)).toBe(499_999);
  });

  it('finds the last line printed at or before a step', () => {
    const lines = OutputLines.EMPTY.extend([out(2, 'a\n'), out(4, 'b'), out(4, 'c\nd\n'), out(7, 'e\n')]);
    expect(lines.lastLineAt(0)).toBe(-1);
    expect(lines.lastLineAt(2)).toBe(0);
    expect(lines.lastLineAt(3)).toBe(0);
    expect(lines.lastLineAt(4)).toBe(2);
    expect(lines.lastLineAt(100)).toBe(3);
  });

  it('merges the pieces of a line written by very many steps', () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => out(i, `${i} `));
    const segments = OutputLines.EMPTY.extend(chunks).segments(0);
    expect(segments.length).toBeLessThanOrEqual(MAX_SEGMENTS);
    expect(segments[0]?.step).toBe(0);
    expect(segments.map((s) => s.text).join('')).toBe(chunks.map((c) => c.text).join(''));
  });
});
