// @vitest-environment jsdom
/**
 * After an error, editing the program turns the run's error, error line and bytecode into the
 * previous run's; a program that never ran a line (a SyntaxError) shows its error, not a chart.
 */
import { act, render, screen } from '@testing-library/react';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { fakeTrace } from '../../tests/unit/fakes';
import { errorLine, programChanged, useStore } from '../store';
import { STACK_SWITCHING } from '../runtime/environment';
import { freshStore } from '../../tests/unit/store';
import type { RunError } from '../trace/types';
import { BytecodePanel } from './BytecodePanel';
import { ErrorMessage } from './ErrorMessage';
import { TimelinePanelView } from './TimelinePanel';

beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

const NAME_ERROR: RunError = { type: 'NameError', message: "name 'a' is not defined", line: 3, traceback: [] };
const trace = recordedSeedLoop();

beforeEach(() => {
  freshStore();
  useStore.setState({ lang: 'en', source: trace.meta.source, ranSource: trace.meta.source, trace, cursor: 3, error: NAME_ERROR });
});

describe('after the program changes', () => {
  it('the error line goes and the error says it is the previous run’s; undoing the edit brings them back', () => {
    render(<ErrorMessage />);
    expect(errorLine(useStore.getState())).toBe(3);
    expect(screen.getByTestId('error')).not.toHaveAttribute('data-stale');
    expect(screen.getByTestId('error')).toHaveTextContent(/^NameError: name 'a' is not defined \(line 3\)$/);
    act(() => useStore.getState().setSource(`${trace.meta.source}\nprint(1)\n`));
    expect(programChanged(useStore.getState())).toBe(true);
    expect(errorLine(useStore.getState())).toBeNull();
    expect(screen.getByTestId('error')).toHaveAttribute('data-stale', 'true');
    expect(screen.getByTestId('error')).toHaveTextContent(/^Previous run \(the program has changed since\): NameError/);
    act(() => useStore.getState().setSource(trace.meta.source));
    expect(screen.getByTestId('error')).not.toHaveAttribute('data-stale');
    expect(errorLine(useStore.getState())).toBe(3);
  });

  it('the bytecode says it is the previous run’s', () => {
    render(<BytecodePanel />);
    expect(screen.queryByTestId('bytecode-stale')).toBeNull();
    act(() => useStore.getState().setSource('x = 1\n'));
    expect(screen.getByTestId('bytecode')).toHaveAttribute('data-stale', 'true');
    expect(screen.getByTestId('bytecode-stale')).toHaveTextContent('Bytecode of the previous run');
  });

  it('nothing is stale before any run', () => {
    useStore.setState({ ranSource: null, error: null, trace: null });
    act(() => useStore.getState().setSource('x = 2\n'));
    expect(programChanged(useStore.getState())).toBe(false);
  });
});

describe("an error that is the browser's", () => {
  it("asyncio.run's missing stack switching keeps Python's message and says why, in the reader's language", () => {
    const error: RunError = { type: 'RuntimeError', message: STACK_SWITCHING, line: 10, traceback: [] };
    useStore.setState({ error });
    render(<ErrorMessage />);
    const shown = screen.getByTestId('error');
    expect(shown).toHaveTextContent(/^RuntimeError: WebAssembly stack switching not supported in this JavaScript runtime \(line 10\)asyncio\.run\(\)/);
    expect(shown).toHaveTextContent(/coro\.send\(None\)/);
    act(() => useStore.setState({ lang: 'zh-CN' }));
    expect(shown).toHaveTextContent(/（第 10 行）asyncio\.run\(\) 和 run_until_complete\(\) 要等浏览器/);
  });

  it('an error of the program gets no such line', () => {
    render(<ErrorMessage />);
    expect(screen.getByTestId('error').querySelector('.error-hint')).toBeNull();
  });
});

describe('a program that did not run', () => {
  it('shows its SyntaxError in place of the timeline', () => {
    const error: RunError = { type: 'SyntaxError', message: "'(' was never closed", line: 1, traceback: [] };
    const t = fakeTrace({ status: 'error', lines: [], error });
    render(<TimelinePanelView trace={t} cursor={0} selectedObject={null} showAllObjects={false} onCursor={() => {}} onSelect={() => {}} onShowAll={() => {}} />);
    expect(screen.getByTestId('timeline-not-run')).toHaveTextContent("The program did not run, so there is no timeline: SyntaxError: '(' was never closed (line 1)");
    expect(screen.getByTestId('timeline')).toHaveAttribute('data-not-run', 'true');
    expect(screen.getByRole('group', { name: /Object timeline/ })).toHaveAttribute('data-lanes', '0');
  });

  it('a run with steps draws its timeline and no such message', () => {
    render(<TimelinePanelView trace={trace} cursor={0} selectedObject={null} showAllObjects={false} onCursor={() => {}} onSelect={() => {}} onShowAll={() => {}} />);
    expect(screen.queryByTestId('timeline-not-run')).toBeNull();
    expect(screen.getByTestId('timeline')).not.toHaveAttribute('data-not-run');
    expect(screen.getByRole('group', { name: /Object timeline/ })).toHaveAttribute('data-lanes');
  });
});
