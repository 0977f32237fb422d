// End-to-end: with all objects shown, the temporaries print makes (bytes, memoryview,
// managedbuffer...) say they are print's, in the objects table and the timeline tooltip,
// in English and Simplified Chinese. Functions passed to page.evaluate run in the page.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { hashFor, repoRoot, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const resultsDir = path.join(repoRoot, 'test-results');
const PROGRAM = 'x = object()\nprint(id(x))\n';

/** Objects table rows: type cell text and whether it carries the print tag (with its title). */
function typeCells(page) {
  return page.$$eval('[data-testid=objects-table] tbody tr', (rows) =>
    rows.map((r) => {
      const cell = r.querySelectorAll('td')[1];
      const tag = cell?.querySelector('[data-testid=output-path-tag]');
      return { text: cell?.textContent.trim() ?? '', tag: tag?.textContent ?? null, title: tag?.getAttribute('title') ?? null };
    }),
  );
}

/** Hovers the timeline's plot row by row until the tooltip names one of `types`; returns its text. */
async function tooltipFor(page, types) {
  const plot = await page.locator('[data-testid=timeline] .tl-plot').boundingBox();
  for (let y = plot.y + 20; y < plot.y + plot.height; y += 6) {
    for (const fx of [0.5, 0.25, 0.75]) {
      await page.mouse.move(plot.x + plot.width * fx, y);
      const tip = (await page.locator('[data-testid=timeline] .tl-tip:not([hidden])').textContent({ timeout: 50 }).catch(() => '')) ?? '';
      if (types.some((type) => tip.includes(`(${type})`))) return tip;
    }
  }
  return '';
}

describe("print's own objects in Chromium", () => {
  const { browser, server } = inChromium();

  for (const [lang, tagTitle, why] of [
    ['en', /Made by print itself, not by your program/, /Made by print, not by your program/],
    ['zh-CN', /由 print 自己创建，不是你的程序创建的/, /由 print 创建，不是你的程序创建的/],
  ]) {
    test(`${lang}: with all objects shown, bytes, memoryview and managedbuffer say they are print's; the program's object does not`, async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = watchErrors(page);
      await page.goto(`${server.url}${hashFor(PROGRAM, true)}${lang === 'en' ? '' : `&lang=${lang}`}`);
      const ended = await waitForStatus(page, ['completed', 'error', 'step-limit', 'time-limit'], 120_000);
      assert.equal(ended, 'completed', errors.join('\n'));
      await page.locator('.objects-head input[type=checkbox]').check();
      await page.waitForSelector('[data-testid=output-path-tag]');

      const cells = await typeCells(page);
      for (const type of ['bytes', 'memoryview', 'managedbuffer']) {
        const rows = cells.filter((c) => c.text.startsWith(`${type} #`));
        assert.ok(rows.length > 0, `no ${type} row in ${cells.map((c) => c.text).join(', ')}`);
        for (const r of rows) {
          assert.equal(r.tag, 'print', `${r.text} carries the print tag`);
          assert.match(r.title, tagTitle);
        }
      }
      const mine = cells.filter((c) => c.text.startsWith('object #'));
      assert.equal(mine.length, 1);
      assert.equal(mine[0].tag, null, "the program's own object() is not print's");

      // The lanes in view depend on the layout: any of print's three will do.
      const tip = await tooltipFor(page, ['bytes', 'memoryview', 'managedbuffer']);
      assert.match(tip, why);
      const own = await tooltipFor(page, ['object']);
      assert.ok(own && !why.test(own), `the program's object() is not print's: ${own}`);
      await mkdir(resultsDir, { recursive: true });
      await page.screenshot({ path: path.join(resultsDir, `output-path-${lang}.png`) });
      await page.close();
    });
  }
});
