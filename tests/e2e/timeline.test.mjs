// End-to-end: the seed's `__del__` example from the hash, then the timeline, the objects
// table, keyboard stepping, the editor's line highlight and the variables panel.
// Functions passed to page.evaluate run in the page.
/* global document, axe */
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import { hashFor, repoRoot, SEED, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;
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
  const { browser, server } = inChromium();

  test("the third Son's narration says why it did not get the second Son's block; the table says where blocks went", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SON, true));
    const ended = await waitForStatus(page, ['step-limit', 'time-limit', 'completed', 'stopped', 'error'], 120_000);
    assert.ok(['step-limit', 'time-limit'].includes(ended), `status ${ended}; ${errors.join('\n')}`);
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    const headers = await page.$$eval('[data-testid=objects-table] thead th', (ths) => ths.map((th) => th.textContent.replace(/ [▲▼]$/, '').trim()));
    assert.equal(headers[7], 'Block went to');
    const rows = await tableRows(page);
    const son = (n) => rows.find((r) => r[1] === `Son #${n}`);
    // Son #1's block went to Son #2 (the same address, A, A).
    assert.equal(son(2)[0], son(1)[0]);
    assert.match(son(1)[7], /^Son #2 \(step \d+\)$/);
    // The first Son at a new address (the third under Node; in Chromium the heap differs and it
    // can be a later one): its narration says why it did not get the previous Son's block.
    let n = 2;
    while (son(n + 1) && son(n + 1)[0] === son(n)[0]) n++;
    const moved = son(n + 1);
    assert.ok(moved, `no Son moved to a new address: ${JSON.stringify(rows.filter((r) => r[1].startsWith('Son')).slice(0, 8))}`);
    const born = Number(/@(\d+)/.exec(moved[2])[1]);
    await page.click('[data-testid=timeline] .tl-corner');
    await page.keyboard.press('Home');
    for (let i = 0; i < born; i++) await page.keyboard.press('ArrowRight');
    assert.equal((await snapshot(page)).step, born);
    const narration = await page.$eval('[data-testid=narration]', (el) => el.textContent);
    assert.match(narration, new RegExp(`Son #${n + 1} created at ${moved[0]}`));
    // Why not: its chunk size differs from the block the previous Son left ("8 / 184 B" → 184).
    const chunk = (row) => Number(/\/ (\d+) B/.exec(row[6])[1]);
    assert.notEqual(chunk(moved), chunk(son(n)));
    assert.ok(
      narration.includes(`it did not get Son #${n}'s block (${son(n)[0]}, ${chunk(son(n))} B): this one asks malloc for ${chunk(moved)} B`),
      narration,
    );
    assert.deepEqual(errors, []);
    await page.close();
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

    // The run opens on its first reuse (Son #2 at Son #1's address), early in the run; the top lane
    // (the most reused address) fills later: go to the last step, where it holds Son lifetimes.
    await page.click('[data-testid=timeline] .tl-corner');
    await page.keyboard.press('End');
    await page.waitForTimeout(100);
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
    // The panels show the state after the cursor's line ran: once `ins = Son()` has run, ins is bound.
    const inCall = seen.find((s) => s.lineText?.includes('ins = Son()'));
    assert.ok(inCall, 'stepping reaches ins = Son()');
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
    // The table's first page (100 rows): nearly all of it object() lifetimes, after the module and test().
    assert.ok(rows.length >= 95, `only ${rows.length} object() rows`);
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

  test("the seed loop's reused lane: its block history lists object() occupants and where the block went between them", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SEED, true, { steps: 400 }));
    await waitForStatus(page, ['step-limit', 'time-limit', 'completed', 'stopped', 'error'], 120_000);
    // The top lane (the most reused address) sits under the group header: click its label.
    await page.locator('.tl-gutter').click({ position: { x: 60, y: 16 + 28 + 14 } });
    const panel = page.locator('[data-testid=block-history]');
    await panel.waitFor();
    const rows = await panel.locator('li').evaluateAll((li) => li.map((l) => [l.dataset.kind, l.textContent.trim()]));
    const objects = rows.filter(([k]) => k === 'object');
    assert.ok(objects.length >= 5, `only ${objects.length} occupants`);
    assert.ok(objects.every(([, t]) => /^object #\d+ 8 B in a 16 B chunk/.test(t)), objects.slice(0, 3).join('\n'));
    // Between two occupants, the block went straight to the next one.
    for (let i = 0; i + 2 < rows.length; i += 2) {
      assert.equal(rows[i]?.[0], 'object');
      const next = rows[i + 2]?.[1].match(/^object #\d+/)?.[0];
      assert.match(rows[i + 1]?.[1] ?? '', new RegExp(`^went to ${next} at line 2, step \\d+$`));
    }
    // An occupant's row selects it, as the objects table does.
    await panel.locator('li[data-kind=object] button').nth(2).click();
    assert.equal(await page.textContent('[data-testid=objects-table] tr[aria-selected=true] td:nth-child(2)'), 'object #3');
    // axe on the open panel.
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => axe.run('[data-testid=block-history]', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
    // Escape closes it and gives focus back; the keyboard opens it again from the lane labels.
    await page.keyboard.press('Escape');
    assert.equal(await panel.count(), 0);
    await page.focus('.tl-gutter-box');
    await page.keyboard.press('ArrowDown');
    assert.match(await page.textContent('[data-testid=lane-picked]'), /^0x[0-9a-f]{8}, \d+ lifetimes$/);
    await page.keyboard.press(' ');
    await panel.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Close');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'tl-gutter-box');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
