// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../store';
import { EDITOR_COLUMNS, OUTPUT_ROW, PANES_STORAGE_KEY } from './paneSizes';
import { Splitter } from './Splitter';

/** jsdom lays nothing out: give the container, the pane and the splitter their boxes. */
function box(el: Element, rect: { top?: number; left?: number; width: number; height: number }): void {
  const { top = 0, left = 0, width, height } = rect;
  vi.spyOn(el, 'getBoundingClientRect').mockReturnValue({ top, left, width, height, bottom: top + height, right: left + width, x: left, y: top, toJSON: () => ({}) });
}

const kept = () => JSON.parse(localStorage.getItem(PANES_STORAGE_KEY) ?? '{}') as Record<string, string>;
const css = (name: string) => document.documentElement.style.getPropertyValue(name);

beforeEach(() => {
  useStore.setState({ lang: 'en' });
  localStorage.clear();
  document.documentElement.removeAttribute('style');
});
afterEach(() => vi.restoreAllMocks());

describe('Splitter', () => {
  it('sizes the program column with the arrow keys, Home and End, and Enter puts the default back', () => {
    render(
      <main className="app-main" data-testid="main">
        <section className="pane pane-editor" data-testid="editor" />
        <Splitter kind="editor" />
        <section className="pane pane-trace" />
      </main>,
    );
    box(screen.getByTestId('main'), { width: 1000, height: 600 });
    box(screen.getByTestId('editor'), { width: 300, height: 600 });
    const splitter = screen.getByRole('separator', { name: 'Resize the program pane' });
    expect(splitter).toHaveAttribute('aria-orientation', 'vertical');

    fireEvent.keyDown(splitter, { key: 'ArrowRight' });
    expect(css(EDITOR_COLUMNS)).toBe('minmax(14rem, 32%) minmax(0, 1fr)');
    expect(kept()[EDITOR_COLUMNS]).toBe('minmax(14rem, 32%) minmax(0, 1fr)');
    expect(splitter).toHaveAttribute('aria-valuenow', '30'); // jsdom's layout did not move
    expect(splitter).toHaveAttribute('aria-valuetext', 'program 30% of the width');

    fireEvent.keyDown(splitter, { key: 'ArrowLeft', shiftKey: true });
    expect(css(EDITOR_COLUMNS)).toBe('minmax(14rem, 22%) minmax(0, 1fr)');
    fireEvent.keyDown(splitter, { key: 'Home' });
    expect(css(EDITOR_COLUMNS)).toBe('minmax(14rem, 15%) minmax(0, 1fr)');
    fireEvent.keyDown(splitter, { key: 'End' });
    expect(css(EDITOR_COLUMNS)).toBe('minmax(14rem, 75%) minmax(0, 1fr)');

    fireEvent.keyDown(splitter, { key: 'Enter' });
    expect(css(EDITOR_COLUMNS)).toBe('');
    expect(kept()).toEqual({});
  });

  it('sizes the output pane (up: taller), and its keys are not steps of the trace', () => {
    const stepped = vi.fn();
    const onKey = (e: KeyboardEvent) => {
      if (!e.defaultPrevented) stepped(e.key);
    };
    document.addEventListener('keydown', onKey);
    render(
      <div className="app" data-testid="app">
        <Splitter kind="output" />
        <section className="pane pane-output" data-testid="output" />
      </div>,
    );
    box(screen.getByTestId('app'), { width: 1400, height: 900 });
    box(screen.getByTestId('output'), { top: 700, width: 1400, height: 192 });
    const splitter = screen.getByRole('separator', { name: 'Resize the output pane' });
    box(splitter, { top: 692, width: 1400, height: 8 });

    fireEvent.keyDown(splitter, { key: 'ArrowUp' });
    expect(css(OUTPUT_ROW)).toBe('clamp(4rem, 216px, 70vh)');
    fireEvent.keyDown(splitter, { key: 'ArrowDown', shiftKey: true });
    expect(css(OUTPUT_ROW)).toBe('clamp(4rem, 136px, 70vh)');
    expect(kept()).toEqual({ [OUTPUT_ROW]: 'clamp(4rem, 136px, 70vh)' });
    fireEvent.doubleClick(splitter);
    expect(css(OUTPUT_ROW)).toBe('');
    // A key the splitter does not use still reaches the page.
    fireEvent.keyDown(splitter, { key: 'ArrowRight' });
    document.removeEventListener('keydown', onKey);
    expect(stepped.mock.calls).toEqual([['ArrowRight']]);
  });
});
