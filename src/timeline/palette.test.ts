// Contrast of what the timeline draws, by WCAG 2.1's formula: bar labels (small text, 4.5:1),
// and the marks that carry meaning without hue (1.4.11 non-text, 3:1) — so they read for
// colour-blind viewers too, whose trouble is hue, not lightness.
import { describe, expect, it } from 'vitest';
import { contrast, labelColor, MARK, TYPE_PALETTE, typeColor } from './palette';

/** `rgba(r, g, b, a)` painted over an opaque `#rrggbb`. */
function over(rgba: string, under: string): string {
  const [r, g, b, a] = (/rgba\(([^)]+)\)/.exec(rgba)?.[1] ?? '').split(',').map(Number);
  const n = Number.parseInt(under.slice(1), 16);
  const mix = (top: number, bottom: number): number => Math.round(top * (a ?? 1) + bottom * (1 - (a ?? 1)));
  const c = [mix(r ?? 0, (n >> 16) & 255), mix(g ?? 0, (n >> 8) & 255), mix(b ?? 0, n & 255)];
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

const fills = Array.from({ length: TYPE_PALETTE.length * 2 }, (_, i) => typeColor(i));

describe('timeline colours', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('bar labels reach 4.5:1 on every type colour and tint', () => {
    for (const fill of fills) expect(contrast(labelColor(fill), fill), fill).toBeGreaterThanOrEqual(4.5);
  });

  it('refcount lines reach 3:1 on every bar; reuse arcs and markers 3:1 on both lane stripes', () => {
    for (const fill of fills) expect(contrast(over(MARK.refcount, fill), fill), fill).toBeGreaterThanOrEqual(3);
    for (const lane of [MARK.laneEven, MARK.laneOdd]) {
      for (const mark of [MARK.reuse, MARK.created, MARK.destroyed, MARK.finalizer, MARK.cursor, MARK.focus]) {
        expect(contrast(mark, lane), `${mark} on ${lane}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
