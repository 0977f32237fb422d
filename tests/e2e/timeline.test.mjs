// End-to-end: the seed's `__del__` example from the hash, then the timeline, the objects
// table, keyboard stepping, the editor's line highlight and the variables panel.
// Functions passed to page.evaluate run in the page.
/* global document */
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashFor, launch, repoRoot, SEED, serveApp, waitForStatus, watchErrors } from './browser.mjs';

const resultsDir = path.join(repoRoot, 'test-results');

const SON = `import sys
import gc

class Son(object):

    def __del__(self):
        print('Deleting instance')


def test():
    ins = Son()
    print(id(ins))


while True:
    test()
`;

/** The objects table as rows of cell texts (Address, Type, Born, Died, Max refcount, Reuses). */
function tableRows(page) {
  return page.$$eval('[data-testid=objects-table] tbody tr', (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent.trim())),
  );
}

/** What the stepping UI shows right now: cursor, highlighted editor line, variables. */
function snapshot(page) {
  return page.evaluate(() => {
    const slider = document.querySelector('[data-testid=step-slider]');
    const lit = document.querySelector('[data-testid=editor] .cm-step-line');
    const lines = Array.from(document.querySelectorAll('[data-testid=editor] .cm-content .cm-line'));
    return {
      step: Number(slider?.value),
      line: lit ? lines.indexOf(lit) + 1 : null,
      lineText: lit?.textContent ?? null,
      variables: document.querySelector('[data-testid=variables]')?.textContent ?? '',
    };
  });
}

describe('Timeline and stepping in Chromium', () => {
  let browser;
  let server;
  before(async () => {
    browser = await launch();
    server = await serveApp();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the __del__ example shows Son lifetimes reusing one address; stepping moves the line and the variables', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SON, true));
    const ended = await waitForStatus(page, ['step-limit', 'time-limit', 'completed', 'stopped', 'error'], 120_000);
    assert.ok(['step-limit', 'time-limit'].includes(ended), `status ${ended}; ${errors.join('\n')}`);

    // The objects table: Son lifetimes, several at one address, later ones naming the earlier in Reuses.
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    const rows = await tableRows(page);
    const sons = rows.filter((r) => /^Son #\d+$/.test(r[1] ?? ''));
    assert.ok(sons.length >= 3, `only ${sons.length} Son rows in ${rows.length}`);
    const byAddress = new Map();
    for (const r of sons) byAddress.set(r[0], [...(byAddress.get(r[0]) ?? []), r]);
    const shared = [...byAddress.values()].filter((list) => list.length >= 2);
    assert.ok(shared.length > 0, 'no address held two Son lifetimes');
    const reusing = sons.filter((r) => /^Son #\d+$/.test(r[5] ?? ''));
    assert.ok(reusing.length > 0, 'no Son row names an earlier Son in Reuses');
    for (const list of shared) {
      const filled = list.filter((r) => r[5] && r[5] !== '—');
      assert.ok(filled.length >= list.length - 1, `every later lifetime at ${list[0][0]} names its predecessor`);
    }
    assert.ok(await page.$eval('[data-testid=timeline]', (el) => el.querySelector('canvas') !== null));
    // The picture as the run opens: the most reused address on top, its lifetimes one after another.
    await page.waitForTimeout(100);
    await mkdir(resultsDir, { recursive: true });
    await page.locator('[data-testid=timeline]').screenshot({ path: path.join(resultsDir, 'timeline-seed.png') });

    // Hovering a bar in the top lane (row 1, under the group header) shows its tooltip.
    const plot = await page.locator('[data-testid=timeline] .tl-plot').boundingBox();
    const laneY = plot.y + 16 + 28 + 7 + 9;
    let tip = '';
    for (let x = plot.x + 5; x < plot.x + plot.width && !tip.includes('Son #'); x += 8) {
      await page.mouse.move(x, laneY);
      tip = (await page.locator('[data-testid=timeline] .tl-tip:not([hidden])').textContent({ timeout: 50 }).catch(() => '')) ?? '';
    }
    assert.match(tip, /Son #\d+/);
    assert.match(tip, /Address0x[0-9a-f]{8}/);
    assert.match(tip, /__del__line 7, step \d+/);
    assert.match(tip, /Reusesthe address of Son #\d+/);

    // Wheel zooms the step axis; 0 fits the whole run again.
    const ticks = () => page.$$eval('[data-testid=timeline] .tl-axis .tick text', (ts) => ts.map((t) => Number(t.textContent)));
    const before = await ticks();
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(100);
    const after = await ticks();
    assert.ok(after[after.length - 1] - after[0] > before[before.length - 1] - before[0], `wheel zoomed out: ${before} -> ${after}`);
    await page.focus('[data-testid=timeline] .tl-plot');
    await page.keyboard.press('0');
    await page.waitForTimeout(50);
    const fitted = await ticks();
    assert.ok(fitted[fitted.length - 1] >= 90_000, `fit shows the whole run: ${fitted}`);

    // Keyboard stepping from the first step (focus on the page, not in the editor).
    await page.click('[data-testid=timeline] .tl-corner');
    await page.keyboard.press('Home');
    const seen = [await snapshot(page)];
    assert.equal(seen[0].step, 0);
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('ArrowRight');
      seen.push(await snapshot(page));
    }
    assert.deepEqual(
      seen.map((s) => s.step),
      seen.map((_, i) => i),
      'ArrowRight advances one step at a time',
    );
    assert.ok(seen.every((s) => s.line !== null), 'the editor highlights a line at every step');
    assert.ok(new Set(seen.map((s) => s.line)).size >= 4, `the highlight moved: ${seen.map((s) => s.line).join(',')}`);
    const inCall = seen.find((s) => s.lineText?.includes('print(id(ins))'));
    assert.ok(inCall, 'stepping reaches print(id(ins))');
    assert.match(inCall.variables, /ins/);
    assert.match(inCall.variables, /Son/);
    assert.ok(new Set(seen.map((s) => s.variables)).size >= 3, 'the variables panel changed while stepping');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await snapshot(page)).step, 13);

    // Clicking Son #2's row moves the cursor to its birth.
    const son2 = sons.find((r) => r[1] === 'Son #2');
    await page.click('[data-testid=objects-table] tbody tr:has(td:text-is("Son #2"))');
    assert.equal(String((await snapshot(page)).step), /@(\d+)/.exec(son2[2])?.[1]);
    await page.screenshot({ path: path.join(resultsDir, 'timeline-page.png') });
    assert.deepEqual(
      errors.filter((e) => !/favicon/.test(e)),
      [],
    );
    await page.close();
  });

  test("the seed loop: one lane of object() lifetimes, each reusing the last one's address", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SEED, true));
    const ended = await waitForStatus(page, ['step-limit', 'time-limit', 'completed', 'stopped', 'error'], 120_000);
    assert.ok(['step-limit', 'time-limit'].includes(ended), `status ${ended}; ${errors.join('\n')}`);
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    const rows = (await tableRows(page)).filter((r) => /^object #\d+$/.test(r[1] ?? ''));
    assert.ok(rows.length > 100, `only ${rows.length} object() rows`);
    const counts = new Map();
    for (const r of rows) counts.set(r[0], (counts.get(r[0]) ?? 0) + 1);
    const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
    assert.ok(n > rows.length / 2, `the most reused address ${top} holds only ${n} of ${rows.length}`);
    assert.ok(rows.filter((r) => r[0] === top).slice(1).every((r) => /^object #\d+$/.test(r[5])), 'Reuses names the previous object()');
    await mkdir(resultsDir, { recursive: true });
    const shot = path.join(resultsDir, 'timeline-seed-loop.png');
    await page.locator('[data-testid=timeline]').screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOT) await copyFile(shot, path.join(repoRoot, 'docs/timeline.png'));
    await page.close();
  });
});
