// @vitest-environment jsdom
// The first view written into index.html at build (./firstView): made from the shipped
// recording of the default example, in both languages, as text that is safe in a page.
import { beforeAll, describe, expect, it } from 'vitest';
import { galleryRecording } from '../../tests/fixtures/traces';
import { exampleById } from '../examples';
import { DEFAULT_EXAMPLE_ID } from '../examples/recordings';
import type { Example } from '../examples/types';
import { CATALOGS } from '../i18n';
import { layoutTimeline } from '../timeline/layout';
import { DARK, LIGHT } from '../timeline/palette';
import { startingStep } from '../trace/steps';
import { FIRST_VIEW_OBJECT_ROWS, FIRST_VIEW_OUTPUT_LINES, firstViewHTML, firstViewText } from './firstView';

const example = exampleById(DEFAULT_EXAMPLE_ID) as Example;

// The build runs in Node, with no canvas to measure text: so do these tests (jsdom's canvas only complains).
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = () => null;
});

/** The fragment parsed as a browser parses the page. */
function parse(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
}

describe('first view', () => {
  it('shows the recording where the app lands on it, with the explanation, program and output, in both languages', async () => {
    const trace = await galleryRecording(DEFAULT_EXAMPLE_ID);
    const doc = parse(firstViewHTML(trace, example));
    const early = doc.getElementById('early');
    expect(early?.classList.contains('app-early')).toBe(true);
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = (selector: string) => doc.querySelector(`${selector}[lang="${lang}"]`)?.textContent;
      expect(text('.fv-explanation')).toBe(example.explanation[lang]);
      expect(text('.puzzle-line')).toBe(CATALOGS[lang].examples.puzzle);
      expect(text('.replay-badge')).toBe(CATALOGS[lang].examples.recorded(trace.steps.line.length));
      // The app lands on the first reuse of an address; so does the picture, and says so.
      const { step, landing } = startingStep(trace);
      expect(landing?.reason).toBe('reuse');
      expect(text('.fv-landing')).toBe(CATALOGS[lang].steps.landing('reuse'));
      const wide = doc.querySelector(`.fv-wide[lang="${lang}"] svg`);
      expect(wide?.querySelector('title')?.textContent).toContain(CATALOGS[lang].share.exportCaption(step, trace.steps.line.length));
      // Every lane of the timeline is in both pictures: its address is written in the gutter (shortened on a phone).
      const layout = layoutTimeline(trace);
      expect(layout.laneCount).toBeGreaterThan(1);
      for (const lane of [0, layout.laneCount - 1]) {
        const hex = (layout.laneAddress[lane] ?? 0).toString(16).padStart(8, '0');
        expect(wide?.textContent).toContain(`0x${hex}`);
        expect(doc.querySelector(`.fv-narrow[lang="${lang}"] svg`)?.textContent).toContain(`…${hex.slice(-4)}`);
      }
    }
    // The objects table's first rows, as the app lists them: by birth, the objects bound to a name.
    const rows = [...doc.querySelectorAll('.fv-objects[lang="en"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toHaveLength(FIRST_VIEW_OBJECT_ROWS);
    expect(rows[0]?.slice(1, 4)).toEqual(['module #1', 'before the run', 'alive']);
    const reused = rows.filter((r) => r[1] === 'object #2')[0];
    expect(reused?.[5]).toBe('object #1'); // object #2 took object #1's address
    expect(reused?.[0]).toBe(rows.filter((r) => r[1] === 'object #1')[0]?.[0]);
    expect(doc.querySelector('.fv-objects[lang="zh-CN"] th')?.textContent).toBe(CATALOGS['zh-CN'].objects.columns.address);
    expect(doc.querySelector('.fv-code')?.textContent).toBe(example.code);
    const lines = doc.querySelector('.fv-output')?.textContent?.split('\n') ?? [];
    expect(lines).toHaveLength(FIRST_VIEW_OUTPUT_LINES);
    expect(new Set(lines).size).toBe(1); // the blog's puzzle: the same id every time
  });

  it('gives each of its eight pictures its own clip-path ids (they share one page)', async () => {
    const trace = await galleryRecording(DEFAULT_EXAMPLE_ID);
    const doc = parse(firstViewHTML(trace, example));
    expect(doc.querySelectorAll('svg')).toHaveLength(8);
    const ids = [...doc.querySelectorAll('[id]')].map((e) => e.id);
    expect(ids.length).toBeGreaterThan(4);
    expect(new Set(ids).size).toBe(ids.length);
    for (const use of doc.querySelectorAll('[clip-path]')) {
      const id = /url\(#(.+)\)/.exec(use.getAttribute('clip-path') ?? '')?.[1] ?? '';
      expect(use.closest('svg')?.querySelector(`clipPath[id="${id}"]`)).not.toBeNull();
    }
  });

  it('draws each picture twice, on the light and on the dark palette, the same marks on each', async () => {
    const trace = await galleryRecording(DEFAULT_EXAMPLE_ID);
    const doc = parse(firstViewHTML(trace, example));
    for (const picture of doc.querySelectorAll('.fv-picture')) {
      const light = picture.querySelector('.fv-light svg');
      const dark = picture.querySelector('.fv-dark svg');
      expect(light?.querySelector('rect')?.getAttribute('fill')).toBe(LIGHT.paper);
      expect(dark?.querySelector('rect')?.getAttribute('fill')).toBe(DARK.paper);
      expect(dark?.textContent).toBe(light?.textContent);
      expect(dark?.querySelectorAll('rect').length).toBe(light?.querySelectorAll('rect').length);
      expect(dark?.innerHTML).toContain(`fill="${DARK.laneOdd}"`);
      expect(light?.innerHTML).not.toContain(`fill="${DARK.laneOdd}"`);
    }
  });

  it('writes the program, its output and the words as text, never as markup', async () => {
    const trace = await galleryRecording(DEFAULT_EXAMPLE_ID);
    const hostile = '</pre><script>alert(1)</script><img src=x onerror=alert(2)>';
    const doc = parse(
      firstViewHTML(
        { ...trace, output: [{ step: 0, stream: 'stdout', text: `${hostile}\n` }] },
        { ...example, code: hostile, title: { en: hostile, 'zh-CN': hostile }, explanation: { en: hostile, 'zh-CN': hostile } },
      ),
    );
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
    expect(doc.querySelector('.fv-code')?.textContent).toBe(hostile);
    expect(doc.querySelector('.fv-output')?.textContent).toBe(`${hostile}\n`);
    expect(doc.querySelector('.panel-title[lang="en"]')?.textContent).toBe(hostile);
  });

  it('narrates the step it shows in each language', async () => {
    const trace = await galleryRecording(DEFAULT_EXAMPLE_ID);
    expect(firstViewText(trace, example, 'en').narration).toMatch(/^line 5 in test\(\): object #2 created at 0x[0-9a-f]+, refcount 1 \(the address object #1 had\), bound to ins$/);
    expect(firstViewText(trace, example, 'zh-CN').narration).toMatch(/^第 5 行/);
  });
});
