// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { A, B, D, L, nodesTrace } from '../../tests/fixtures/heapTrace';
import { HeapPanelView } from './HeapPanel';
import type { TraceData } from '../trace/types';
import { downloadBlob } from '../share/download';

vi.mock('../share/download', () => ({ downloadBlob: vi.fn() }));

/** A cursor feed the test moves by hand, and how often the panel rendered. */
function cursorFeed(start: number) {
  let listener: ((step: number) => void) | null = null;
  return {
    subscribe: (l: (step: number) => void) => {
      listener = l;
      l(start);
      return () => (listener = null);
    },
    move: (step: number) => act(() => listener?.(step)),
  };
}

const addr = (t: TraceData, o: number) => String(t.objects.address[o]);

function renderHeap(t: TraceData, step: number, selectedObject: number | null = null, onSelect = vi.fn()) {
  const feed = cursorFeed(step);
  const view = render(<HeapPanelView trace={t} subscribeCursor={feed.subscribe} selectedObject={selectedObject} onSelect={onSelect} present={false} />);
  return { feed, view, onSelect };
}

describe('HeapPanel', () => {
  it('draws a box per object and an arrow per name and reference, with the contract’s data attributes', () => {
    const t = nodesTrace();
    renderHeap(t, 6);
    const heap = screen.getByTestId('heap');
    const a = heap.querySelector(`[data-testid=heap-object][data-address="${addr(t, A)}"]`);
    expect(a).toHaveAttribute('data-refcount', '4');
    expect(a).toHaveTextContent("refcount 4 = a + b.nxt + L[0] + d['first']");
    const arrows = [...heap.querySelectorAll('[data-testid=heap-ref]')].map((g) => `${g.getAttribute('data-from')} ${g.getAttribute('data-label')} ${g.getAttribute('data-to')}`);
    expect(arrows).toEqual(
      expect.arrayContaining([
        `name:a  ${addr(t, A)}`,
        `${addr(t, B)} .nxt ${addr(t, A)}`,
        `${addr(t, L)} [0] ${addr(t, A)}`,
        `${addr(t, D)} ['first'] ${addr(t, A)}`,
      ]),
    );
    expect(heap.querySelector('[data-testid=heap-object][data-refcount=immortal]')).toHaveTextContent('immortal');
  });

  it('follows the cursor by subscription, and keeps each box where it was', () => {
    const t = nodesTrace();
    const { feed } = renderHeap(t, 6);
    const place = () => {
      const el = screen.getByTestId('heap').querySelector<HTMLElement>(`[data-testid=heap-object][data-address="${addr(t, A)}"]`);
      return `${el?.style.left},${el?.style.top}`;
    };
    const before = place();
    feed.move(8);
    // After `del b`: b's box and its arrow are gone, a's count is down to 3 and a has not moved.
    expect(screen.getByTestId('heap').querySelector(`[data-address="${addr(t, B)}"]`)).toBeNull();
    expect(screen.getByTestId('heap').querySelector(`[data-address="${addr(t, A)}"]`)).toHaveAttribute('data-refcount', '3');
    expect(place()).toBe(before);
  });

  it('selects on click and lists referrers under Why alive?, with what frees the object next', () => {
    const t = nodesTrace();
    const { onSelect } = renderHeap(t, 7);
    const b = screen.getByTestId('heap').querySelector<HTMLElement>(`[data-address="${addr(t, B)}"]`);
    if (!b) throw new Error('no box for b');
    fireEvent.click(within(b).getByRole('button', { name: /Node/ }));
    expect(onSelect).toHaveBeenCalledWith(B);
    fireEvent.click(within(b).getByRole('button', { name: 'Why alive?' }));
    const why = screen.getByTestId('heap-why-list');
    expect(why).toHaveTextContent('name b');
    expect(within(why).getByTestId('heap-freed-by')).toHaveTextContent('b — the name is deleted (del)');
  });

  it('says when the count is more than the references drawn, and why on a getrefcount line', () => {
    const t = nodesTrace();
    renderHeap(t, 7);
    const a = screen.getByTestId('heap').querySelector<HTMLElement>(`[data-address="${addr(t, A)}"]`);
    if (!a) throw new Error('no box for a');
    fireEvent.click(within(a).getByRole('button', { name: 'Why alive?' }));
    expect(screen.getByTestId('heap-why-list')).toHaveTextContent('+1 held by the interpreter: the argument being passed to getrefcount');
  });

  it('says so when the trace has no references', () => {
    const t = nodesTrace();
    delete t.references;
    renderHeap(t, 6);
    expect(screen.getByTestId('heap')).toHaveTextContent('records names only');
    expect(screen.getByTestId('heap').querySelectorAll('[data-testid=heap-ref]:not([data-from^="name:"])')).toHaveLength(0);
  });

  it('downloads the heap at the cursor as SVG, named after the step', async () => {
    const t = nodesTrace();
    const { feed } = renderHeap(t, 6);
    feed.move(7);
    fireEvent.click(screen.getByTestId('heap-export-svg'));
    await waitFor(() => expect(downloadBlob).toHaveBeenCalledTimes(1));
    const [blob, name] = vi.mocked(downloadBlob).mock.calls[0] ?? [];
    expect(name).toBe('refscope-heap-step7.svg');
    expect(blob?.type).toBe('image/svg+xml');
    // jsdom's Blob has no text(): read it as a page would, with a FileReader.
    const svg = await new Promise<string>((resolve) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result));
      if (blob) r.readAsText(blob);
    });
    expect(svg).toContain(`step 7 of ${t.steps.line.length}`);
    expect(svg).toContain('.nxt');
  });
});
