// @vitest-environment jsdom
import '../../tests/unit/jsdomLayout';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClient, fakeTrace } from '../../tests/unit/fakes';
import { connectRuntime, useStore } from '../store';
import { freshStore } from '../../tests/unit/store';
import { App } from './App';

let client: FakeClient;
let disconnect: () => void;

beforeEach(() => {
  freshStore();
  client = new FakeClient();
  disconnect = connectRuntime(client);
});
afterEach(() => disconnect());

const status = () => screen.getByTestId('run-status').getAttribute('data-status');

describe('App controls', () => {
  it('shows the seed snippet and loading status before Python is ready', () => {
    render(<App />);
    expect(status()).toBe('loading');
    expect(screen.getByTestId('editor')).toHaveTextContent('print(id(ins))');
    expect(screen.getByTestId('run-button')).toBeEnabled();
    expect(screen.getByTestId('stop-button')).toBeDisabled();
  });

  it('Run, output, completion', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => client.becomeReady());
    expect(status()).toBe('ready');
    await user.click(screen.getByTestId('run-button'));
    expect(status()).toBe('running');
    expect(screen.getByTestId('run-status')).toHaveTextContent('Starting a fresh interpreter');
    expect(screen.getByTestId('run-button')).toBeDisabled();
    expect(screen.getByTestId('stop-button')).toBeEnabled();
    act(() => {
      client.start();
      client.print('1\n');
      client.print('oops\n', 'stderr');
      client.print('2\n');
    });
    expect(screen.getByTestId('output').textContent).toBe('1\noops\n2\n');
    expect(screen.getByTestId('run-status')).toHaveTextContent('Running…');
    expect(screen.getByTestId('output').querySelector('.output-stderr')).toHaveTextContent('oops');
    act(() => client.finish(fakeTrace({ status: 'step-limit', lines: [1, 2] })));
    expect(status()).toBe('step-limit');
    expect(screen.getByTestId('run-button')).toBeEnabled();
    expect(screen.getByTestId('stop-button')).toBeDisabled();
  });

  it('Stop ends the run as stopped and keeps the output', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => client.becomeReady());
    await user.click(screen.getByTestId('run-button'));
    act(() => client.print('partial\n'));
    await user.click(screen.getByTestId('stop-button'));
    expect(status()).toBe('stopped');
    expect(client.stops).toBe(1);
    expect(screen.getByTestId('output')).toHaveTextContent('partial');
  });

  it('shows the error with its line', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => client.becomeReady());
    await user.click(screen.getByTestId('run-button'));
    const error = { type: 'NameError', message: "name 'a' is not defined", line: 3, traceback: [] };
    act(() => client.finish(fakeTrace({ status: 'error', error, lines: [1, 2, 3] })));
    expect(status()).toBe('error');
    expect(screen.getByTestId('error')).toHaveTextContent("NameError: name 'a' is not defined (line 3)");
    expect(document.querySelector('.cm-error-line')).not.toBeNull();
  });

  it('never renders program output as HTML', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => client.becomeReady());
    await user.click(screen.getByTestId('run-button'));
    act(() => client.print('<img src=x onerror="window.pwned=1"><b>bold</b>\n'));
    const output = screen.getByTestId('output');
    expect(output.querySelector('img, b')).toBeNull();
    expect(output.textContent).toContain('<b>bold</b>');
  });

  it('Ctrl+Enter in the editor runs the program', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => client.becomeReady());
    const content = document.querySelector<HTMLElement>('.cm-content')!;
    content.focus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(client.runs).toHaveLength(1);
    expect(status()).toBe('running');
  });

  it('shows a notice for a broken link and lets it be dismissed', async () => {
    const user = userEvent.setup();
    useStore.setState({ problems: [{ kind: 'broken-code' }] });
    render(<App />);
    expect(screen.getByTestId('notice')).toHaveTextContent('could not be read');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('notice')).toBeNull();
  });

  it('edits reach the store and programs loaded into the store reach the editor', () => {
    render(<App />);
    act(() => useStore.getState().setSource('x = 1\n'));
    expect(screen.getByTestId('editor')).toHaveTextContent('x = 1');
  });
});
