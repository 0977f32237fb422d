// End-to-end: where stepping lands and what the panels mean at a step. After a run the cursor
// starts at the first reuse of an address (a link's step wins); Shift+→/← and Play go from event
// to event; Variables, narration and objects agree on "the state after the line ran"; toggling
// all objects keeps the cursor's rows in the objects table; editing after an error marks the
// error as the previous run's; a SyntaxError shows the error instead of an empty timeline.
/* global document, window, MutationObserver */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashFor, SEED, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const ENDED = ['step-limit', 'time-limit', 'completed', 'stopped', 'error'];

/** The cursor, the narration, its note and the variables' names. */
function view(page) {
  return page.evaluate(() => ({
    step: Number(document.querySelector('[data-testid=step-slider]')?.value),
    note: document.querySelector('[data-testid=narration-note]')?.textContent ?? null,
    narration: document.querySelector('[data-testid=narration]')?.textContent ?? '',
    names: Array.from(document.querySelectorAll('[data-testid=variables] [data-name]'), (b) => b.getAttribute('data-name')),
    state: document.querySelector('[data-testid=step-state]')?.textContent ?? '',
  }));
}

const NOTHING = /no object created or destroyed/;

/** In the page: the objects table's touched row, whether it shows, and whether the column names do. */
function shows() {
  const box = document.querySelector('.objects-panel');
  const row = box?.querySelector('tbody tr[data-at=touched]');
  const head = box?.querySelector('thead th');
  if (!box || !row || !head) return null;
  const b = box.getBoundingClientRect();
  const pane = box.closest('.pane').getBoundingClientRect();
  const h = head.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  const top = Math.max(b.top, pane.top);
  const headShows = h.top >= top - 1 && h.bottom <= Math.min(b.bottom, pane.bottom);
  return { born: row.children[2]?.textContent ?? '', headShows, visible: headShows && r.top >= h.bottom - 1 && r.bottom <= Math.min(b.bottom, pane.bottom) + 1 };
}

describe('Stepping lands where the story is (Chromium)', () => {
  const { browser, server } = inChromium();

  test('a run starts at the first reuse, says so, and the variables agree with the narration', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SEED, true, { steps: 300 }));
    assert.equal(await waitForStatus(page, ENDED, 120_000), 'step-limit', errors.join('\n'));
    let v = await view(page);
    assert.ok(v.step < 299, `the cursor left the last step: ${v.step}`);
    assert.equal(v.note, 'Jumped to the first reuse of an address.');
    assert.match(v.narration, /^line 2 in test\(\): object #2 created at 0x[0-9a-f]{8}, refcount 1 \(the address object #1 had\), bound to ins$/);
    assert.deepEqual(v.names, ['ins', 'test'], 'the name the narration binds is in Variables at the same step');
    assert.equal(v.state, 'Variables and objects: the state after line 2 ran.');

    // The next event: object #2 destroyed as test() returns; ins is gone from Variables there.
    await page.click('[data-testid=step-next-event]');
    v = await view(page);
    assert.match(v.narration, /test\(\) returned; object #2 at 0x[0-9a-f]{8} destroyed/);
    assert.deepEqual(v.names, ['test']);
    assert.equal(v.note, null);

    // Shift+→ / Shift+← skip the steps that create or destroy nothing.
    await page.click('[data-testid=timeline] .tl-corner');
    const landed = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Shift+ArrowRight');
      landed.push(await view(page));
    }
    assert.ok(landed.every((s) => !NOTHING.test(s.narration)), landed.map((s) => s.narration).join('\n'));
    assert.ok(landed[3].step - v.step > 4, 'events are several steps apart');
    await page.keyboard.press('Shift+ArrowLeft');
    assert.equal((await view(page)).step, landed[2].step);

    // Play visits events only: record every narration shown while it plays.
    await page.selectOption('.step-controls select', '10');
    await page.evaluate(() => {
      const shown = (window.__narrations = []);
      const el = document.querySelector('[data-testid=narration]');
      new MutationObserver(() => shown.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const from = (await view(page)).step;
    await page.click('[data-testid=step-play]');
    await page.waitForFunction((s) => Number(document.querySelector('[data-testid=step-slider]')?.value) > s + 8, from);
    await page.click('[data-testid=step-play]');
    const shown = await page.evaluate(() => window.__narrations);
    assert.ok(shown.length >= 3, `narrations while playing: ${shown.length}`);
    assert.ok(shown.every((n) => !NOTHING.test(n)), shown.join('\n'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a link's step wins over the story step", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}${hashFor(SEED, true, { steps: 120 })}&step=3`);
    await waitForStatus(page, ENDED, 120_000);
    await page.waitForFunction(() => document.querySelector('[data-testid=step-slider]')?.value === '3');
    assert.equal((await view(page)).note, null);
    await page.close();
  });

  test('toggling all objects keeps the cursor in the timeline and the objects table follows it', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url + hashFor(SEED, true, { steps: 3000 }));
    await waitForStatus(page, ENDED, 120_000);
    await page.fill('.step-jump input', '2500');
    await page.click('.step-jump button');
    await page.keyboard.press('Shift+ArrowRight');
    const at = (await view(page)).step;
    assert.ok(at > 2500);
    const ticks = () => page.$$eval('[data-testid=timeline] .tl-axis .tick text', (ts) => ts.map((t) => Number(t.textContent)));
    /**
     * The touched row of the objects table, if any, and whether it shows: inside the panel's
     * box, below the column names (which stay at the panel's top) and above the trace pane's
     * fold (at 900 px the pane cuts the panel's lower part off).
     */
    const touched = () => page.evaluate(shows);
    // The objects table follows the cursor in a deferred render (ui/useSettledTrace): let it catch up.
    const settled = () =>
      page
        .waitForFunction(`(${shows})()?.visible`, null, { timeout: 10_000 })
        .catch(() => null);
    await settled();
    let row = await touched();
    assert.ok(row?.visible, `the cursor's row is in view: ${JSON.stringify(row)}`);
    await page.click('.objects-head input[type=checkbox]');
    await page.waitForSelector('.objects-head input[type=checkbox]:checked');
    assert.equal((await view(page)).step, at, 'the cursor stays');
    const t = await ticks();
    assert.ok(t[0] <= at && at <= t[t.length - 1], `the timeline still shows step ${at}: ${t}`);
    await settled();
    row = await touched();
    assert.ok(row?.visible, `with all objects, the cursor's row is in view: ${JSON.stringify(row)}`);
    assert.match(row.born, new RegExp(`@${at}$`));
    await page.close();
  });

  test('editing after an error marks it as the previous run’s; a SyntaxError shows the error, not an empty chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url + hashFor('x = 1\nprint(y)\n', true));
    assert.equal(await waitForStatus(page, ENDED, 120_000), 'error');
    const marker = '[data-testid=editor] .cm-error-marker:not([aria-label=""])';
    await page.waitForSelector(marker);
    assert.equal(await page.getAttribute('[data-testid=error]', 'data-stale'), null);
    await page.click('.cm-content');
    await page.keyboard.press('End');
    await page.keyboard.type('  # edited');
    await page.waitForSelector('[data-testid=error][data-stale=true]');
    assert.match(await page.textContent('[data-testid=error]'), /^Previous run \(the program has changed since\): NameError/);
    assert.equal(await page.$(marker), null);
    assert.equal(await page.$('[data-testid=editor] .cm-error-line'), null);
    assert.equal(await page.getAttribute('[data-testid=bytecode]', 'data-stale'), 'true');

    // A program that cannot be compiled runs no line: the error stands where the timeline would be.
    const replace = async (program) => {
      await page.click('.cm-content');
      await page.keyboard.press('Control+a');
      await page.keyboard.type(program);
      await page.click('[data-testid=run-button]');
    };
    await replace('def f(:\n');
    assert.equal(await waitForStatus(page, ENDED, 120_000), 'error');
    assert.match(await page.textContent('[data-testid=timeline-not-run]'), /^The program did not run, so there is no timeline: SyntaxError/);
    assert.equal(await page.isVisible('[data-testid=timeline] .tl-grid'), false);
    // A run that works draws its timeline again.
    await replace('x = [1]\n');
    await waitForStatus(page, ['completed'], 120_000);
    assert.equal(await page.$('[data-testid=timeline-not-run]'), null);
    assert.ok(await page.isVisible('[data-testid=timeline] .tl-grid'));
    await page.waitForFunction(() => Number(document.querySelector('.tl-plot')?.getAttribute('data-lifetimes')) > 0);
    await page.close();
  });
});
