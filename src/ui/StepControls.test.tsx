// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { sonTrace } from '../../tests/fixtures/makeTrace';
import { fakeTrace } from '../../tests/unit/fakes';
import type { TraceData } from '../trace/types';
import { StepControlsView } from './StepControls';

function Harness({ trace, start = 0, onCursor }: { trace: TraceData | null; start?: number; onCursor?: (s: number) => void }) {
  const [cursor, setCursor] = useState(start);
  return (
    <>
      <StepControlsView
        trace={trace}
        cursor={cursor}
        onCursor={(s) => {
          onCursor?.(s);
          setCursor(s);
        }}
      />
      <div className="cm-editor">
        <div contentEditable="true" suppressContentEditableWarning data-testid="editor">
          code
        </div>
      </div>
    </>
  );
}

const slider = (): HTMLInputElement => screen.getByTestId('step-slider');

describe('StepControls', () => {
  it('steps with the buttons and keeps the slider on the cursor', () => {
    const t = sonTrace(2);
    render(<Harness trace={t} />);
    expect(slider().value).toBe('0');
    expect(slider().max).toBe(String(t.steps.line.length - 1));
    expect(screen.getByTestId('step-prev')).toBeDisabled();
    fireEvent.click(screen.getByTestId('step-next'));
    fireEvent.click(screen.getByTestId('step-next'));
    expect(slider().value).toBe('2');
    fireEvent.click(screen.getByTestId('step-prev'));
    expect(slider().value).toBe('1');
    fireEvent.click(screen.getByRole('button', { name: 'Last step' }));
    expect(slider().value).toBe(String(t.steps.line.length - 1));
    expect(screen.getByTestId('step-next')).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'First step' }));
    expect(slider().value).toBe('0');
  });

  it('moves the cursor from the slider and the jump box', () => {
    render(<Harness trace={sonTrace(3)} />);
    fireEvent.change(slider(), { target: { value: '7' } });
    expect(slider().value).toBe('7');
    fireEvent.change(screen.getByLabelText('Jump to step'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    expect(slider().value).toBe('12');
    fireEvent.change(screen.getByLabelText('Jump to step'), { target: { value: '99999' } });
    fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    expect(slider().value).toBe(slider().max);
  });

  it('answers ←/→, Home/End on the page but not inside the editor', () => {
    const t = sonTrace(2);
    render(<Harness trace={t} />);
    fireEvent.keyDown(document.body, { key: 'ArrowRight' });
    fireEvent.keyDown(document.body, { key: 'ArrowRight' });
    expect(slider().value).toBe('2');
    fireEvent.keyDown(document.body, { key: 'ArrowLeft' });
    expect(slider().value).toBe('1');
    fireEvent.keyDown(document.body, { key: 'End' });
    expect(slider().value).toBe(String(t.steps.line.length - 1));
    fireEvent.keyDown(document.body, { key: 'Home' });
    expect(slider().value).toBe('0');
    // Shift+→ / Shift+← go from event to event (here: the class at 4, `test` at 5, Son #1 at 8, its end at 10).
    fireEvent.keyDown(document.body, { key: 'ArrowRight', shiftKey: true });
    expect(slider().value).toBe('4');
    fireEvent.keyDown(document.body, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(document.body, { key: 'ArrowRight', shiftKey: true });
    expect(slider().value).toBe('8');
    fireEvent.keyDown(document.body, { key: 'ArrowLeft', shiftKey: true });
    expect(slider().value).toBe('5');
    fireEvent.keyDown(screen.getByTestId('editor'), { key: 'ArrowRight', shiftKey: true });
    expect(slider().value).toBe('5');
  });

  it('steps from event to event with its buttons, disabled past the first and last event', () => {
    const t = sonTrace(2);
    render(<Harness trace={t} start={6} />);
    fireEvent.click(screen.getByTestId('step-next-event'));
    expect(slider().value).toBe('8');
    expect(screen.getByTestId('narration')).toHaveTextContent('Son #1 created');
    fireEvent.click(screen.getByTestId('step-next-event'));
    expect(slider().value).toBe('10');
    expect(screen.getByTestId('narration')).toHaveTextContent('destroyed');
    fireEvent.click(screen.getByTestId('step-prev-event'));
    fireEvent.click(screen.getByTestId('step-prev-event'));
    fireEvent.click(screen.getByTestId('step-prev-event'));
    expect(slider().value).toBe('4');
    expect(screen.getByTestId('step-prev-event')).toBeDisabled();
    fireEvent.change(slider(), { target: { value: '15' } });
    expect(screen.getByTestId('step-next-event')).toBeDisabled();
  });

  it('says why the cursor starts where it does, and which state the panels show', () => {
    const t = sonTrace(2);
    render(<StepControlsView trace={t} cursor={13} onCursor={() => {}} landing={{ step: 13, reason: 'reuse' }} />);
    expect(screen.getByTestId('narration-note')).toHaveTextContent('Jumped to the first reuse of an address.');
    expect(screen.getByTestId('narration')).toHaveTextContent(/^line 11 in test\(\): Son #2 created/);
    expect(screen.getByTestId('step-state')).toHaveTextContent('Variables and objects: the state after line 11 ran.');
  });

  it('says nothing about the landing at other steps', () => {
    render(<StepControlsView trace={sonTrace(2)} cursor={12} onCursor={() => {}} landing={{ step: 13, reason: 'reuse' }} />);
    expect(screen.queryByTestId('narration-note')).toBeNull();
  });

  it('plays and pauses with Space, from event to event, stopping at the last event', () => {
    vi.useFakeTimers();
    try {
      const t = sonTrace(1);
      render(<Harness trace={t} />);
      fireEvent.keyDown(document.body, { key: ' ' });
      expect(screen.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
      act(() => {
        vi.advanceTimersByTime(1000);
      });
      // Five ticks at 5/s: the events at 4, 5, 8 and 10, then none is left.
      expect(slider().value).toBe('10');
      expect(screen.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
      fireEvent.change(slider(), { target: { value: '0' } });
      fireEvent.keyDown(document.body, { key: ' ' });
      act(() => {
        vi.advanceTimersByTime(400);
      });
      expect(slider().value).toBe('5');
      fireEvent.keyDown(document.body, { key: ' ' });
      act(() => {
        vi.advanceTimersByTime(1000);
      });
      expect(slider().value).toBe('5');
      fireEvent.change(screen.getByLabelText(/Speed/), { target: { value: '100' } });
      fireEvent.click(screen.getByRole('button', { name: 'Play' }));
      act(() => {
        vi.advanceTimersByTime(5000);
      });
      expect(slider().value).toBe('10');
      expect(screen.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
    } finally {
      vi.useRealTimers();
    }
  });

  it('plays step by step through a run that creates or destroys nothing shown', () => {
    vi.useFakeTimers();
    try {
      const t = fakeTrace({ lines: [1, 2, 3, 4] });
      render(<Harness trace={t} />);
      expect(screen.getByTestId('step-next-event')).toBeDisabled();
      fireEvent.click(screen.getByRole('button', { name: 'Play' }));
      act(() => {
        vi.advanceTimersByTime(1000);
      });
      expect(slider().value).toBe('3');
    } finally {
      vi.useRealTimers();
    }
  });

  it('is disabled without a trace', () => {
    render(<Harness trace={null} />);
    expect(slider()).toBeDisabled();
    expect(screen.getByTestId('step-next')).toBeDisabled();
  });

  it('narrates what happened during the step under the cursor', () => {
    const t = sonTrace(2);
    const { unmount } = render(<Harness trace={t} start={8} />);
    expect(screen.getByTestId('narration')).toHaveTextContent(/^line 11 in test\(\): Son #1 created at 0x00c3d4e8, refcount 1/);
    fireEvent.click(screen.getByTestId('step-next'));
    fireEvent.click(screen.getByTestId('step-next'));
    expect(screen.getByTestId('narration')).toHaveTextContent('line 7 in __del__():');
    expect(screen.getByTestId('narration')).toHaveTextContent('__del__ of Son #1 ran');
    expect(screen.getByTestId('narration')).toHaveTextContent('Son #1 at 0x00c3d4e8 destroyed, its block goes back to the allocator');
    unmount();
    render(<Harness trace={t} start={0} />);
    expect(screen.getByTestId('narration')).toHaveTextContent(/^line 1: /);
  });
});
