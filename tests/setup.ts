// Component tests opt into jsdom per file (`// @vitest-environment jsdom`); this adds
// Testing Library's DOM matchers for them and cleans the DOM after each test.
import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/dom';
import { afterEach, vi } from 'vitest';

// Waits on a condition get 10 s instead of 1 s (Testing Library's waitFor/findBy and
// vi.waitFor): on a loaded 2-core CI machine, decoding a recording or rendering a panel can
// take longer than a second. A condition that never holds still fails, only later.
const WAIT_MS = 10_000;
configure({ asyncUtilTimeout: WAIT_MS });
const waitFor = vi.waitFor;
vi.waitFor = ((callback, options) =>
  waitFor(callback, typeof options === 'number' ? options : { timeout: WAIT_MS, ...options })) as typeof vi.waitFor;

afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
});
