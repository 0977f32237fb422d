// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../store';
import { KeysHelp } from './KeysHelp';

/** A stand-in for the page's own key listeners (StepControls, PresentToggle, any later one). */
const pageKeys = vi.fn();
const onPageKey = (e: KeyboardEvent) => pageKeys(e.key);

beforeEach(() => {
  useStore.setState({ lang: 'en', present: false });
  pageKeys.mockClear();
  document.addEventListener('keydown', onPageKey);
});
afterEach(() => document.removeEventListener('keydown', onPageKey));

describe('KeysHelp', () => {
  it('opens with ? from the page, holds the page keys and the focus, and Escape gives the focus back', () => {
    render(
      <>
        <button type="button">elsewhere</button>
        <KeysHelp />
      </>,
    );
    const elsewhere = screen.getByRole('button', { name: 'elsewhere' });
    elsewhere.focus();
    fireEvent.keyDown(elsewhere, { key: '?' });
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(screen.getByRole('button', { name: 'Keyboard shortcuts (?)' })).toHaveAttribute('aria-expanded', 'true');
    // The list says how to run (the modifier of this platform) and how to step.
    expect(screen.getByRole('rowheader', { name: 'Ctrl+Enter' })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Shift\+← Shift\+→ previous \/ next step that creates or destroys an object/ })).toBeInTheDocument();
    const close = screen.getByRole('button', { name: 'Close' });
    expect(close).toHaveFocus();
    pageKeys.mockClear(); // the stand-in listened before the list did, and saw the `?`

    // Behind the dialog the page hears no key (stepping, play, presentation, or one it learns
    // later); Tab stays in the dialog.
    for (const key of ['ArrowRight', 'End', 'p', 'ArrowDown', 'j', 'Enter']) fireEvent.keyDown(close, { key });
    fireEvent.keyDown(close, { key: 'Tab' });
    expect(close).toHaveFocus();
    expect(pageKeys).not.toHaveBeenCalled();

    // Escape closes it (and is not also the page's Escape, which leaves presentation mode).
    fireEvent.keyDown(close, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(elsewhere).toHaveFocus();
    expect(pageKeys).not.toHaveBeenCalled();
    fireEvent.keyDown(elsewhere, { key: 'ArrowRight' });
    expect(pageKeys).toHaveBeenCalledWith('ArrowRight');

    // ? closes it as well.
    fireEvent.keyDown(elsewhere, { key: '?' });
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    pageKeys.mockClear();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Close' }), { key: '?' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(pageKeys).not.toHaveBeenCalled();
  });

  it('opens from its button, closes with a click beside it, and ? typed into a field is only a character', () => {
    render(
      <>
        <input aria-label="jump" />
        <KeysHelp />
      </>,
    );
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'jump' }), { key: '?' });
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Keyboard shortcuts (?)' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.pointerDown(dialog);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    fireEvent.pointerDown(dialog.parentElement!);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('speaks Chinese, and takes presentation mode’s large type', () => {
    useStore.setState({ lang: 'zh-CN', present: true });
    render(<KeysHelp />);
    act(() => screen.getByRole('button', { name: '键盘快捷键（?）' }).click());
    const dialog = screen.getByRole('dialog', { name: '键盘快捷键' });
    expect(dialog.parentElement).toHaveClass('keys-present');
    expect(screen.getByRole('row', { name: /空格 播放 \/ 暂停/ })).toBeInTheDocument();
  });
});
