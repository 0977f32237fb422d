// Component tests opt into jsdom per file (`// @vitest-environment jsdom`); this adds
// Testing Library's DOM matchers for them and cleans the DOM after each test.
import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';

afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
});
