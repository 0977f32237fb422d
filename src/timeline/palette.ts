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

/** Text colour that reads on top of `fill` (dark on light fills, white on dark ones). */
export function labelColor(fill: string): string {
  const [r, g, b] = parse(fill);
  const lum = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return lum > 0.5 ? '#1a1a1a' : '#ffffff';
}

/** Marks drawn over bars: chosen to contrast with every palette entry. */
export const MARK = {
  cursor: '#d1004f',
  cursorBand: 'rgba(209, 0, 79, 0.10)',
  created: '#1a1a1a',
  destroyed: '#1a1a1a',
  finalizer: '#7a0177',
  reuse: '#444444',
  refcount: 'rgba(0, 0, 0, 0.75)',
  selected: '#000000',
  hover: 'rgba(0, 0, 0, 0.55)',
  output: '#333333',
  outputErr: '#c0392b',
  laneEven: '#fafafa',
  laneOdd: '#f0f0f2',
  header: '#e4e4ea',
  headerText: '#333333',
  gutterText: '#333333',
  gutterMuted: '#777777',
} as const;
