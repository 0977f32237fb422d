// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { seedLoopTrace, sonTrace, SON_ADDRESS } from '../../tests/fixtures/makeTrace';
import { hexAddress, isShownByDefault } from '../trace/query';
import { BlockFate, type TraceData } from '../trace/types';
import { act } from '@testing-library/react';
import { focusRow, ObjectsTableView, OBJECTS_PAGE } from './ObjectsTable';

function renderTable(trace: TraceData | null, props: Partial<Parameters<typeof ObjectsTableView>[0]> = {}) {
  const handlers = { onSelect: vi.fn(), onCursor: vi.fn(), onShowAll: vi.fn() };
  const utils = render(<ObjectsTableView trace={trace} selectedObject={null} showAllObjects={false} {...handlers} {...props} />);
  return { ...utils, ...handlers };
}

const bodyRows = (): HTMLElement[] => within(screen.getByTestId('objects-table').querySelector('tbody') as HTMLElement).getAllByRole('row');
const cells = (row: HTMLElement): string[] => within(row).getAllByRole('cell').map((c) => c.textContent ?? '');
const column = (i: number): string[] => bodyRows().map((r) => cells(r)[i] ?? '');

describe('ObjectsTable', () => {
  it('has one row per shown lifetime, with its size and block, and Reuses naming the earlier lifetime at the address', () => {
    const trace = sonTrace(3);
    // Chunk sizes for the Sons only: the others show their size alone (block unknown).
    trace.objects.chunk = Int32Array.from(trace.objects.address, (a) => (a === SON_ADDRESS ? 184 : 0));
    // Where each Son's block went: the next Son took Son #1's and Son #2's; Son #3's stayed free.
    const sonIds = [...trace.objects.address.keys()].filter((o) => trace.objects.address[o] === SON_ADDRESS);
    trace.objects.blockFate = new Uint8Array(trace.objects.address.length);
    trace.objects.blockValue = new Int32Array(trace.objects.address.length);
    trace.objects.blockStep = new Int32Array(trace.objects.address.length).fill(-1);
    sonIds.forEach((o, i) => {
      const next = sonIds[i + 1];
      trace.objects.blockFate![o] = next === undefined ? BlockFate.free : BlockFate.object;
      trace.objects.blockValue![o] = next ?? 0;
      trace.objects.blockStep![o] = next === undefined ? -1 : (trace.objects.born[next] ?? -1);
    });
    renderTable(trace);
    const table = screen.getByTestId('objects-table');
    expect(table.tagName).toBe('TABLE');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent?.replace(/ [▲▼]$/, ''))).toEqual(['Address', 'Type', 'Born (line)', 'Died (line)', 'Max refcount', 'Reuses', 'Size / block', 'Block went to']);
    expect(bodyRows()).toHaveLength(7);
    const sons = bodyRows().filter((r) => cells(r)[1]?.startsWith('Son'));
    expect(sons.map((r) => cells(r))).toEqual([
      [hexAddress(SON_ADDRESS), 'Son #1', '11 @8', '7 @10', '1', '—', '32 / 184 B', 'Son #2 (step 13)'],
      [hexAddress(SON_ADDRESS), 'Son #2', '11 @13', '7 @15', '1', 'Son #1', '32 / 184 B', 'Son #3 (step 18)'],
      [hexAddress(SON_ADDRESS), 'Son #3', '11 @18', '7 @20', '1', 'Son #2', '32 / 184 B', 'still free'],
    ]);
    expect(within(sons[0]!).getAllByRole('cell')[7]).toHaveAttribute('title', `its block (${hexAddress(SON_ADDRESS)}, 184 B) went to Son #2 at line 11, step 13`);
    expect(within(sons[0]!).getAllByRole('cell')[6]).toHaveAttribute('title', '32 B object in a 184 B block');
    const other = bodyRows().find((r) => cells(r)[1] === 'function #1')!;
    expect(cells(other)[6]).toBe('160 B');
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
    fireEvent.click(within(header('Size')).getByRole('button'));
    const sizes = column(6).map((c) => Number.parseInt(c, 10));
    expect(sizes).toEqual([...sizes].sort((x, y) => x - y));
    expect(new Set(sizes).size).toBeGreaterThan(1);
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
    // One row per object and the module's: OBJECTS_PAGE * 5 + 101 rows.
    const t = seedLoopTrace(OBJECTS_PAGE * 5 + 100);
    renderTable(t);
    const count = () => screen.getByTestId('objects-table').querySelectorAll('tbody tr').length;
    expect(count()).toBe(OBJECTS_PAGE);
    fireEvent.click(screen.getByText('Show more'));
    expect(count()).toBe(OBJECTS_PAGE * 5);
    fireEvent.click(screen.getByText('Show more'));
    expect(count()).toBe(OBJECTS_PAGE * 5 + 101);
  });

  it('has a header and an empty body without a trace', () => {
    renderTable(null);
    expect(screen.getByTestId('objects-table').querySelectorAll('tbody tr')).toHaveLength(0);
  });

  it('says it is listing, not "0 of 0", while a trace that landed is still being listed', () => {
    renderTable(null, { pending: true });
    const caption = screen.getByTestId('objects-table').querySelector('caption')?.textContent ?? '';
    expect(caption).toBe('Listing the objects…');
    expect(caption).not.toMatch(/0 of 0/);
  });

  it('follows the cursor: marks the rows its line touched and those alive after it, and moves its window there', () => {
    const t = seedLoopTrace(OBJECTS_PAGE + 100);
    let emit: (step: number) => void = () => {};
    const subscribeCursor = (listener: (step: number) => void) => {
      emit = listener;
      listener(0);
      return () => {};
    };
    renderTable(t, { subscribeCursor });
    const objs = () => bodyRows().map((r) => Number(r.dataset.obj));
    // The object born last, far past the first page of rows.
    let late = 0;
    for (let o = 0; o < t.objects.born.length; o++) if (isShownByDefault(t, o) && (t.objects.born[o] ?? -1) > (t.objects.born[late] ?? -1)) late = o;
    const born = t.objects.born[late] ?? -1;
    expect(objs()).not.toContain(late);
    act(() => emit(born));
    expect(objs()).toContain(late);
    const row = bodyRows().find((r) => Number(r.dataset.obj) === late);
    expect(row?.dataset.at).toBe('touched');
    expect(bodyRows().filter((r) => r.dataset.at === 'touched')).toHaveLength(1);
    expect(screen.getByText(/around the cursor/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show earlier' })).toBeInTheDocument();
  });

  it('marks the objects alive after the line, and none that died before', () => {
    const t = sonTrace(2);
    renderTable(t, { subscribeCursor: (listener) => (listener(9), () => {}) });
    const at = Object.fromEntries(bodyRows().map((r) => [cells(r)[1], r.dataset.at ?? '']));
    // Step 9 prints; Son #1 (born at 8, freed at 10) is alive after it; Son #2 is not born yet.
    expect(at).toMatchObject({ 'Son #1': 'alive', 'Son #2': '', 'type #1': 'alive', 'module #1': 'alive' });
  });

  it('finds the focus row: touched at the step, else the last one born before it', () => {
    const t = sonTrace(2);
    const rows = Array.from({ length: t.objects.born.length }, (_, i) => i);
    const son1 = rows.find((o) => t.objects.born[o] === 8) ?? -1;
    expect(focusRow(t, rows, 8)).toBe(rows.indexOf(son1));
    expect(focusRow(t, rows, 10)).toBe(rows.indexOf(son1));
    // Step 9 touches nothing: Son #1 is the object born last and still alive after it.
    expect(focusRow(t, rows, 9)).toBe(rows.indexOf(son1));
  });
});
