// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { seedLoopTrace, sonTrace, SON_ADDRESS } from '../../tests/fixtures/makeTrace';
import { hexAddress } from '../trace/query';
import type { TraceData } from '../trace/types';
import { ObjectsTableView } from './ObjectsTable';

function renderTable(trace: TraceData | null, props: Partial<Parameters<typeof ObjectsTableView>[0]> = {}) {
  const handlers = { onSelect: vi.fn(), onCursor: vi.fn(), onShowAll: vi.fn() };
  const utils = render(<ObjectsTableView trace={trace} selectedObject={null} showAllObjects={false} {...handlers} {...props} />);
  return { ...utils, ...handlers };
}

const bodyRows = (): HTMLElement[] => within(screen.getByTestId('objects-table').querySelector('tbody') as HTMLElement).getAllByRole('row');
const cells = (row: HTMLElement): string[] => within(row).getAllByRole('cell').map((c) => c.textContent ?? '');
const column = (i: number): string[] => bodyRows().map((r) => cells(r)[i] ?? '');

describe('ObjectsTable', () => {
  it('has one row per shown lifetime, with Reuses naming the earlier lifetime at the address', () => {
    renderTable(sonTrace(3));
    const table = screen.getByTestId('objects-table');
    expect(table.tagName).toBe('TABLE');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent?.replace(/ [▲▼]$/, ''))).toEqual(['Address', 'Type', 'Born (line)', 'Died (line)', 'Max refcount', 'Reuses']);
    expect(bodyRows()).toHaveLength(7);
    const sons = bodyRows().filter((r) => cells(r)[1]?.startsWith('Son'));
    expect(sons.map((r) => cells(r))).toEqual([
      [hexAddress(SON_ADDRESS), 'Son #1', '11 @8', '7 @10', '1', '—'],
      [hexAddress(SON_ADDRESS), 'Son #2', '11 @13', '7 @15', '1', 'Son #1'],
      [hexAddress(SON_ADDRESS), 'Son #3', '11 @18', '7 @20', '1', 'Son #2'],
    ]);
  });

  it('sorts by clicking headers and reports it with aria-sort', () => {
    renderTable(sonTrace(3));
    const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(name) });
    expect(header('Born')).toHaveAttribute('aria-sort', 'ascending');
    expect(column(1)).toEqual(['module #1', 'module #2', 'type #1', 'function #1', 'Son #1', 'Son #2', 'Son #3']);
    fireEvent.click(within(header('Born')).getByRole('button'));
    expect(header('Born')).toHaveAttribute('aria-sort', 'descending');
    expect(column(1)).toEqual(['Son #3', 'Son #2', 'Son #1', 'function #1', 'type #1', 'module #2', 'module #1']);
    fireEvent.click(within(header('Type')).getByRole('button'));
    expect(header('Type')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Born')).toHaveAttribute('aria-sort', 'none');
    expect(column(1)).toEqual(['function #1', 'module #1', 'module #2', 'Son #1', 'Son #2', 'Son #3', 'type #1']);
    fireEvent.click(within(header('Address')).getByRole('button'));
    expect(column(0)[0]).toContain('0x00500000');
    fireEvent.click(within(header('Reuses')).getByRole('button'));
    expect(column(5).slice(0, 2)).toEqual(['Son #1', 'Son #2']);
    fireEvent.click(within(header('Died')).getByRole('button'));
    expect(column(3).slice(0, 3)).toEqual(['7 @10', '7 @15', '7 @20']);
  });

  it('respects showAllObjects and offers the toggle', () => {
    const t = seedLoopTrace(3);
    const { rerender, onShowAll } = renderTable(t);
    expect(bodyRows()).toHaveLength(4);
    fireEvent.click(screen.getByRole('checkbox', { name: /Show all objects/ }));
    expect(onShowAll).toHaveBeenCalledWith(true);
    rerender(<ObjectsTableView trace={t} selectedObject={null} showAllObjects={true} onSelect={() => {}} onCursor={() => {}} onShowAll={() => {}} />);
    expect(bodyRows()).toHaveLength(8);
    expect(column(1)).toContain('NoneType #1');
  });

  it('selects a lifetime and moves the cursor to its birth by click or keyboard', () => {
    const { onSelect, onCursor } = renderTable(sonTrace(2));
    const son2 = bodyRows().find((r) => cells(r)[1] === 'Son #2');
    if (!son2) throw new Error('no Son #2 row');
    fireEvent.click(son2);
    expect(onSelect).toHaveBeenLastCalledWith(5);
    expect(onCursor).toHaveBeenLastCalledWith(13);
    const son1 = bodyRows().find((r) => cells(r)[1] === 'Son #1');
    son1?.focus();
    if (son1) fireEvent.keyDown(son1, { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith(4);
    if (son1) fireEvent.keyDown(son1, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(son2);
    fireEvent.click(within(son2).getByRole('button', { name: 'Son #1' }));
    expect(onSelect).toHaveBeenLastCalledWith(4);
    expect(onCursor).toHaveBeenLastCalledWith(8);
  });

  it('marks the selected row', () => {
    renderTable(sonTrace(2), { selectedObject: 5 });
    expect(bodyRows().filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => cells(r)[1])).toEqual(['Son #2']);
  });

  it('renders rows a page at a time for long runs', () => {
    const t = seedLoopTrace(700);
    renderTable(t);
    const count = () => screen.getByTestId('objects-table').querySelectorAll('tbody tr').length;
    expect(count()).toBe(500);
    fireEvent.click(screen.getByText('Show more'));
    expect(count()).toBe(701);
  });

  it('has a header and an empty body without a trace', () => {
    renderTable(null);
    expect(screen.getByTestId('objects-table').querySelectorAll('tbody tr')).toHaveLength(0);
  });
});
