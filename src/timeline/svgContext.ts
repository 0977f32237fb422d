/**
 * A recording stand-in for the part of CanvasRenderingContext2D that ./draw uses, writing
 * SVG elements instead of pixels. The timeline's own drawing functions then produce the
 * vector export, so the SVG shows exactly what the canvas shows (same skipping, same marks).
 *
 * Supported: fillRect, strokeRect, paths (moveTo, lineTo, quadraticCurveTo, closePath, fill,
 * stroke, setLineDash), fillText with font / textAlign / textBaseline, measureText, and setTransform as a
 * pure scale (drawing in units, the caller passes dpr 1). clearRect is a no-op: every group
 * starts empty.
 */
import { escapeXML } from '../xml';

export type MeasureText = (text: string, font: string) => number;

const FONT_SIZE = /(\d+(?:\.\d+)?)px/;

/**
 * Measures with a canvas when there is one; else about 0.55 em per character, and a whole
 * em for the wide ones (CJK: the Chinese legend, drawn at build time in Node by ui/firstView).
 */
export function defaultMeasure(): MeasureText {
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  } catch {
    ctx = null;
  }
  return (text, font) => {
    if (ctx) {
      ctx.font = font;
      return ctx.measureText(text).width;
    }
    let ems = 0;
    for (const c of text) ems += (c.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.55;
    return ems * Number(FONT_SIZE.exec(font)?.[1] ?? 10);
  };
}

/** Numbers in SVG attributes: two decimals at most, no trailing zeros. */
const n = (v: number): string => String(Math.round(v * 100) / 100);

export class SvgContext {
  fillStyle = '#000000';
  strokeStyle = '#000000';
  lineWidth = 1;
  font = '10px sans-serif';
  textAlign: CanvasTextAlign = 'left';
  textBaseline: CanvasTextBaseline = 'alphabetic';
  private readonly out: string[] = [];
  private path: string[] = [];
  private dash = '';
  private clipId = 0;

  /** `idPrefix` keeps this drawing's ids (its clip paths) apart from another's in the same page. */
  constructor(
    private readonly measure: MeasureText = defaultMeasure(),
    private readonly idPrefix = '',
  ) {}

  /** The context as the drawing functions type it. */
  asCanvas(): CanvasRenderingContext2D {
    return this as unknown as CanvasRenderingContext2D;
  }

  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    if (a !== 1 || b !== 0 || c !== 0 || d !== 1 || e !== 0 || f !== 0) {
      throw new Error('SvgContext draws in units: pass dpr 1 and place groups with beginGroup');
    }
  }

  clearRect(): void {}

  fillRect(x: number, y: number, w: number, h: number): void {
    if (w <= 0 || h <= 0) return;
    this.out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"${paint('fill', this.fillStyle)}/>`);
  }

  strokeRect(x: number, y: number, w: number, h: number): void {
    this.out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none"${paint('stroke', this.strokeStyle)} stroke-width="${n(this.lineWidth)}"/>`);
  }

  setLineDash(segments: number[]): void {
    this.dash = segments.length ? ` stroke-dasharray="${segments.map(n).join(' ')}"` : '';
  }

  beginPath(): void {
    this.path = [];
  }

  moveTo(x: number, y: number): void {
    this.path.push(`M${n(x)} ${n(y)}`);
  }

  lineTo(x: number, y: number): void {
    this.path.push(`L${n(x)} ${n(y)}`);
  }

  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void {
    this.path.push(`Q${n(cx)} ${n(cy)} ${n(x)} ${n(y)}`);
  }

  closePath(): void {
    this.path.push('Z');
  }

  fill(): void {
    if (this.path.length) this.out.push(`<path d="${this.path.join('')}"${paint('fill', this.fillStyle)}/>`);
  }

  stroke(): void {
    if (this.path.length) {
      this.out.push(`<path d="${this.path.join('')}" fill="none"${paint('stroke', this.strokeStyle)} stroke-width="${n(this.lineWidth)}"${this.dash}/>`);
    }
  }

  fillText(text: string, x: number, y: number): void {
    const anchor = this.textAlign === 'right' || this.textAlign === 'end' ? 'end' : this.textAlign === 'center' ? 'middle' : 'start';
    const baseline = this.textBaseline === 'middle' ? 'central' : this.textBaseline === 'top' || this.textBaseline === 'hanging' ? 'hanging' : 'auto';
    this.out.push(
      `<text x="${n(x)}" y="${n(y)}"${anchor === 'start' ? '' : ` text-anchor="${anchor}"`}${baseline === 'auto' ? '' : ` dominant-baseline="${baseline}"`} style="font:${escapeXML(this.font)}"${paint('fill', this.fillStyle)}>${escapeXML(text)}</text>`,
    );
  }

  measureText(text: string): { width: number } {
    return { width: this.measure(text, this.font) };
  }

  /** Draws what follows at (x, y), clipped to w × h when given; close with `endGroup`. */
  beginGroup(x: number, y: number, clip?: { w: number; h: number }): void {
    if (clip) {
      const id = `${this.idPrefix}clip${++this.clipId}`;
      this.out.push(`<clipPath id="${id}"><rect x="0" y="0" width="${n(clip.w)}" height="${n(clip.h)}"/></clipPath>`);
      this.out.push(`<g transform="translate(${n(x)} ${n(y)})" clip-path="url(#${id})">`);
    } else {
      this.out.push(`<g transform="translate(${n(x)} ${n(y)})">`);
    }
  }

  endGroup(): void {
    this.out.push('</g>');
  }

  /** The SVG document: `width` × `height` units shown at `scale` CSS pixels each, on `ground`. */
  toSVG(width: number, height: number, scale = 1, title = '', ground = '#ffffff'): string {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width * scale)}" height="${n(height * scale)}" viewBox="0 0 ${n(width)} ${n(height)}">`,
      title ? `<title>${escapeXML(title)}</title>` : '',
      `<rect width="100%" height="100%" fill="${ground}"/>`,
      ...this.out,
      '</svg>',
    ].join('\n');
  }
}

/** `fill="…"` / `stroke="…"`, with rgba() split into colour and opacity for viewers that want it. */
function paint(attr: 'fill' | 'stroke', style: unknown): string {
  const value = typeof style === 'string' ? style : '#000000';
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/.exec(value);
  if (rgba) return ` ${attr}="rgb(${rgba[1]},${rgba[2]},${rgba[3]})" ${attr}-opacity="${rgba[4]}"`;
  return ` ${attr}="${escapeXML(value)}"`;
}
