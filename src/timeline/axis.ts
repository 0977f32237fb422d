/**
 * The step axis above the plot: a d3 axis in SVG over the visible step range, with the
 * cursor marked. Integer ticks only (steps are whole).
 */
import { axisTop, scaleLinear, select } from 'd3';
import { CURSOR_AT, type Viewport } from './viewport';

export function renderAxis(svg: SVGSVGElement, v: Viewport, cursor: number, height: number): void {
  const x = scaleLinear().domain([v.s0, v.s1]).range([0, v.width]);
  const ticks = x.ticks(Math.max(2, Math.floor(v.width / 90))).filter((t) => Number.isInteger(t));
  const axis = axisTop(x).tickValues(ticks).tickFormat((d) => String(d)).tickSizeOuter(0);
  const root = select(svg);
  let g = root.select<SVGGElement>('g.axis');
  if (g.empty()) g = root.append('g').attr('class', 'axis');
  g.attr('transform', `translate(0,${height - 1})`).call(axis);
  let cur = root.select<SVGLineElement>('line.axis-cursor');
  if (cur.empty()) cur = root.append('line').attr('class', 'axis-cursor');
  const cx = x(cursor + CURSOR_AT);
  cur
    .attr('x1', cx)
    .attr('x2', cx)
    .attr('y1', 0)
    .attr('y2', height)
    .attr('visibility', cx >= 0 && cx <= v.width ? 'visible' : 'hidden');
}
