// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedLoopTrace } from '../../tests/fixtures/makeTrace';
import { useStore } from '../store';
import { PanelTabs, usePanel } from './PanelTabs';

function Harness() {
  const [panel, setPanel] = usePanel();
  return (
    <div data-testid="app" data-panel={panel}>
      <PanelTabs panel={panel} onPanel={setPanel} />
    </div>
  );
}

const shown = () => screen.getByTestId('app').getAttribute('data-panel');

beforeEach(() => {
  useStore.setState({ trace: null, runId: 0, error: null, lang: 'en' });
});

describe('PanelTabs', () => {
  it('opens on the code, follows a run to the timeline, then keeps the reader’s choice', () => {
    render(<Harness />);
    expect(shown()).toBe('code');
    expect(screen.getByRole('tab', { name: 'Code' })).toHaveAttribute('aria-selected', 'true');
    act(() => useStore.setState({ runId: 1 }));
    expect(shown()).toBe('timeline');
    fireEvent.click(screen.getByRole('tab', { name: 'Output' }));
    expect(shown()).toBe('output');
    // A later run leaves the output in view.
    act(() => useStore.setState({ runId: 2, trace: seedLoopTrace(2) }));
    expect(shown()).toBe('output');
  });

  it('opens on the timeline when a trace is already there (a replay), and moves with the arrow keys', () => {
    useStore.setState({ trace: seedLoopTrace(2) });
    render(<Harness />);
    expect(shown()).toBe('timeline');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Timeline' }), { key: 'ArrowRight' });
    expect(shown()).toBe('variables');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Variables' }));
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Variables' }), { key: 'ArrowLeft' });
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Timeline' }), { key: 'ArrowLeft' });
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Code' }), { key: 'ArrowLeft' });
    expect(shown()).toBe('output');
  });

  it('marks the output tab when the run failed, in the UI language', () => {
    useStore.setState({ lang: 'zh-CN', error: { type: 'NameError', message: 'x', line: 1, traceback: [] } });
    render(<Harness />);
    expect(screen.getByRole('tab', { name: '输出' })).toHaveClass('panel-tab-alert');
    expect(screen.getByRole('tablist')).toHaveAccessibleName('面板');
  });
});
