// A long chain freed at once (issue 13) in the page: the interpreter crashes on `del head`;
// the page shows the crash at that line, keeps the timeline and the output so far, and the
// next Run works on a fresh interpreter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashFor, waitForStatus } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const CHAIN = `class Node:
    def __init__(self, nxt):
        self.nxt = nxt

head = None
print("built")
for i in range(20000):
    head = Node(head)
del head
print("after")
`;

const { browser, server } = inChromium();

test('the crash is shown at the del line with the trace and output so far; the next run works', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}${hashFor(CHAIN, true, { steps: 1_000_000 })}`);
  assert.equal(await waitForStatus(page, ['completed', 'error', 'step-limit', 'time-limit'], 120_000), 'error');
  const error = await page.textContent('[data-testid=error]');
  assert.match(error, /one object inside the next/);
  assert.match(error, /Desktop CPython survives this/);
  assert.match(error, /\(line 9\)$/);
  assert.doesNotMatch(error, /tracer failed/);
  const output = await page.textContent('[data-testid=output]');
  assert.match(output, /built/);
  assert.doesNotMatch(output, /after/);
  assert.doesNotMatch(output, /Stack \(most recent call first\)/);
  const max = Number(await page.getAttribute('[data-testid=step-slider]', 'max'));
  assert.ok(max > 40_000, `the timeline keeps the steps before the crash (${max})`);

  await page.evaluate((hash) => (location.hash = hash), hashFor('print("again")\n'));
  await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent?.includes('again'));
  await page.click('[data-testid=run-button]');
  assert.equal(await waitForStatus(page, ['completed', 'error'], 60_000), 'completed');
  assert.match(await page.textContent('[data-testid=output]'), /again/);
  await page.close();
});
