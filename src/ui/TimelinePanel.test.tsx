// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sonTrace } from '../../tests/fixtures/makeTrace';
import { lifetimeLabel } from '../trace/lifetimes';
import { layoutTimeline } from '../timeline/layout';
import type { TimelineView } from '../timeline/view';
import { barGeometry, OUTPUT_STRIP } from '../timeline/viewport';
import { TimelineCanvas } from './TimelineCanvas';
import { TimelinePanelView } from './TimelinePanel';

beforeAll(() => {
  // jsdom has no canvas; the view draws nothing but keeps its geometry and interaction.
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

function mount(cursor = 0) {
  const trace = sonTrace(3);
  const layout = layoutTimeline(trace);
  const onCursor = vi.fn();
  const onSelect = vi.fn();
  let view: TimelineView | null = null;
  const utils = render(
    <TimelineCanvas layout={layout} cursor={cursor} selectedObject={null} onCursor={onCursor} onSelect={onSelect} onView={(v) => (view = v)} />,
  );
  if (!view) throw new Error('view not mounted');
  return { trace, layout, onCursor, onSelect, view: view as TimelineView, ...utils };
}

describe('Timeline', () => {
  it('renders the timeline container with its controls', () => {
    render(<TimelinePanelView trace={sonTrace(2)} cursor={0} selectedObject={null} showAllObjects={false} onCursor={() => {}} onSelect={() => {}} onShowAll={() => {}} />);
    const tl = screen.getByTestId('timeline');
    expect(tl).toBeInTheDocument();
    expect(screen.getByRole('group', { name: /Object timeline/ })).toHaveAttribute('data-lanes', '5');
    expect(screen.getByRole('button', { name: 'Fit' })).toBeInTheDocument();
    expect(screen.getByLabelText('Legend')).toHaveTextContent('Son');
  });

  it('moves the cursor and selects the lifetime when a bar is clicked', () => {
    const { trace, layout, view, onCursor, onSelect, container } = mount();
    const v = view.viewport();
    if (!v) throw new Error('no viewport');
    const son2 = barGeometry(layout, v).find((b) => lifetimeLabel(trace, b.obj) === 'Son #2');
    if (!son2) throw new Error('no Son #2 bar');
    const plot = container.querySelector('.tl-plot') as HTMLElement;
    fireEvent.click(plot, { clientX: son2.x0 + 2, clientY: son2.y + 5 });
    expect(onSelect).toHaveBeenCalledWith(son2.obj);
    expect(onCursor).toHaveBeenCalledWith(trace.objects.born[son2.obj]);
  });

  it("opens a lane's block history from the lane labels by keyboard; a row selects, Escape closes and returns focus", () => {
    const { layout, trace, onSelect, onCursor } = mount();
    const labels = screen.getByRole('group', { name: 'Addresses (lane labels)' });
    labels.focus();
    fireEvent.keyDown(labels, { key: 'ArrowDown' });
    fireEvent.keyDown(labels, { key: ' ' });
    const panel = screen.getByTestId('block-history');
    const address = layout.laneAddress[0] ?? 0;
    const here = [...trace.objects.address.keys()].filter((o) => trace.objects.address[o] === address);
    const buttons = panel.querySelectorAll('li[data-kind=object] button');
    expect(Array.from(buttons, (b) => b.textContent)).toEqual(here.map((o) => lifetimeLabel(trace, o)));
    expect(document.activeElement?.textContent).toBe('Close');
    fireEvent.click(buttons[1]!);
    expect(onSelect).toHaveBeenCalledWith(here[1]);
    expect(onCursor).toHaveBeenCalledWith(trace.objects.born[here[1]!]);
    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(screen.queryByTestId('block-history')).toBeNull();
    expect(document.activeElement).toBe(labels);
  });

  it('moves the cursor when the axis or an output tick is clicked', () => {
    const { trace, view, onCursor, onSelect, container } = mount();
    const v = view.viewport();
    if (!v) throw new Error('no viewport');
    const pps = v.width / (v.s1 - v.s0);
    fireEvent.click(container.querySelector('.tl-axis') as Element, { clientX: 10.5 * pps, clientY: 5 });
    expect(onCursor).toHaveBeenLastCalledWith(10);
    const out = trace.output[1];
    if (!out) throw new Error('no output');
    fireEvent.click(container.querySelector('.tl-plot') as Element, { clientX: (out.step + 0.6) * pps, clientY: OUTPUT_STRIP / 2 });
    expect(onCursor).toHaveBeenLastCalledWith(out.step);
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('zooms with + and − around the cursor and fits with 0', () => {
    const { view, container } = mount(12);
    const plot = container.querySelector('.tl-plot') as HTMLElement;
    const full = view.viewport();
    fireEvent.keyDown(plot, { key: '+' });
    const zoomed = view.viewport();
    if (!full || !zoomed) throw new Error('no viewport');
    expect(zoomed.s1 - zoomed.s0).toBeCloseTo((full.s1 - full.s0) / 1.6);
    expect(zoomed.s0).toBeLessThanOrEqual(12.5);
    expect(zoomed.s1).toBeGreaterThanOrEqual(12.5);
    fireEvent.keyDown(plot, { key: '-' });
    fireEvent.keyDown(plot, { key: '-' });
    expect(view.viewport()).toMatchObject({ s0: 0, s1: full.s1 });
    fireEvent.keyDown(plot, { key: '+' });
    fireEvent.keyDown(plot, { key: '0' });
    expect(view.viewport()).toMatchObject({ s0: 0, s1: full.s1 });
  });

  it('shows a tooltip for the lifetime under the pointer', () => {
    const { trace, layout, view, container } = mount();
    const v = view.viewport();
    if (!v) throw new Error('no viewport');
    const son1 = barGeometry(layout, v).find((b) => lifetimeLabel(trace, b.obj) === 'Son #1');
    if (!son1) throw new Error('no Son #1 bar');
    const plot = container.querySelector('.tl-plot') as HTMLElement;
    // jsdom has no PointerEvent: a MouseEvent of the same type carries the coordinates.
    fireEvent(plot, new MouseEvent('pointermove', { clientX: son1.x0 + 3, clientY: son1.y + 5, bubbles: true }));
    const tip = screen.getByRole('tooltip', { hidden: true });
    expect(tip).not.toHaveAttribute('hidden');
    expect(tip).toHaveTextContent('Son #1');
    expect(tip).toHaveTextContent('0x00c3d4e8');
    expect(tip).toHaveTextContent('__del__line 7, step 10');
    expect(tip).toHaveTextContent('sys.getrefcount');
    fireEvent(plot, new MouseEvent('pointerleave'));
    expect(screen.getByRole('tooltip', { hidden: true })).toHaveAttribute('hidden');
  });
});
