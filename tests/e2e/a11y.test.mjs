// End-to-end accessibility: an axe-core audit (WCAG 2.1 A and AA rules) of the app and the
// embed after a short run of the seed's loop, in presentation mode, in Chinese and at 375 px,
// in the system's dark scheme too, with zero violations; and the seed example walked with the keyboard alone, from Run to the
// third lifetime that reuses an address, its row in the objects table and its narration.
// Functions passed to page.evaluate run in the page.
/* global document, axe, getComputedStyle */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { hashFor, SEED, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;
const ENDED = ['completed', 'step-limit', 'time-limit', 'stopped', 'error'];
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Violations of the WCAG 2.1 A/AA rules on the page, one line each. The app's CSP
 * (script-src 'self') blocks `page.addScriptTag` with inline content, so axe's source goes in
 * through `page.evaluate`, which the DevTools protocol runs outside the page's CSP.
 */
async function audit(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG21_AA);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
}

/** Presses Tab until the focused element matches `selector`; returns how many presses it took. */
async function tabTo(page, selector, max = 60) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`${selector} not reached in ${max} Tab presses`);
}

const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` : '';
  });
const text = (page, selector) => page.textContent(selector).then((s) => (s ?? '').trim());

describe('Accessibility in Chromium', () => {
  const { browser, server } = inChromium();

  const cases = [
    { name: 'the app', path: '', extra: '', width: 1400 },
    { name: 'the embed', path: 'embed.html', extra: '', width: 1000 },
    { name: 'presentation mode with the heap view', path: '', extra: '&present=1', width: 1400, heap: true },
    { name: 'the app in Chinese with the heap view', path: '', extra: '&lang=zh-CN', width: 1400, heap: true },
    { name: 'the app at 375 px with the heap view', path: '', extra: '', width: 375, heap: true },
    { name: 'the embed at 375 px in Chinese', path: 'embed.html', extra: '&lang=zh-CN', width: 375 },
    // The system's dark scheme: every colour token changes, so every page is audited again.
    { name: 'the app in the dark scheme with the heap view', path: '', extra: '', width: 1400, heap: true, dark: true },
    { name: 'the app in the dark scheme at 375 px, in Chinese, with the heap view', path: '', extra: '&lang=zh-CN', width: 375, heap: true, dark: true },
    { name: 'the embed in the dark scheme', path: 'embed.html', extra: '', width: 1000, dark: true },
    { name: 'presentation mode with the system in the dark scheme', path: '', extra: '&present=1', width: 1400, dark: true },
  ];
  for (const c of cases) {
    test(`axe finds no WCAG 2.1 A/AA violation in ${c.name} after a run`, async () => {
      const page = await browser.newPage({ viewport: { width: c.width, height: 800 }, colorScheme: c.dark ? 'dark' : 'light' });
      const errors = watchErrors(page);
      await page.goto(server.url + c.path + hashFor(SEED, true, { steps: 300 }) + c.extra);
      const ended = await waitForStatus(page, ENDED, 120_000);
      assert.equal(ended, 'step-limit', errors.join('\n'));
      await page.waitForSelector('[data-testid=timeline] .tl-plot[data-lifetimes]:not([data-lifetimes="0"])');
      // Open what opens: the marks' explanation, and a selected lifetime (its row highlighted).
      await page.$eval('[data-testid=marks-explained]', (d) => (d.open = true));
      if (c.path === '') await page.$eval('[data-testid=objects-table] tbody tr', (tr) => tr.click());
      if (c.heap) {
        // The heap view, with a box's Why alive? list open (on a narrow screen, behind the Variables tab).
        if (c.width < 800) await page.click('[data-testid=panel-tabs] [data-panel=variables]');
        await page.click('[data-testid=inspect-view-heap]');
        await page.click('[data-testid=heap-why]');
        await page.waitForSelector('[data-testid=heap-why-list]');
      }
      const violations = await audit(page);
      assert.deepEqual(violations, [], `${violations.length} violations:\n${violations.join('\n')}`);
      await page.close();
    });
  }

  test('keyboard only: edit, Run, pick the third reused lifetime on the timeline, reach its row and narration', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SEED, false, { steps: 300 }) + '&lang=en');
    await waitForStatus(page, ['ready'], 120_000);

    // Edit: Tab into the editor, type at the end, and leave it again (Escape, then Tab): no trap.
    await tabTo(page, '.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('  # by keyboard');
    assert.match(await text(page, '[data-testid=editor] .cm-content'), /test\(\) {2}# by keyboard$/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor'))), false, `focus stayed in the editor`);

    // Run: back to the Run button with Shift+Tab, Enter; the status is announced once it changes.
    for (let i = 0; i < 60 && !(await page.evaluate(() => document.activeElement?.matches('[data-testid=run-button]') ?? false)); i++) {
      await page.keyboard.press('Shift+Tab');
    }
    assert.equal(await page.getAttribute(':focus', 'data-testid'), 'run-button', await focused(page));
    await page.keyboard.press('Enter');
    assert.equal(await waitForStatus(page, ENDED, 120_000), 'step-limit', errors.join('\n'));
    assert.match(await text(page, '[data-testid=run-status-spoken]'), /step limit/i);

    // The timeline: Tab to the plot; ↓ picks a lifetime, ↑ to the top lane (the reused address), Home to its first.
    await tabTo(page, '.tl-plot');
    assert.match((await page.getAttribute('.tl-plot', 'aria-label')) ?? '', /objects table lists the same lifetimes/);
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    assert.match(await text(page, '[data-testid=timeline-active]'), /^object #1 \(object\) at 0x[0-9a-f]+, lifetime 1 of \d+ at this address; born at line 2, step \d+/);
    // → three times: along the reuse arcs to the third lifetime that reused the address.
    const heard = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('ArrowRight');
      heard.push(await text(page, '[data-testid=timeline-active]'));
    }
    heard.forEach((line, i) => assert.match(line, new RegExp(`^object #${i + 2} .*lifetime ${i + 2} of .*reuses the address of object #${i + 1}\\.`)));

    // Enter selects it: the cursor goes to its birth, its row is selected, its narration is read.
    await page.keyboard.press('Enter');
    const row = await page.$eval('[data-testid=objects-table] tbody tr[aria-selected=true]', (tr) => Array.from(tr.cells, (c) => c.textContent.trim()));
    assert.equal(row[1], 'object #4');
    const born = Number(/@(\d+)/.exec(row[2] ?? '')?.[1]);
    assert.equal(Number(await page.inputValue('[data-testid=step-slider]')), born);
    const narration = await text(page, '[data-testid=narration-spoken]');
    assert.match(narration, /object #4/);
    assert.equal(narration, await text(page, '[data-testid=narration]'));

    // The next Tab reaches the link to the objects table, which focuses the selected row.
    await page.keyboard.press('Tab');
    assert.match(await text(page, ':focus'), /^Objects table/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-selected')), 'true', await focused(page));
    assert.equal(await text(page, ':focus td:nth-child(2)'), 'object #4');

    // Step by keyboard from the row's table: Shift+Tab back out to the page, ← steps back one.
    await page.keyboard.press('Escape');
    await page.focus('body');
    await page.keyboard.press('ArrowLeft');
    assert.equal(Number(await page.inputValue('[data-testid=step-slider]')), born - 1);

    // Every control Tab reaches shows a focus ring (the editor's is on its frame).
    await page.focus('[data-testid=run-button]');
    const bare = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      // CodeMirror marks itself focused on its next update, not within the focus event.
      if (await page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor')))) await page.waitForSelector('.cm-editor.cm-focused');
      const seen = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const framed = el.closest('.cm-editor') ?? el;
        const style = getComputedStyle(framed);
        return { what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
      });
      if (seen && !seen.ring) bare.push(seen.what);
    }
    assert.deepEqual(bare, [], `no visible focus ring on ${bare.join(', ')}`);
    await page.close();
  });

  test('? lists the keyboard shortcuts (axe-clean, in presentation mode and Chinese too); Escape closes the list only', async () => {
    for (const extra of ['', '&present=1&lang=zh-CN']) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = watchErrors(page);
      await page.goto(server.url + hashFor(SEED, true, { steps: 300 }) + extra);
      assert.equal(await waitForStatus(page, ENDED, 120_000), 'step-limit', errors.join('\n'));
      await page.focus('body');
      const step = await text(page, '[data-testid=step-current]');
      await page.keyboard.press('?');
      const dialog = page.locator('[data-testid=keys-dialog]');
      await dialog.waitFor();
      assert.match(await dialog.textContent(), extra ? /键盘快捷键.*Ctrl\+Enter/ : /Keyboard shortcuts.*previous \/ next step.*Ctrl\+Enter/);
      const violations = await audit(page);
      assert.deepEqual(violations, [], `${violations.length} violations:\n${violations.join('\n')}`);
      // The page's keys wait behind the list: no step, no leaving presentation mode.
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Escape');
      assert.equal(await dialog.count(), 0);
      assert.equal(await text(page, '[data-testid=step-current]'), step);
      assert.equal(await page.getAttribute('.app', 'data-present'), extra ? 'true' : null);
      // The button opens it too, and the focus comes back to the button.
      await page.click('[data-testid=keys-button]');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      assert.equal(await page.getAttribute(':focus', 'data-testid'), 'keys-button');
      await page.close();
    }
  });

  test('keyboard only: Run, then Stop from the next Tab stop, and the status change is announced', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url + hashFor(SEED, false, { steps: 5_000_000, seconds: 60 }) + '&lang=en');
    await waitForStatus(page, ['ready'], 120_000);
    await tabTo(page, '[data-testid=run-button]');
    await page.keyboard.press('Enter');
    await waitForStatus(page, ['running']);
    // Run is disabled while running; the next Tab stop is Stop.
    await page.keyboard.press('Tab');
    assert.equal(await page.getAttribute(':focus', 'data-testid'), 'stop-button', await focused(page));
    await page.keyboard.press('Enter');
    assert.equal(await waitForStatus(page, ENDED), 'stopped');
    assert.match(await text(page, '[data-testid=run-status-spoken]'), /stopped/i);
    await page.close();
  });
});
