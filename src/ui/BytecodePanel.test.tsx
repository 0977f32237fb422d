// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { fakeTrace } from '../../tests/unit/fakes';
import { useStore } from '../store';
import { freshStore } from '../../tests/unit/store';
import { lineAt } from '../trace/lifetimes';
import { BytecodePanel, BytecodePanelView } from './BytecodePanel';

const trace = recordedSeedLoop();

/** The rows of the current line as [opname, mark]. */
function currentRows(): Array<[string, string | null]> {
  const panel = screen.getByTestId('bytecode');
  return Array.from(panel.querySelectorAll<HTMLTableRowElement>('tbody tr[data-current="true"]'), (tr) => [
    tr.querySelector('.bc-op')?.textContent ?? '',
    tr.getAttribute('data-mark'),
  ]);
}

/** First step at `line`, after `from`. */
function stepAt(line: number, from = 0): number {
  for (let s = from; s < trace.steps.line.length; s++) if (lineAt(trace, s) === line) return s;
  throw new Error(`no step at line ${line}`);
}

beforeEach(() => {
  freshStore();
  useStore.setState({ lang: 'en' });
});

describe('Bytecode panel', () => {
  it('asks for a run when there is no trace', () => {
    render(<BytecodePanelView trace={null} cursor={0} />);
    expect(screen.getByTestId('bytecode')).toHaveTextContent('Run the program to see its bytecode.');
  });

  it('says so when no line ran (a SyntaxError)', () => {
    render(<BytecodePanelView trace={fakeTrace({ status: 'error', lines: [] })} cursor={0} />);
    expect(screen.getByTestId('bytecode')).toHaveTextContent('No line of the program ran');
  });

  it("shows the code object of the step and lights the step's line", () => {
    const create = stepAt(5);
    render(<BytecodePanelView trace={trace} cursor={create} />);
    const panel = screen.getByTestId('bytecode');
    expect(panel).toHaveAttribute('data-code', 'test');
    expect(panel).toHaveTextContent('dis of test');
    // `ins = object()`: the CALL that creates the object is marked; nothing died, so no release marks.
    expect(currentRows()).toEqual([
      ['LOAD_GLOBAL', null],
      ['CALL', 'creates'],
      ['STORE_FAST', null],
    ]);
    expect(within(panel).getByText('by instruction kind', { exact: false })).toBeInTheDocument();
  });

  it('marks the instructions that release objects where the object died', () => {
    const die = stepAt(6);
    render(<BytecodePanelView trace={trace} cursor={die} />);
    const rows = currentRows();
    expect(rows.map(([op]) => op)).toEqual(['LOAD_GLOBAL', 'LOAD_GLOBAL', 'LOAD_FAST_BORROW', 'CALL', 'CALL', 'POP_TOP', 'LOAD_CONST', 'RETURN_VALUE']);
    expect(rows.filter(([, mark]) => mark === 'releases').map(([op]) => op)).toEqual(['POP_TOP', 'RETURN_VALUE']);
    expect(rows.filter(([, mark]) => mark === 'creates').map(([op]) => op)).toEqual(['CALL', 'CALL']);
  });

  it('follows the store cursor from one code object to another', () => {
    useStore.setState({ trace, cursor: stepAt(10) });
    render(<BytecodePanel />);
    expect(screen.getByTestId('bytecode')).toHaveAttribute('data-code', '<module>');
    expect(currentRows().map(([op]) => op)).toEqual(['LOAD_NAME', 'PUSH_NULL', 'CALL', 'POP_TOP', 'JUMP_BACKWARD']);
    act(() => useStore.getState().setCursor(stepAt(5)));
    expect(screen.getByTestId('bytecode')).toHaveAttribute('data-code', 'test');
    expect(currentRows().map(([op]) => op)).toEqual(['LOAD_GLOBAL', 'CALL', 'STORE_FAST']);
    act(() => useStore.getState().setLang('zh-CN'));
    expect(screen.getByTestId('bytecode')).toHaveTextContent('字节码');
  });

  it('ends the legend with punctuation of its own language', () => {
    useStore.setState({ lang: 'zh-CN' });
    render(<BytecodePanelView trace={trace} cursor={stepAt(5)} />);
    const legend = screen.getByTestId('bytecode').querySelector('.bc-legend')?.textContent ?? '';
    expect(legend).toContain('当前行。');
    expect(legend).not.toMatch(/当前行\./);
  });

  it('says it is reading, not "run the program", while a trace that landed is still being listed', async () => {
    render(<BytecodePanel />);
    expect(screen.getByTestId('bytecode')).toHaveTextContent('Run the program to see its bytecode.');
    act(() => useStore.setState({ trace, cursor: stepAt(5) }));
    expect(screen.getByTestId('bytecode')).toHaveTextContent('Reading the bytecode…');
    expect(screen.getByTestId('bytecode')).not.toHaveTextContent('Run the program');
    await vi.waitFor(() => expect(screen.getByTestId('bytecode')).toHaveAttribute('data-code', 'test'));
  });
});
