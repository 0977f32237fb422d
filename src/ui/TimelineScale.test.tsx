// @vitest-environment jsdom
import { act, fireEvent, render } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sonTrace } from '../../tests/fixtures/makeTrace';
import { lifetimeLabel } from '../trace/lifetimes';
import { layoutTimeline } from '../timeline/layout';
import type { TimelineView } from '../timeline/view';
import { barGeometry, GUTTER_WIDTH, ROW_HEIGHT } from '../timeline/viewport';
import { useStore } from '../store';
import { TimelineCanvas } from './TimelineCanvas';
import { PRESENT_TIMELINE_SCALE, TimelinePanel } from './TimelinePanel';

beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

describe('Timeline scale (presentation mode)', () => {
  it('draws in larger units and still maps a click to the bar under it', () => {
    const trace = sonTrace(3);
    const layout = layoutTimeline(trace);
    const onSelect = vi.fn();
    const onCursor = vi.fn();
    let view: TimelineView | null = null;
    const { container } = render(
      <TimelineCanvas layout={layout} cursor={0} selectedObject={null} onCursor={onCursor} onSelect={onSelect} onView={(v) => (view = v)} scale={2} />,
    );
    const v = (view as TimelineView | null)?.viewport();
    if (!v) throw new Error('no viewport');
    // jsdom's plot has no size: the view falls back to 640 × 260 CSS px, i.e. 320 × 130 drawing units.
    expect(v.width).toBe(320);
    const grid = container.querySelector('.tl-grid') as HTMLElement;
    expect(grid.style.gridTemplateColumns).toBe(`${GUTTER_WIDTH * 2}px minmax(0, 1fr)`);
    const canvas = container.querySelector('.tl-canvas') as HTMLCanvasElement;
    expect(canvas.style.width).toBe('640px');
    const bars = barGeometry(layout, v).filter((b) => b.x1 - b.x0 > 6 && b.x0 >= 0);
    const bar = bars.find((b) => lifetimeLabel(trace, b.obj).startsWith('Son #'));
    if (!bar) throw new Error('no Son bar on screen');
    const plot = container.querySelector('.tl-plot') as HTMLElement;
    // A point on the bar, in CSS pixels: drawing units times the scale.
    fireEvent.click(plot, { clientX: (bar.x0 + 3) * 2, clientY: (bar.y + 5) * 2 });
    expect(onSelect).toHaveBeenLastCalledWith(bar.obj);
    // The same point in drawing units (as if unscaled) lands half-way up, in another row or none.
    onSelect.mockClear();
    fireEvent.click(plot, { clientX: bar.x0 + 3, clientY: (bar.y + 5) / 2 + ROW_HEIGHT / 2 });
    expect(onSelect).not.toHaveBeenCalledWith(bar.obj);
  });

  it('follows the store: presentation mode scales the timeline', () => {
    useStore.setState({ trace: sonTrace(2), cursor: 0, present: false });
    const { container } = render(<TimelinePanel />);
    const grid = () => (container.querySelector('.tl-grid') as HTMLElement).style.gridTemplateColumns;
    expect(grid()).toBe(`${GUTTER_WIDTH}px minmax(0, 1fr)`);
    act(() => useStore.setState({ present: true }));
    expect(grid()).toBe(`${GUTTER_WIDTH * PRESENT_TIMELINE_SCALE}px minmax(0, 1fr)`);
  });

  it('keeps the phone’s own size in presentation mode on a narrow screen (one panel tall)', () => {
    const matchMedia = vi.fn((query: string) => ({
      matches: query === '(max-width: 800px)',
      addEventListener: () => {},
      removeEventListener: () => {},
    }));
    vi.stubGlobal('matchMedia', matchMedia);
    try {
      useStore.setState({ trace: sonTrace(2), cursor: 0, present: true });
      const { container } = render(<TimelinePanel />);
      expect((container.querySelector('.tl-grid') as HTMLElement).style.gridTemplateColumns).toBe(`${GUTTER_WIDTH}px minmax(0, 1fr)`);
      expect(matchMedia).toHaveBeenCalledWith('(max-width: 800px)');
    } finally {
      vi.unstubAllGlobals();
      useStore.setState({ present: false });
    }
  });
});

