// @vitest-environment jsdom
import '../../tests/unit/jsdomLayout';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { parseLink } from '../share/link';
import { useStore } from '../store';
import { freshStore } from '../../tests/unit/store';
import { readBudget } from './BudgetFields';
import { PresentToggle } from './PresentToggle';
import { RunOptions } from './RunOptions';
import { ShareMenu } from './ShareMenu';

const PROGRAM = 'a = object()\nprint(id(a))\n';
const hashOf = (url: string) => url.slice(url.indexOf('#'));
const limits = () => useStore.getState().limits;

beforeEach(() => {
  freshStore();
  useStore.setState({ source: PROGRAM, trace: fakeTrace({ lines: [1, 2, 2], source: PROGRAM }), cursor: 1, lang: 'en' });
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(() => Promise.resolve()) }, configurable: true });
});

describe('readBudget', () => {
  it('reads what a link may carry, with the separators people type', () => {
    expect(readBudget('steps', '10,000')).toBe(10_000);
    expect(readBudget('steps', ' 1 000 000 ')).toBe(1_000_000);
    expect(readBudget('steps', '1e3')).toBe(1000);
    expect(readBudget('steps', '0')).toBeNull();
    expect(readBudget('steps', '10000001')).toBeNull();
    expect(readBudget('steps', '12x')).toBeNull();
    expect(readBudget('seconds', '0.5')).toBe(0.5);
    expect(readBudget('seconds', '0.05')).toBeNull();
    expect(readBudget('seconds', '121')).toBeNull();
    expect(readBudget('seconds', '')).toBeNull();
  });
});

describe('Run limits beside Run', () => {
  it('opens the budgets; presets and typed values change the next run`s limits, and the button says them', async () => {
    render(<RunOptions />);
    const button = screen.getByTestId('run-options');
    expect(button).toHaveTextContent(/^Limits/);
    await userEvent.click(button);
    const panel = screen.getByTestId('run-options-panel');
    expect(within(panel).getByTestId('budget-steps-100000')).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(within(panel).getByTestId('budget-steps-1000'));
    expect(limits()).toMatchObject({ maxSteps: 1000, maxSeconds: 10, maxOutputBytes: DEFAULT_LIMITS.maxOutputBytes });
    const seconds = within(panel).getByTestId('budget-seconds');
    await userEvent.clear(seconds);
    await userEvent.type(seconds, '2.5');
    expect(limits().maxSeconds).toBe(2.5);
    expect(button).toHaveTextContent('1,000 steps · 2.5 s');
    await userEvent.click(within(panel).getByTestId('budget-reset'));
    expect(limits()).toMatchObject({ maxSteps: 100_000, maxSeconds: 10 });
    expect(seconds).toHaveValue('10');
  });

  it('shows an invalid value as such and keeps the last valid budget', async () => {
    render(<RunOptions />);
    await userEvent.click(screen.getByTestId('run-options'));
    const steps = screen.getByTestId('budget-steps');
    await userEvent.clear(steps);
    await userEvent.type(steps, '20000000');
    expect(steps).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('budget-steps-error')).toHaveTextContent('from 1 to 10,000,000');
    // Applied as typed: the last valid value (2,000,000) stands, the invalid one is not taken.
    expect(limits().maxSteps).toBe(2_000_000);
    await userEvent.clear(steps);
    await userEvent.type(steps, '5,000');
    expect(steps).toHaveAttribute('aria-invalid', 'false');
    expect(steps).toHaveValue('5,000');
    expect(limits().maxSteps).toBe(5000);
  });

  it('Escape closes the popover first, without leaving presentation mode', async () => {
    useStore.setState({ present: true });
    render(
      <>
        <RunOptions />
        <PresentToggle />
      </>,
    );
    await userEvent.click(screen.getByTestId('run-options'));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('run-options-panel')).toBeNull();
    expect(useStore.getState().present).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(useStore.getState().present).toBe(false);
  });

  it('speaks Chinese', async () => {
    useStore.setState({ lang: 'zh-CN', limits: { ...DEFAULT_LIMITS, maxSteps: 500, maxSeconds: 2 } });
    render(<RunOptions />);
    expect(screen.getByTestId('run-options')).toHaveTextContent('500 步 · 2 秒');
  });
});

describe('budgets in Share and Embed', () => {
  it('the share link follows the budgets chosen in its panel', async () => {
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('share-button'));
    await userEvent.click(screen.getByTestId('budget-steps-1000'));
    await userEvent.click(screen.getByTestId('budget-seconds-1'));
    const { view } = parseLink(hashOf((screen.getByTestId('share-link') as HTMLInputElement).value));
    expect(view).toMatchObject({ source: PROGRAM, maxSteps: 1000, maxSeconds: 1 });
  });

  it('the live embed snippet carries them; a replay of a run with other budgets offers to run again', async () => {
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('embed-button'));
    await userEvent.click(screen.getByTestId('budget-steps-100'));
    const src = /<iframe src="([^"]+)"/.exec((screen.getByTestId('embed-code') as HTMLTextAreaElement).value)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(parseLink(hashOf(src)).view).toMatchObject({ run: true, maxSteps: 100 });
    await userEvent.click(screen.getByTestId('embed-replay'));
    expect(screen.getByTestId('budget-replay-other')).toHaveTextContent('This run had a limit of 100,000 steps');
    expect(screen.getByTestId('budget-rerun')).toBeInTheDocument();
  });
});
