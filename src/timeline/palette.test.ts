// Contrast of what the timeline draws, by WCAG 2.1's formula: bar labels (small text, 4.5:1),
// and the marks that carry meaning without hue (1.4.11 non-text, 3:1) — so they read for
// colour-blind viewers too, whose trouble is hue, not lightness.
import { describe, expect, it } from 'vitest';
import { contrast, DARK, labelColor, LIGHT, paletteFor, TYPE_PALETTE, typeColor } from './palette';

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

  it.each([
    ['light', LIGHT],
    ['dark', DARK],
  ] as const)('%s: refcount lines and the marks inside a bar reach 3:1 on every bar; reuse arcs, cursor and frames 3:1 on both lane stripes', (_, pal) => {
    for (const fill of fills) {
      expect(contrast(over(pal.refcount, fill), fill), fill).toBeGreaterThanOrEqual(3);
      for (const mark of [pal.created, pal.destroyed]) expect(contrast(mark, fill), `${mark} on ${fill}`).toBeGreaterThanOrEqual(3);
    }
    for (const lane of [pal.laneEven, pal.laneOdd]) {
      for (const mark of [pal.reuse, pal.finalizer, pal.cursor, pal.focus, pal.selected, over(pal.hover, lane)]) {
        expect(contrast(mark, lane), `${mark} on ${lane}`).toBeGreaterThanOrEqual(3);
      }
      // The lane labels are small text: 4.5:1.
      for (const text of [pal.gutterText, pal.gutterMuted]) expect(contrast(text, lane), `${text} on ${lane}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(pal.headerText, pal.header)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(pal.output, pal.strip)).toBeGreaterThanOrEqual(3);
    expect(contrast(pal.outputErr, pal.strip)).toBeGreaterThanOrEqual(3);
  });

  it("the page's text colour picks the palette: light text is the dark scheme's; anything unreadable is light", () => {
    expect(paletteFor('rgb(230, 230, 227)')).toBe(DARK);
    expect(paletteFor('rgb(29, 29, 27)')).toBe(LIGHT);
    expect(paletteFor('rgb(0, 0, 0)')).toBe(LIGHT);
    expect(paletteFor('rgba(255, 255, 255, 0.9)')).toBe(DARK);
    expect(paletteFor('')).toBe(LIGHT);
    expect(paletteFor('canvastext')).toBe(LIGHT);
  });
});
