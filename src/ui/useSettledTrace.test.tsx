// @vitest-environment jsdom
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { freshStore } from '../../tests/unit/store';
import { useStore } from '../store';
import { useSettledTrace } from './useSettledTrace';

/** What the hook returned at each render. */
let seen: Array<ReturnType<typeof useSettledTrace>> = [];
function Probe() {
  seen.push(useSettledTrace());
  return null;
}

/** Frame callbacks held until the test says a frame is painted. */
let frames: FrameRequestCallback[] = [];
const paintFrame = (): void => {
  const due = frames;
  frames = [];
  for (const f of due) f(performance.now());
};

beforeEach(() => {
  freshStore();
  seen = [];
  frames = [];
  vi.useFakeTimers();
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', () => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('useSettledTrace', () => {
  it('passes a new trace on only after the frame that follows it, with each trace its own cursor', () => {
    const first = fakeTrace({ lines: [1, 2, 3, 4] });
    const second = fakeTrace({ lines: [1, 2] });
    useStore.setState({ trace: first, cursor: 3 });
    render(<Probe />);
    // Mounted with a trace: shown without waiting for a frame.
    expect(seen.at(-1)).toEqual({ trace: first, cursor: 3, current: true });

    act(() => useStore.setState({ trace: second, cursor: 1 }));
    // Not before the frame is painted, not even after timers: the panel keeps the old trace and its own cursor.
    expect(seen.at(-1)).toEqual({ trace: first, cursor: 3, current: false });
    act(() => vi.advanceTimersByTime(10));
    expect(seen.at(-1)?.trace).toBe(first);

    act(() => paintFrame());
    expect(seen.at(-1)?.trace).toBe(first);
    act(() => vi.advanceTimersByTime(0));
    expect(seen.at(-1)).toEqual({ trace: second, cursor: 1, current: true });
  });

  it('follows anyway when no frame comes (a hidden tab)', () => {
    render(<Probe />);
    expect(seen.at(-1)?.trace).toBeNull();
    const t = fakeTrace({ lines: [1, 2] });
    act(() => useStore.setState({ trace: t, cursor: 0 }));
    expect(seen.at(-1)?.trace).toBeNull();
    act(() => vi.advanceTimersByTime(300));
    expect(seen.at(-1)).toEqual({ trace: t, cursor: 0, current: true });
  });
});
