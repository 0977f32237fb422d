// End-to-end: what a teacher and a blogger meet. Narration quotes output as text; presentation
// mode has no empty bar and Escape leaves it (and the address); the chosen language survives a
// reload (a link's lang= still wins, storage may be refused); PNG export at 2x with the step
// axis titled; run limits in the page, carried by Share. Small step budgets throughout.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { hashFor, SEED, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const ENDED = ['step-limit', 'time-limit', 'completed', 'stopped', 'error'];
const blur = (page) => page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
const langOf = (page) => page.evaluate(() => document.documentElement.lang);

describe('Teachers and bloggers in Chromium', () => {
  const { browser, server } = inChromium();

  test('presentation: no empty bar before a run, output quoted as text, Escape leaves it and the address', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    const program = 'x = 1\nprint(\'File "main.py"\\n  line 2\')\n';
    await page.goto(`${server.url}${hashFor(program)}&present=1&lang=en`);
    await page.waitForSelector('.app.present [data-testid=narration]');
    const empty = await page.$eval('[data-testid=narration]', (el) => ({ text: el.textContent, bg: getComputedStyle(el).backgroundColor }));
    assert.deepEqual(empty, { text: '', bg: 'rgba(0, 0, 0, 0)' });

    await page.click('[data-testid=run-button]');
    assert.equal(await waitForStatus(page, ENDED), 'completed');
    await blur(page);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    const said = await page.$eval('[data-testid=narration]', (el) => ({ text: el.textContent, bg: getComputedStyle(el).backgroundColor }));
    assert.ok(said.text.startsWith('line 2: printed "File "main.py"\n  line 2"'), said.text);
    assert.doesNotMatch(said.text, /\\n|\\"/);
    assert.notEqual(said.bg, 'rgba(0, 0, 0, 0)');

    await page.keyboard.press('Escape');
    await page.waitForSelector('.app:not(.present)');
    const hash = new URL(page.url()).hash;
    assert.doesNotMatch(hash, /present=/);
    assert.match(hash, /code=.*lang=en/);
    await page.reload();
    await page.waitForSelector('[data-testid=narration]');
    assert.equal(await page.$('.app.present'), null, 'still out of presentation after a reload');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the chosen language is remembered, a link`s lang= wins, and the embed follows; no storage is no error', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.selectOption('[data-testid=lang-select]', 'zh-CN');
    await page.reload();
    await page.waitForSelector('[data-testid=lang-select]');
    assert.equal(await langOf(page), 'zh-CN');
    // A link's lang= wins; picking another language rewrites it, so a reload keeps the pick.
    await page.goto(`${server.url}${hashFor(SEED)}&lang=en`);
    await page.reload();
    await page.waitForSelector('[data-testid=lang-select]');
    assert.equal(await langOf(page), 'en');
    await page.selectOption('[data-testid=lang-select]', 'zh-CN');
    assert.match(new URL(page.url()).hash, /lang=zh-CN/);
    await page.reload();
    await page.waitForSelector('[data-testid=lang-select]');
    assert.equal(await langOf(page), 'zh-CN');
    // The embed (same origin) opens in the remembered language.
    await page.goto(`${server.url}embed.html${hashFor(SEED)}`);
    await page.waitForSelector('[data-testid=embed]');
    assert.equal(await langOf(page), 'zh-CN');
    await context.close();

    // A sandboxed frame throws on localStorage: the page opens in the browser's language and still switches.
    const locked = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    await locked.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The document is sandboxed', 'SecurityError');
        },
      });
    });
    const bare = await locked.newPage();
    const errors = watchErrors(bare);
    await bare.goto(`${server.url}embed.html${hashFor(SEED)}`);
    await bare.waitForSelector('[data-testid=embed]');
    assert.equal(await langOf(bare), 'zh-CN');
    await bare.goto(server.url);
    await bare.selectOption('[data-testid=lang-select]', 'en');
    assert.equal(await langOf(bare), 'en');
    assert.deepEqual(errors, []);
    await locked.close();
  });

  test('run limits in the page: a 100-step run, carried by Share; PNG export at 2x with the step axis titled', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    const errors = watchErrors(page);
    await page.goto(`${server.url}${hashFor(SEED)}&lang=en`);
    await page.click('[data-testid=run-options]');
    await page.click('[data-testid=budget-steps-100]');
    await page.fill('[data-testid=budget-seconds]', '999');
    assert.equal(await page.getAttribute('[data-testid=budget-seconds]', 'aria-invalid'), 'true');
    await page.fill('[data-testid=budget-seconds]', '5');
    await page.keyboard.press('Escape');
    assert.match(await page.textContent('[data-testid=run-options]'), /100 steps · 5 s/);
    await page.click('[data-testid=run-button]');
    assert.equal(await waitForStatus(page, ENDED), 'step-limit');
    assert.match(await page.textContent('[data-testid=run-status]'), /100 steps/);

    await page.click('[data-testid=share-button]');
    const link = await page.inputValue('[data-testid=share-link]');
    assert.match(link, /&steps=100&seconds=5/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=share-panel]', { state: 'detached' });

    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-png]')]);
    const png = await readFile(await file.path());
    const [svgFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    const svg = (await readFile(await svgFile.path())).toString('utf8');
    const svgWidth = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1]);
    const svgHeight = Number(/<svg[^>]* height="([\d.]+)"/.exec(svg)?.[1]);
    assert.equal(png.readUInt32BE(16), Math.round(svgWidth * 2), 'PNG twice as wide as the timeline on a 1x screen');
    assert.equal(png.readUInt32BE(20), Math.round(svgHeight * 2));
    assert.match(svg, /text-anchor="end"[^>]*>step →</, 'the step axis is titled');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
