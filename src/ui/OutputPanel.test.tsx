// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { useStore } from '../store';
import { freshStore } from '../../tests/unit/store';
import type { OutputChunk } from '../trace/types';
import { OutputPanel } from './OutputPanel';

const out = (step: number, text: string, stream: OutputChunk['stream'] = 'stdout'): OutputChunk => ({ step, stream, text });
const output = [out(0, 'zero\n'), out(2, 'two\n'), out(3, 'th'), out(4, 'ree\n'), out(4, 'err\n', 'stderr')];

function finishedRun(chunks: OutputChunk[], truncated = false) {
  const trace = fakeTrace({ lines: [1, 2, 3, 4, 5, 6], output: chunks });
  trace.meta.outputTruncated = truncated;
  useStore.setState({ status: 'completed', output: chunks, trace, cursor: 5, limits: DEFAULT_LIMITS, lang: 'en' });
}

const option = (text: string): HTMLElement => {
  const found = screen.getAllByRole('option').find((o) => o.textContent?.startsWith(text));
  if (!found) throw new Error(`no output line starting with ${text}`);
  return found;
};

beforeEach(() => {
  freshStore();
  useStore.setState({ status: 'ready', runId: 1, lang: 'en' });
});

describe('OutputPanel', () => {
  it('shows output as text lines with stderr marked, and says how many lines there are', () => {
    finishedRun(output);
    render(<OutputPanel />);
    const box = screen.getByTestId('output');
    expect(box.textContent).toBe('zero\ntwo\nthree\nerr\n');
    expect(box.getAttribute('data-lines')).toBe('4');
    expect(box.querySelector('.output-stderr')).toHaveTextContent('err');
    expect(screen.getAllByRole('option')).toHaveLength(4);
  });

  it('says so when a finished run printed nothing, and not while there is no run', () => {
    const { unmount } = render(<OutputPanel />);
    expect(screen.queryByTestId('output-empty')).toBeNull();
    unmount();
    finishedRun([]);
    render(<OutputPanel />);
    expect(screen.getByTestId('output-empty')).toHaveTextContent('The program printed nothing.');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });

  it('moves the cursor to the step that printed a clicked line, or the clicked piece of it', async () => {
    const user = userEvent.setup();
    finishedRun(output);
    render(<OutputPanel />);
    await user.click(option('two'));
    expect(useStore.getState().cursor).toBe(2);
    // Lines printed after the cursor's step are dimmed; the step's own line is marked.
    expect(option('two')).toHaveClass('output-line-current');
    expect(option('three')).toHaveClass('output-line-later');
    await user.click(screen.getByText('ree', { exact: false }));
    expect(useStore.getState().cursor).toBe(4);
    expect(option('three')).toHaveClass('output-line-current');
  });

  it('is keyboard accessible: arrows choose a line, Enter goes to its step', async () => {
    const user = userEvent.setup();
    finishedRun(output);
    render(<OutputPanel />);
    const box = screen.getByTestId('output');
    box.focus();
    await user.keyboard('{Home}{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe('output-line-1');
    expect(option('two')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(useStore.getState().cursor).toBe(2);
    await user.keyboard('{End}{Enter}');
    expect(useStore.getState().cursor).toBe(4);
  });

  it('does not move the cursor while a run has no trace yet', async () => {
    const user = userEvent.setup();
    useStore.setState({ status: 'running', output, trace: null, cursor: 0 });
    render(<OutputPanel />);
    await user.click(option('two'));
    expect(useStore.getState().cursor).toBe(0);
  });

  it('shows a notice when the output was cut at the cap', () => {
    finishedRun(output);
    const { rerender } = render(<OutputPanel />);
    expect(screen.queryByTestId('output-truncated')).toBeNull();
    act(() => finishedRun(output, true));
    rerender(<OutputPanel />);
    expect(screen.getByTestId('output-truncated')).toHaveTextContent('Output truncated');
    expect(screen.getByTestId('output-truncated')).toHaveTextContent('1,000,000 characters');
  });

  it('draws only a window of a very long output', () => {
    const chunks = Array.from({ length: 100_000 }, (_, i) => out(i, `${i}\n`));
    useStore.setState({ status: 'running', output: chunks });
    render(<OutputPanel />);
    const box = screen.getByTestId('output');
    expect(box.getAttribute('data-lines')).toBe('100000');
    expect(screen.getAllByRole('option').length).toBeLessThan(1000);
  });
});
