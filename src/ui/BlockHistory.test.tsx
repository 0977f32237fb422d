// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLOAT_ADDRESS, twoFloats as floats } from '../../tests/fixtures/blockTraces';
import { useStore } from '../store';
import { layoutTimeline } from '../timeline/layout';
import { BlockFate, type TraceData } from '../trace/types';
import { BlockHistory } from './BlockHistory';

const A = FLOAT_ADDRESS;

const show = (t: TraceData) =>
  render(<BlockHistory layout={layoutTimeline(t)} address={A} selectedObject={null} onSelect={vi.fn()} onCursor={vi.fn()} onClose={vi.fn()} />);

afterEach(() => useStore.setState({ lang: 'en' }));

describe('BlockHistory', () => {
  it("says the new float came from float's free list, in English and Chinese", () => {
    const { unmount } = show(floats(BlockFate.freeList));
    const panel = screen.getByTestId('block-history');
    expect(panel.querySelector('[data-kind="freeList"]')?.textContent).toBe("stayed on float's free list and went to float #2 at line 3, step 2");
    expect([...panel.querySelectorAll('.tl-history-freelist')].map((e) => e.textContent)).toEqual(["came from float's free list (not from malloc)"]);
    unmount();
    useStore.setState({ lang: 'zh-CN' });
    show(floats(BlockFate.freeList));
    expect(screen.getByTestId('block-history').querySelector('.tl-history-freelist')?.textContent).toBe('来自 float 的空闲列表（不是来自 malloc）');
  });

  it('says nothing of a free list when malloc handed the block over', () => {
    show(floats(BlockFate.object));
    const panel = screen.getByTestId('block-history');
    expect(panel.querySelector('.tl-history-freelist')).toBeNull();
    expect(panel.querySelector('[data-kind="went"]')?.textContent).toBe('went to float #2 at line 3, step 2');
  });
});
