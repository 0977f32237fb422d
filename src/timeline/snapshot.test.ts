// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { DEFAULT_GUTTER_LABELS } from './draw';
import { layoutTimeline } from './layout';
import { MIN_PNG_RATIO, pngPixelRatio, snapshotSVG, type SnapshotLegend, type TimelineSnapshot } from './snapshot';
import { escapeXML } from '../xml';
import { SvgContext } from './svgContext';
import { fitViewport, GUTTER_WIDTH } from './viewport';

const legend: SnapshotLegend = {
  marks: { created: 'created', destroyed: 'destroyed', finalized: '__del__ ran', reused: 'address reused', refcount: 'refcount' },
  moreTypes: (n) => `+${n} more`,
  caption: 'step 5 of 24',
  axis: 'step',
};
const measure = (text: string) => text.length * 6;

function snap(): TimelineSnapshot {
  const layout = layoutTimeline(recordedSeedLoop(), { sort: 'reuse', showAll: false });
  return { layout, viewport: fitViewport(layout, 600, 200), cursor: 5, selected: null, labels: DEFAULT_GUTTER_LABELS, scale: 1 };
}

describe('timeline snapshot as SVG', () => {
  it('draws gutter, plot, axis and legend of what is on screen', () => {
    const s = snap();
    const svg = snapshotSVG(s, legend, measure);
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const root = doc.documentElement;
    expect(root.getAttribute('width')).toBe(String(GUTTER_WIDTH + 600));
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    // Lane addresses (gutter), object labels (plot), step ticks (axis), legend and caption.
    expect(texts.some((t) => /^0x[0-9a-f_]+$/i.test(t ?? ''))).toBe(true);
    expect(texts).toContain('#1');
    expect(texts).toContain('10');
    expect(texts).toEqual(expect.arrayContaining(['object', 'created', 'address reused', 'step 5 of 24']));
    // Bars in the palette's colours, the cursor in its own.
    const fills = new Set([...doc.querySelectorAll('rect')].map((r) => r.getAttribute('fill')));
    expect(fills).toContain('#d1004f');
    expect(doc.querySelectorAll('clipPath')).toHaveLength(2);
  });

  it('titles the step axis, beside its tick labels', () => {
    const doc = new DOMParser().parseFromString(snapshotSVG(snap(), { ...legend, axis: '步' }, measure), 'image/svg+xml');
    const texts = [...doc.querySelectorAll('text')];
    const title = texts.find((t) => t.textContent === '步 →');
    expect(title?.getAttribute('text-anchor')).toBe('end');
    // In the gutter (left of the plot), on the row of the tick labels.
    expect(Number(title?.getAttribute('x'))).toBeLessThan(GUTTER_WIDTH);
    const tick = texts.find((t) => t.textContent === '10');
    expect(title?.getAttribute('y')).toBe(tick?.getAttribute('y'));
  });

  it('exports PNGs at two device pixels per CSS pixel or more, whatever the screen', () => {
    expect(MIN_PNG_RATIO).toBe(2);
    expect(pngPixelRatio(1)).toBe(2);
    expect(pngPixelRatio(0.5)).toBe(2);
    expect(pngPixelRatio(3)).toBe(3);
    expect(pngPixelRatio(Number.NaN)).toBe(2);
  });

  it('shows only the visible steps', () => {
    const s = snap();
    const all = snapshotSVG(s, legend, measure);
    const zoomed = snapshotSVG({ ...s, viewport: { ...s.viewport, s0: 0, s1: 4 } }, legend, measure);
    const labels = (svg: string) => (svg.match(/>(object )?#\d+</g) ?? []).length;
    expect(labels(zoomed)).toBeLessThan(labels(all));
  });

  it("draws the rule where Python's exit starts dashed, with its name", () => {
    const s = snap();
    const svg = snapshotSVG({ ...s, layout: { ...s.layout, exitStep: 10 } }, legend, measure);
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const dashed = [...doc.querySelectorAll('path[stroke-dasharray]')];
    expect(dashed.map((p) => p.getAttribute('stroke-dasharray'))).toEqual(['3 3']);
    expect([...doc.querySelectorAll('text')].map((t) => t.textContent)).toContain(DEFAULT_GUTTER_LABELS.exit);
    // Only that rule is dashed: what is stroked after it is solid again.
    expect(doc.querySelectorAll('path:not([stroke-dasharray])[fill=none]').length).toBeGreaterThan(0);
  });

  it('scales the document in presentation mode, keeping its units', () => {
    const svg = snapshotSVG({ ...snap(), scale: 1.5 }, legend, measure);
    expect(svg).toMatch(new RegExp(`width="${(GUTTER_WIDTH + 600) * 1.5}"`));
    expect(svg).toMatch(new RegExp(`viewBox="0 0 ${GUTTER_WIDTH + 600} `));
  });
});

describe('SvgContext', () => {
  it('escapes text and splits rgba', () => {
    const c = new SvgContext(measure);
    c.fillStyle = 'rgba(0, 0, 0, 0.5)';
    c.fillText('<a & "b">', 1, 2);
    c.fillRect(0, 0, 0, 5); // empty: skipped
    const svg = c.toSVG(10, 10);
    expect(svg).toContain('&lt;a &amp; &quot;b&quot;&gt;');
    expect(svg).toContain('fill="rgb(0,0,0)" fill-opacity="0.5"');
    expect(svg.match(/<rect/g)).toHaveLength(1); // the background only
    expect(escapeXML("'")).toBe('&apos;');
  });

  it('refuses device-pixel transforms', () => {
    const c = new SvgContext(measure);
    expect(() => c.setTransform(1, 0, 0, 1, 0, 0)).not.toThrow();
    expect(() => c.setTransform(2, 0, 0, 2, 0, 0)).toThrow();
  });
});
