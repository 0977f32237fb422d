// @vitest-environment jsdom
import '../../tests/unit/jsdomLayout';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClient } from '../../tests/unit/fakes';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { EXAMPLES, exampleById } from '../examples';
import { buildLink } from '../share/link';
import { connectRuntime, openLink, useStore } from '../store';
import { freshStore } from '../../tests/unit/store';
import { App } from './App';

beforeAll(() => {
  // jsdom has no canvas; the timeline draws nothing but keeps working.
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

let client: FakeClient;
let disconnect: () => void;

beforeEach(() => {
  freshStore();
  useStore.setState({ lang: 'en', exampleId: null });
  client = new FakeClient();
  disconnect = connectRuntime(client);
});
afterEach(() => disconnect());

const app = () => document.querySelector('.app') as HTMLElement;

describe('Examples menu', () => {
  it('opens from the keyboard, moves with the arrows and loads an example without running it', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => client.becomeReady());
    const button = screen.getByTestId('examples-button');
    button.focus();
    await user.keyboard('{ArrowDown}');
    const menu = screen.getByRole('menu', { name: 'Examples' });
    const items = within(menu).getAllByRole('menuitem');
    expect(items).toHaveLength(EXAMPLES.length);
    expect(items[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(items[items.length - 1]).toHaveFocus();
    await user.keyboard('{Home}{ArrowDown}{ArrowDown}{ArrowDown}{Enter}');
    const chosen = EXAMPLES[3];
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
    expect(useStore.getState().source).toBe(chosen?.code);
    expect(screen.getByTestId('example-explanation')).toHaveAttribute('data-example', chosen?.id);
    expect(screen.getByTestId('example-explanation')).toHaveTextContent(chosen?.explanation.en.slice(0, 40) ?? '?');
    expect(client.runs).toHaveLength(0);
    expect(screen.getByTestId('run-status')).toHaveAttribute('data-status', 'ready');
  });

  it('closes on Escape and on a click elsewhere', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByTestId('examples-button'));
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    await user.click(screen.getByTestId('examples-button'));
    await user.click(screen.getByTestId('run-status'));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(useStore.getState().present).toBe(false);
  });

  it('hides the explanation on request', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByTestId('examples-button'));
    await user.click(screen.getByRole('menuitem', { name: /Reference cycles/ }));
    expect(screen.getByTestId('example-explanation')).toHaveTextContent('gc.collect()');
    expect(screen.getByTestId('example-explanation')).toHaveTextContent('runs to the end');
    act(() => useStore.getState().setSource(`${useStore.getState().source}print("more")\n`));
    expect(screen.getByTestId('example-explanation')).toHaveTextContent('edited since it was loaded');
    await user.click(within(screen.getByTestId('example-explanation')).getByRole('button', { name: 'Hide' }));
    expect(screen.queryByTestId('example-explanation')).toBeNull();
  });
});

describe('The puzzle line', () => {
  it("asks the blog's question while its program is in the editor, and goes with another program", async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(screen.getByTestId('puzzle')).toHaveTextContent(/why does id\(\) of a fresh object\(\)/);
    act(() => useStore.getState().setSource('x = [1, 2]\n'));
    expect(screen.queryByTestId('puzzle')).toBeNull();
    // Its row goes too: nothing is left above the page but the header.
    expect(document.querySelector('.app-subheader')).toBeEmptyDOMElement();
    await user.click(screen.getByTestId('examples-button'));
    await user.click(screen.getByRole('menuitem', { name: /Reference cycles/ }));
    expect(screen.queryByTestId('puzzle')).toBeNull();
    await user.click(screen.getByTestId('examples-button'));
    await user.click(screen.getAllByRole('menuitem')[0] as HTMLElement);
    expect(useStore.getState().exampleId).toBe(EXAMPLES[0]?.id);
    expect(screen.getByTestId('puzzle')).toBeInTheDocument();
    // Edited, it is still the blog's program and its question.
    act(() => useStore.getState().setSource(`${useStore.getState().source}print("more")\n`));
    expect(screen.getByTestId('puzzle')).toBeInTheDocument();
  });

  it("asks it too when the blog's snippet is pasted as quoted, without its import sys and its blank lines", () => {
    render(<App />);
    act(() => useStore.getState().setSource('x = 1\n'));
    expect(screen.queryByTestId('puzzle')).toBeNull();
    act(() => useStore.getState().setSource('def test():\n    ins = object()\n    print(id(ins))  \n\nwhile True:\n    test()\n'));
    expect(screen.getByTestId('puzzle')).toBeInTheDocument();
    // Another program of the same lines is not the blog's.
    act(() => useStore.getState().setSource('def test():\n    ins = object()\n    print(id(ins))\n\nwhile True:\n    test()\n    break\n'));
    expect(screen.queryByTestId('puzzle')).toBeNull();
  });
});

describe('Languages', () => {
  it('switches the whole UI to Chinese and back', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => {
      client.becomeReady();
      useStore.setState({ trace: recordedSeedLoop(), cursor: 4, status: 'step-limit', steps: 24, exampleId: 'seed-loop' });
    });
    expect(screen.getByTestId('run-button')).toHaveTextContent('Run');
    expect(screen.getByTestId('narration')).toHaveTextContent(/^line 5 in test\(\): object #1 created at 0x[0-9a-f]{8}, refcount 1, bound to ins$/);
    await user.selectOptions(screen.getByTestId('lang-select'), 'zh-CN');
    expect(useStore.getState().lang).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.getByTestId('run-button')).toHaveTextContent('运行');
    expect(screen.getByTestId('run-status')).toHaveTextContent('已达步数上限 · 24 步');
    expect(screen.getByTestId('narration')).toHaveTextContent(/^第 5 行（test\(\)）：在 0x[0-9a-f]{8} 创建了 object #1，引用计数 1，绑定到 ins$/);
    expect(screen.getByTestId('example-explanation')).toHaveTextContent(exampleById('seed-loop')?.explanation['zh-CN'].slice(0, 20) ?? '?');
    expect(screen.getByTestId('bytecode')).toHaveTextContent('字节码');
    expect(screen.getByTestId('variables')).toHaveTextContent('变量');
    expect(within(screen.getByTestId('objects-table')).getAllByRole('columnheader').map((h) => h.textContent?.replace(/ [▲▼]$/, ''))).toEqual([
      '地址',
      '类型',
      '创建（行）',
      '销毁（行）',
      '最大引用计数',
      '复用',
      '大小 / 内存块',
      '内存块去向',
    ]);
    expect(screen.getByRole('button', { name: '下一步' })).toBe(screen.getByTestId('step-next'));
    expect(screen.getByTestId('examples-button')).toHaveTextContent('示例');
    await user.selectOptions(screen.getByTestId('lang-select'), 'en');
    expect(screen.getByTestId('run-button')).toHaveTextContent('Run');
    expect(document.documentElement.lang).toBe('en');
  });

  it('takes the language and presentation mode from the link', () => {
    render(<App />);
    act(() => {
      openLink(`${buildLink({ source: exampleById('weakref')?.code ?? '' })}&lang=zh-CN&present=1`);
    });
    expect(app()).toHaveClass('present');
    expect(screen.getByTestId('lang-select')).toHaveValue('zh-CN');
    expect(screen.getByTestId('example-explanation')).toHaveAttribute('data-example', 'weakref');
    expect(screen.getByTestId('example-explanation')).toHaveTextContent('弱引用');
  });
});

describe('Presentation mode', () => {
  it('toggles with the button, with P and leaves with Esc', async () => {
    const user = userEvent.setup();
    render(<App />);
    const toggle = screen.getByTestId('present-toggle');
    expect(app()).not.toHaveClass('present');
    await user.click(toggle);
    expect(app()).toHaveClass('present');
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(toggle).toHaveTextContent('Exit presentation');
    await user.keyboard('{Escape}');
    expect(app()).not.toHaveClass('present');
    fireEvent.keyDown(document.body, { key: 'p' });
    expect(useStore.getState().present).toBe(true);
    fireEvent.keyDown(document.body, { key: 'P' });
    expect(useStore.getState().present).toBe(false);
  });

  it('ignores P typed into the editor', () => {
    render(<App />);
    const content = screen.getByTestId('editor').querySelector('.cm-content') as HTMLElement;
    fireEvent.keyDown(content, { key: 'p' });
    expect(useStore.getState().present).toBe(false);
  });

  it('steps by keyboard with narration and bytecode in view', async () => {
    render(<App />);
    act(() => {
      useStore.setState({ trace: recordedSeedLoop(), cursor: 0, status: 'step-limit', steps: 24, present: true });
    });
    // The bytecode panel follows the timeline's first frame (ui/useSettledTrace).
    await waitFor(() => expect(screen.getByTestId('bytecode')).toHaveAttribute('data-code'));
    const narration = () => screen.getByTestId('narration').textContent;
    const seen = new Set<string | null>();
    for (let i = 0; i < 5; i++) {
      seen.add(narration());
      fireEvent.keyDown(document.body, { key: 'ArrowRight' });
    }
    expect(useStore.getState().cursor).toBe(5);
    expect(narration()).toMatch(/^line 6 in test\(\): printed "\d+"; test\(\) returned; object #1 at 0x[0-9a-f]{8} destroyed/);
    expect(seen.size).toBeGreaterThan(3);
    expect(screen.getByTestId('bytecode')).toHaveAttribute('data-code', 'test');
    fireEvent.keyDown(document.body, { key: 'End' });
    expect(useStore.getState().cursor).toBe(23);
    fireEvent.keyDown(document.body, { key: 'Home' });
    expect(useStore.getState().cursor).toBe(0);
    expect(screen.getByTestId('bytecode')).toHaveAttribute('data-code', '<module>');
  });
});
