/**
 * The heap view as a standalone SVG file: the picture HeapDiagram draws as HTML boxes over two
 * SVG layers, drawn from the same geometry (./heapLayout) with presentation attributes only (no
 * stylesheet, no DOM), so that it opens the same in a browser, a slide editor or Inkscape.
 * Nothing is measured: text is fitted to its box by an estimate of its width, and cut with "…".
 */
import type { HeapBox, HeapScene } from '../trace/heap';
import { escapeXML } from '../xml';
import { METRICS, type HeapGeometry, type HeapMetrics, type Rect } from './heapLayout';

/** The words of the picture, in the UI's language. */
export interface HeapSvgTexts {
  /** The globals frame's title. */
  globals: string;
  /** A line under the picture, e.g. "Refscope · step 4 of 40". */
  caption: string;
  /** A box's refcount account ("refcount 4 = a + b.nxt + …"), as HeapDiagram writes it. */
  account: (box: HeapBox) => string;
  /** A box's value preview, as HeapDiagram writes it. */
  preview: (box: HeapBox) => string | null;
}

const SANS = 'system-ui, -apple-system, &quot;Segoe UI&quot;, sans-serif';
const MONO = 'ui-monospace, Menlo, Consolas, monospace';
const INK = '#555';
const PAD = 8;

/** Rough width of `s` at `px` pixels: wide (CJK) characters a full em, others 0.6 em. */
function textWidth(s: string, px: number): number {
  let w = 0;
  for (const c of s) w += (c.codePointAt(0) ?? 0) >= 0x2e80 ? px : px * 0.6;
  return w;
}

/** `s` cut with "…" to fit `width` pixels at `px`. */
function fit(s: string, px: number, width: number): string {
  if (textWidth(s, px) <= width) return s;
  let out = '';
  for (const c of s) {
    if (textWidth(`${out}${c}…`, px) > width) break;
    out += c;
  }
  return `${out}…`;
}

/** `s` broken at spaces into at most `max` lines of `width` pixels, the last cut with "…". */
function wrap(s: string, px: number, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (!line || textWidth(next, px) <= width) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, max);
  if (lines.length > max) kept[max - 1] = `${kept[max - 1] ?? ''}…`;
  return kept.map((l) => fit(l, px, width));
}

const text = (x: number, y: number, s: string, attrs: string): string => `<text x="${x}" y="${y}" ${attrs}>${escapeXML(s)}</text>`;

function frameSVG(rect: Rect, title: string, rows: Array<{ name: string; y: number }>, m: HeapMetrics): string {
  const fs = Math.round(m.row * 0.55);
  const out = [
    `<rect x="${rect.x + 0.5}" y="${rect.y + 0.5}" width="${rect.w - 1}" height="${rect.h - 1}" fill="#f4f4f4" stroke="#999"/>`,
    `<rect x="${rect.x + 1}" y="${rect.y + 1}" width="${rect.w - 2}" height="${m.header - 1}" fill="#e2e2e2"/>`,
    text(rect.x + 6, rect.y + m.header / 2 + fs * 0.35, fit(title, fs, rect.w - 12), `font-family="${SANS}" font-size="${fs}" font-weight="600" fill="#222"`),
  ];
  for (const r of rows) out.push(text(rect.x + 6, r.y + fs * 0.35, fit(r.name, fs, rect.w - 20), `font-family="${MONO}" font-size="${fs}" fill="#222"`));
  return out.join('');
}

function boxSVG(box: HeapBox, r: Rect, account: string, preview: string | null, m: HeapMetrics): string {
  const fs = Math.round(m.row * 0.55);
  const small = Math.round(m.row * 0.5);
  const lh = Math.round(fs * 1.3);
  const inner = r.w - 12;
  const x = r.x + 6;
  let y = r.y + 3 + fs;
  const out = [`<rect x="${r.x + 0.5}" y="${r.y + 0.5}" width="${r.w - 1}" height="${r.h - 1}" rx="4" fill="white" stroke="#777"/>`];
  // Type and address on one line when both fit, else the address under the type (as on screen).
  const typeW = textWidth(box.type, fs) * 1.1 + fs * 0.35;
  const head = `font-family="${SANS}" font-size="${fs}" font-weight="600" fill="#222"`;
  const addr = `font-family="${MONO}" font-size="${small}" fill="#444"`;
  if (typeW + textWidth(box.hex, small) <= inner) {
    // One text of two spans: the browser places the address after the type, whatever the font.
    out.push(`<text x="${x}" y="${y}"><tspan ${head}>${escapeXML(box.type)}</tspan><tspan dx="${(fs * 0.35).toFixed(1)}" ${addr}>${escapeXML(box.hex)}</tspan></text>`);
  } else {
    out.push(text(x, y, fit(box.type, fs, inner), head));
    y += lh;
    out.push(text(x, y, box.hex, addr));
  }
  if (preview !== null) {
    y += lh;
    out.push(text(x, y, fit(preview, small, inner), addr));
  }
  const room = Math.max(1, Math.floor((r.y + r.h - 4 - y) / lh));
  for (const line of wrap(account, small, inner, Math.min(3, room))) {
    y += lh;
    out.push(text(x, y, line, `font-family="${SANS}" font-size="${small}" fill="#222"`));
  }
  return out.join('');
}

/**
 * The heap diagram of `scene` laid out as `geo` (the on-screen geometry, ./heapLayout) as an SVG
 * document: frames with their names, boxes with type, address, preview and refcount account,
 * arrows with arrowheads and haloed labels, and a caption underneath. Every text is escaped.
 */
export function heapSVG(scene: HeapScene, geo: HeapGeometry, texts: HeapSvgTexts, m: HeapMetrics = METRICS): string {
  const captionSize = 10;
  const width = Math.ceil(geo.width + 2 * PAD);
  const height = Math.ceil(geo.height + 2 * PAD + captionSize + 6);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXML(`Refscope heap, ${texts.caption}`)}</title>`,
    '<defs><marker id="heap-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">',
    `<path d="M0,0 L10,5 L0,10 z" fill="${INK}"/></marker></defs>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<g transform="translate(${PAD},${PAD})">`,
  ];
  // Frames, then arrows (so that each name's dot shows where its arrow starts), then boxes,
  // then the labels above everything, each on a halo, as on screen.
  for (const f of geo.frames) {
    const frame = scene.frames[f.index];
    if (!frame) continue;
    parts.push(frameSVG(f.rect, frame.frame < 0 ? texts.globals : `${frame.function}()`, f.rows, m));
  }
  for (const a of geo.arrows) {
    parts.push(`<path d="${escapeXML(a.d)}" fill="none" stroke="${INK}" stroke-width="1.4" marker-end="url(#heap-head)"/>`);
    if (a.from.startsWith('name:')) parts.push(`<circle cx="${a.sx}" cy="${a.sy}" r="3" fill="${INK}"/>`);
  }
  for (const b of scene.boxes) {
    const r = geo.boxes.get(b.obj);
    if (r) parts.push(boxSVG(b, r, texts.account(b), texts.preview(b), m));
  }
  const fs = m.charWidth / 0.6;
  for (const a of geo.arrows) {
    if (!a.label) continue;
    const x = a.anchor === 'start' ? a.lx - 2 : a.lx - a.lw + 2;
    parts.push(
      `<rect x="${x}" y="${a.ly - m.charWidth * 1.55}" width="${a.lw}" height="${m.charWidth * 2}" rx="2" fill="white" fill-opacity="0.92" stroke="#bbb" stroke-width="0.6"/>`,
      text(a.lx, a.ly, a.label, `text-anchor="${a.anchor}" font-family="${MONO}" font-size="${fs.toFixed(1)}" fill="#222"`),
    );
  }
  parts.push(text(0, geo.height + captionSize + 2, texts.caption, `font-family="${SANS}" font-size="${captionSize}" fill="#555"`), '</g></svg>');
  return parts.join('\n');
}
