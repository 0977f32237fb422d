/**
 * The page's first view as static HTML, written into index.html when the app is built
 * (vite.config.ts): the default example's explanation, program, recorded timeline,
 * narration and output, painted by the browser from the page itself, before any of the
 * app's JavaScript has loaded (which takes one to three seconds on a slow machine). The
 * app's early editor then takes over its program pane (./earlyEditor), and React replaces
 * the whole of it with the same view, live (./App).
 *
 * Every fact in it comes from the functions the app itself uses on the same recording:
 * where the cursor lands (trace/steps), the narration (trace/narrate), the timeline's
 * opening range (timeline/viewport) and its picture (timeline/snapshot, the SVG download).
 * Both languages are written; the page's head script (./firstViewHead) picks one before
 * the body is painted, and hides the lot when the link asks for something else.
 * No React, no DOM: this runs in Node at build time.
 */
import { CATALOGS, LANGS, type Lang } from '../i18n';
import type { Example } from '../examples/types';
import { layoutTimeline } from '../timeline/layout';
import { DARK, LIGHT, type Palette } from '../timeline/palette';
import { snapshotSVG } from '../timeline/snapshot';
import { COMPACT_GUTTER_WIDTH, contentHeight, GUTTER_WIDTH, openingRange } from '../timeline/viewport';
import { narrateStep, narrationText } from '../trace/narrate';
import { exitAt, lifetimeLabel, lineAt } from '../trace/lifetimes';
import { refcountSummary, reuseLinks, shownByBirth } from '../trace/model';
import { hexAddress } from '../trace/query';
import { startingStep } from '../trace/steps';
import type { TraceData } from '../trace/types';
import { escapeXML } from '../xml';
import { snapshotLegend } from './snapshotLegend';

/**
 * The two pictures, in CSS pixels: the timeline pane of a 1400-pixel window, and a phone's
 * (a 375-pixel screen: the compact lane gutter, as the app draws it there).
 */
export const WIDE = { plot: 700, gutter: GUTTER_WIDTH };
export const NARROW = { plot: 300, gutter: COMPACT_GUTTER_WIDTH };

/** Output lines written into the page: what the output pane shows without scrolling. */
export const FIRST_VIEW_OUTPUT_LINES = 12;

/** Rows of the objects table written into the page: its first screenful, in its default order. */
export const FIRST_VIEW_OBJECT_ROWS = 5;

/** The objects table's columns shown in the first view (./ObjectsTable has these and one more). */
const OBJECT_COLUMNS = ['address', 'type', 'born', 'died', 'maxRefcount', 'reuses', 'size'] as const;

/** What the first view shows at its step, in one language. */
export interface FirstViewText {
  badge: string;
  puzzle: string;
  title: string;
  ends: string;
  explanation: string;
  landing: string;
  narration: string;
  state: string;
  /** The timeline's picture for wide and narrow screens, each in the light and the dark palette (./firstView.css shows the system's). */
  wide: string;
  narrow: string;
  /** The objects table's heading, column titles and first rows (cells as text). */
  objects: { title: string; columns: string[]; rows: string[][] };
}

/**
 * The objects table's first rows as ./ObjectsTable shows them by default (objects bound to a
 * name, by birth), cell by cell as text, from the same functions.
 */
function objectRows(trace: TraceData, lang: Lang): string[][] {
  const m = CATALOGS[lang];
  const { prev: previous } = reuseLinks(trace, false);
  const max = refcountSummary(trace).max;
  const step = (s: number, none: string): string => (s < 0 ? none : `${lineAt(trace, s) ?? (exitAt(trace, s) ? m.objects.atExit : '?')} @${s}`);
  return Array.from(shownByBirth(trace, false).subarray(0, FIRST_VIEW_OBJECT_ROWS), (o) => {
    const prev = previous[o] ?? -1;
    return [
      hexAddress(trace.objects.address[o] ?? 0),
      lifetimeLabel(trace, o),
      step(trace.objects.born[o] ?? -1, m.objects.beforeRun),
      step(trace.objects.died[o] ?? -1, m.objects.alive),
      m.refcount(max[o] ?? null),
      prev >= 0 ? lifetimeLabel(trace, prev) : '—',
      m.objects.sizeCell(trace.objects.size[o] ?? 0, trace.objects.chunk?.[o] ?? 0),
    ];
  });
}

/** The first view's words and pictures in `lang`. */
export function firstViewText(trace: TraceData, example: Example, lang: Lang): FirstViewText {
  const m = CATALOGS[lang];
  const { step, landing } = startingStep(trace);
  const layout = layoutTimeline(trace);
  const steps = trace.steps.line.length;
  const drawn = ({ plot, gutter }: { plot: number; gutter: number }, name: string, pal: Palette): string => {
    const [s0, s1] = openingRange(layout, plot) ?? [0, layout.steps];
    const viewport = { width: plot, height: contentHeight(layout), s0, s1, scrollY: 0 };
    const snap = { layout, viewport, cursor: step, selected: null, labels: m.timeline.groups, scale: 1, gutter };
    // Eight pictures share the page's id space (two languages, wide and narrow, light and dark).
    return snapshotSVG(snap, snapshotLegend(m, step, steps), undefined, `fv-${lang}-${name}-`, pal);
  };
  const picture = (size: { plot: number; gutter: number }, name: string): string =>
    `<div class="fv-light">${drawn(size, name, LIGHT)}</div><div class="fv-dark">${drawn(size, `${name}-dark`, DARK)}</div>`;
  return {
    badge: m.examples.recorded(steps),
    puzzle: m.examples.puzzle,
    title: example.title[lang],
    ends: m.examples.ends[example.ends],
    explanation: example.explanation[lang],
    landing: landing ? m.steps.landing(landing.reason) : '',
    narration: narrationText(narrateStep(trace, step), m.narration),
    state: m.steps.stateAfter(lineAt(trace, step)),
    wide: picture(WIDE, 'wide'),
    narrow: picture(NARROW, 'narrow'),
    objects: { title: m.objects.title, columns: OBJECT_COLUMNS.map((c) => m.objects.columns[c]), rows: objectRows(trace, lang) },
  };
}

function objectsTable({ title, columns, rows }: FirstViewText['objects']): string {
  const cells = (tag: string, xs: string[]): string => xs.map((x) => `<${tag}>${escapeXML(x)}</${tag}>`).join('');
  return `<h2 class="panel-title">${escapeXML(title)}</h2><table><thead><tr>${cells('th', columns)}</tr></thead><tbody>${rows.map((r) => `<tr>${cells('td', r)}</tr>`).join('')}</tbody></table>`;
}

/** The program's first output lines (the same in every language). */
function firstOutput(trace: TraceData): string {
  const text = trace.output.map((c) => c.text).join('');
  return text.split('\n').slice(0, FIRST_VIEW_OUTPUT_LINES).join('\n');
}

/** The first view's markup: the outline of the app (header, program pane, trace pane, output pane) with the recording in it. */
export function firstViewHTML(trace: TraceData, example: Example): string {
  const texts = LANGS.map((lang) => [lang, firstViewText(trace, example, lang)] as const);
  /** One element per language; the head script's `data-lang` shows one (./firstView.css). */
  const each = (tag: string, className: string, pick: (t: FirstViewText) => string, raw = false): string =>
    texts.map(([lang, t]) => `<${tag} class="${className}" lang="${lang}">${raw ? pick(t) : escapeXML(pick(t))}</${tag}>`).join('');
  return [
    `<div id="early" class="app app-early" data-testid="first-view">`,
    `<header class="app-header"><h1 class="app-title">Refscope</h1></header>`,
    `<div class="fv-notice fv-recording">${each('span', 'replay-badge', (t) => t.badge)}${each('p', 'puzzle-line', (t) => t.puzzle)}</div>`,
    `<main class="app-main">`,
    `<section class="pane pane-editor">`,
    `<aside class="example-explanation fv-recording"><div class="example-head">${each('h2', 'panel-title', (t) => t.title)}${each('span', 'tl-muted example-ends', (t) => t.ends)}</div>${each('p', 'fv-explanation', (t) => t.explanation)}</aside>`,
    // The program as text until the early editor replaces it (a link's own program shows only in the editor).
    `<div class="editor-column"><div class="editor"><pre class="fv-code fv-recording">${escapeXML(example.code)}</pre></div></div>`,
    `</section>`,
    `<section class="pane pane-trace"><div class="fv-recording" data-testid="first-view-trace">`,
    each('div', 'fv-picture fv-wide', (t) => t.wide, true),
    each('div', 'fv-picture fv-narrow', (t) => t.narrow, true),
    each('p', 'fv-landing', (t) => t.landing),
    each('p', 'fv-narration', (t) => t.narration),
    each('p', 'fv-state', (t) => t.state),
    each('div', 'fv-objects', (t) => objectsTable(t.objects), true),
    `</div></section>`,
    `</main>`,
    `<section class="pane pane-output"><pre class="fv-output fv-recording">${escapeXML(firstOutput(trace))}</pre></section>`,
    `</div>`,
  ].join('\n');
}
