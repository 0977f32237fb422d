// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { sonTrace, SON_ADDRESS } from '../../tests/fixtures/makeTrace';
import { hexAddress } from '../trace/query';
import { VariablesPanelView } from './VariablesPanel';

describe('VariablesPanel', () => {
  it('lists frames innermost first with each name’s object, address and refcount', () => {
    const t = sonTrace(2);
    // Step 8 runs `ins = Son()` in test(): once it has run, ins is bound to Son #1 (the state after the line).
    render(<VariablesPanelView trace={t} cursor={8} selectedObject={null} onSelect={() => {}} />);
    const panel = screen.getByTestId('variables');
    const headings = within(panel).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(['test()', 'globals']);
    const ins = within(panel).getByRole('button', { name: /ins/ });
    expect(ins).toHaveTextContent('Son');
    expect(ins).toHaveTextContent(hexAddress(SON_ADDRESS));
    expect(ins).toHaveTextContent('refcount 1');
    expect(ins).toHaveTextContent('Son #1');
    expect(within(panel).getByRole('button', { name: /^Son type/ })).toBeInTheDocument();
  });

  it('follows the cursor into __del__ and selects a lifetime on click', () => {
    const t = sonTrace(2);
    const onSelect = vi.fn();
    // Step 9 (`print(id(ins))`) returns from test(), which drops Son #1 and runs its __del__.
    const { rerender } = render(<VariablesPanelView trace={t} cursor={9} selectedObject={null} onSelect={onSelect} />);
    expect(screen.getAllByRole('heading', { level: 3 })[0]).toHaveTextContent('__del__()');
    const self = screen.getByRole('button', { name: /self/ });
    expect(self).toHaveTextContent('refcount 0');
    fireEvent.click(self);
    expect(onSelect).toHaveBeenCalledWith(4);
    rerender(<VariablesPanelView trace={t} cursor={9} selectedObject={4} onSelect={onSelect} />);
    expect(screen.getByRole('button', { name: /self/ })).toHaveAttribute('aria-pressed', 'true');
    // Next iteration: a new Son at the same address.
    rerender(<VariablesPanelView trace={t} cursor={13} selectedObject={4} onSelect={onSelect} />);
    expect(screen.getByRole('button', { name: /ins/ })).toHaveTextContent('Son #2');
    expect(screen.getByRole('button', { name: /ins/ })).toHaveTextContent(hexAddress(SON_ADDRESS));
  });

  it('shows nothing of a frame once its __del__ has returned', () => {
    render(<VariablesPanelView trace={sonTrace(2)} cursor={10} selectedObject={null} onSelect={() => {}} />);
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['globals']);
    expect(screen.queryByRole('button', { name: /self|ins/ })).toBeNull();
  });

  it('renders an empty state without a trace', () => {
    render(<VariablesPanelView trace={null} cursor={0} selectedObject={null} onSelect={() => {}} />);
    expect(screen.getByTestId('variables')).toHaveTextContent('No trace yet');
  });
});
