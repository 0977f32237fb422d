/**
 * Colours for object types. Okabe & Ito's palette, chosen to stay distinguishable under the
 * common colour-vision deficiencies; black is swapped for a grey so that labels stay legible.
 * Types past the eighth reuse the palette in a lighter tint, and every bar also carries its
 * type as a text label, so colour is never the only cue.
 */
export const TYPE_PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

const TINTS = TYPE_PALETTE.map((c) => mix(c, '#ffffff', 0.45));

function mix(a: string, b: string, t: number): string {
  const pa = parse(a);
  const pb = parse(b);
  const c = pa.map((v, i) => Math.round(v + ((pb[i] ?? 0) - v) * t));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function parse(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Fill colour for the `i`-th type of a trace. */
export function typeColor(i: number): string {
  const base = i % TYPE_PALETTE.length;
  const round = Math.floor(i / TYPE_PALETTE.length);
  return (round % 2 === 0 ? TYPE_PALETTE[base] : TINTS[base]) ?? '#999999';
}

/** WCAG 2.1 relative luminance of an opaque `#rrggbb` colour. */
export function luminance(hex: string): number {
  const lin = (v: number): number => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = parse(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.1 contrast ratio of two opaque colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/**
 * Text colour that reads on top of `fill`: whichever of near-black and white contrasts more
 * (by WCAG's ratio, not a perceived-lightness guess: vermillion takes dark text at 4.8:1, where
 * white would only reach 3.6:1).
 */
export function labelColor(fill: string): string {
  return contrast(fill, '#1a1a1a') >= contrast(fill, '#ffffff') ? '#1a1a1a' : '#ffffff';
}

/**
 * Everything the timeline draws besides the bars' type colours, for one colour scheme. Bars
 * keep their Okabe–Ito fills in both schemes (mid-tones that read on white and on near-black);
 * what changes is the ground they sit on and the marks drawn over that ground. Marks drawn
 * inside a bar (creation, destruction, the refcount line) stay dark in both schemes: their
 * contrast is with the bar's fill.
 */
export interface Palette {
  cursor: string;
  cursorBand: string;
  created: string;
  destroyed: string;
  finalizer: string;
  /** The `__del__` diamond's outline, which parts it from the bar under it. */
  finalizerEdge: string;
  reuse: string;
  refcount: string;
  selected: string;
  /** The keyboard's lifetime, in the page's focus-ring colour. */
  focus: string;
  hover: string;
  output: string;
  outputErr: string;
  /** The output strip's ground and its bottom rule. */
  strip: string;
  stripRule: string;
  laneEven: string;
  laneOdd: string;
  header: string;
  headerText: string;
  gutterText: string;
  gutterMuted: string;
  overview: string;
  /** A picture's own ground, text and rules around the plot (./snapshot: axis, legend, caption). */
  paper: string;
  ink: string;
  rule: string;
  caption: string;
}

/** The light scheme: the page's default, presentation mode's, and every download's. */
export const LIGHT: Palette = {
  cursor: '#d1004f',
  cursorBand: 'rgba(209, 0, 79, 0.10)',
  created: '#1a1a1a',
  destroyed: '#1a1a1a',
  finalizer: '#7a0177',
  finalizerEdge: '#ffffff',
  reuse: '#444444',
  refcount: 'rgba(0, 0, 0, 0.75)',
  selected: '#000000',
  focus: '#0072b2',
  hover: 'rgba(0, 0, 0, 0.55)',
  output: '#333333',
  outputErr: '#c0392b',
  strip: '#ffffff',
  stripRule: '#d8d8de',
  laneEven: '#fafafa',
  laneOdd: '#f0f0f2',
  header: '#e4e4ea',
  headerText: '#333333',
  gutterText: '#333333',
  gutterMuted: '#6b6b66',
  overview: '#f4f4f6',
  paper: '#ffffff',
  ink: '#1a1a1a',
  rule: '#d9d9d6',
  caption: '#6b6b66',
};

/** The dark scheme (the system's, or a link's theme=dark; app.css holds the page's half). */
export const DARK: Palette = {
  ...LIGHT,
  cursor: '#ff5c93',
  cursorBand: 'rgba(255, 92, 147, 0.14)',
  finalizer: '#f08cf0',
  finalizerEdge: '#1a1a1a',
  reuse: '#c8c8cc',
  selected: '#ffffff',
  focus: '#56b4e9',
  hover: 'rgba(255, 255, 255, 0.6)',
  output: '#d0d0d4',
  outputErr: '#ff7b6b',
  strip: '#1b1c1f',
  stripRule: '#3a3b40',
  laneEven: '#1f2023',
  laneOdd: '#26272b',
  header: '#33343a',
  headerText: '#e2e2e6',
  gutterText: '#e2e2e6',
  gutterMuted: '#a4a4ab',
  overview: '#232428',
  paper: '#1b1c1f',
  ink: '#e6e6e3',
  rule: '#3a3b40',
  caption: '#a4a4ab',
};

/**
 * The palette for a page whose text is `textColor` (a computed CSS colour, `rgb(r, g, b)`):
 * light text is the dark scheme's. The page's colour tokens (ui/app.css) decide the scheme
 * per element; reading the result back where the canvases sit keeps one source for it.
 * Anything unreadable is the light scheme.
 */
export function paletteFor(textColor: string): Palette {
  const [r, g, b] = (textColor.match(/[\d.]+/g) ?? []).map(Number);
  if (r === undefined || g === undefined || b === undefined) return LIGHT;
  const hex = `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  return luminance(hex) > 0.5 ? DARK : LIGHT;
}
