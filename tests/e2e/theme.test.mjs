// End-to-end: the page follows the system's colour scheme. In the dark scheme the page, the
// editor and the timeline's canvases are dark; the scheme changing while the page is open
// re-colours them without a reload; presentation mode stays light (a projector) whatever the
// system asks. A link's theme= overrides the system: the embed a blogger fixed to dark, and
// the app's first paint (before any JavaScript) with it. (The axe audits in a11y.test.mjs
// check the dark scheme's contrast.)
/* global document, getComputedStyle */
// The README's dark screenshot is this test's page: `UPDATE_SCREENSHOT=1 node --test
// tests/e2e/theme.test.mjs` copies test-results/dark.png to docs/dark.png.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { hashFor, repoRoot, SEED, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

/** Relative lightness (0 black … 255 white) of the page's ground, the editor's gutter and the timeline's gutter canvas. */
function grounds(page) {
  return page.evaluate(() => {
    const rgb = (css) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const light = ([r, g, b]) => Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    const canvas = document.querySelector('[data-testid=timeline] canvas.tl-gutter');
    // The gutter's top-left corner is its output strip's ground, drawn before any text.
    const pixel = [...canvas.getContext('2d').getImageData(1, 1, 1, 1).data].slice(0, 3);
    // The app's (or the embed's) own ground (presentation mode paints one), else the page's under it.
    const app = getComputedStyle(document.querySelector('.app, .embed')).backgroundColor;
    const ground = app === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.documentElement).backgroundColor : app;
    return {
      page: light(rgb(ground)),
      editor: light(rgb(getComputedStyle(document.querySelector('.cm-gutters')).backgroundColor)),
      timeline: light(pixel),
    };
  });
}

const isDark = (g) => g.page < 64 && g.editor < 64 && g.timeline < 64;
const isLight = (g) => g.page > 192 && g.editor > 192 && g.timeline > 192;
/** Waits a frame or two: the canvases redraw on the next animation frame. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe('Colour scheme in Chromium', () => {
  const { browser, server } = inChromium();

  test('dark when the system is; re-coloured live when it changes; presentation mode stays light', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SEED, true, { steps: 120 }));
    assert.equal(await waitForStatus(page, ['step-limit', 'error'], 120_000), 'step-limit', errors.join('\n'));
    await page.waitForSelector('[data-testid=timeline] .tl-plot[data-lifetimes]:not([data-lifetimes="0"])');
    await frames(page);
    const dark = await grounds(page);
    assert.ok(isDark(dark), `dark scheme: ${JSON.stringify(dark)}`);
    const results = path.join(repoRoot, 'test-results');
    await mkdir(results, { recursive: true });
    await page.screenshot({ path: path.join(results, 'dark.png') });
    if (process.env.UPDATE_SCREENSHOT) await copyFile(path.join(results, 'dark.png'), path.join(repoRoot, 'docs/dark.png'));

    await page.emulateMedia({ colorScheme: 'light' });
    await frames(page);
    const light = await grounds(page);
    assert.ok(isLight(light), `switched to light: ${JSON.stringify(light)}`);

    await page.emulateMedia({ colorScheme: 'dark' });
    await frames(page);
    assert.ok(isDark(await grounds(page)), 'back to dark');

    await page.keyboard.press('p');
    await page.waitForSelector('.app.present');
    await frames(page);
    const present = await grounds(page);
    assert.ok(isLight(present), `presentation mode, system dark: ${JSON.stringify(present)}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.app:not(.present)');
    await frames(page);
    assert.ok(isDark(await grounds(page)), 'dark again after presentation mode');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a link's theme= wins over the system: the embed fixed dark on a light system, its Open in Refscope too", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, colorScheme: 'light' });
    const errors = watchErrors(page);
    await page.goto(server.url + 'embed.html' + hashFor(SEED, true, { steps: 120 }) + '&theme=dark');
    assert.equal(await waitForStatus(page, ['step-limit', 'error'], 120_000), 'step-limit', errors.join('\n'));
    await page.waitForSelector('[data-testid=timeline] .tl-plot[data-lifetimes]:not([data-lifetimes="0"])');
    await frames(page);
    const g = await grounds(page);
    assert.ok(isDark(g), `embed with theme=dark, system light: ${JSON.stringify(g)}`);
    assert.match(await page.getAttribute('[data-testid=open-in-refscope]', 'href'), /[#&]theme=dark(&|$)/);
    // A new link in the open page brings its own colours, canvases included.
    await page.evaluate(() => (location.hash = location.hash.replace('theme=dark', 'theme=light')));
    await page.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'light');
    // The link runs its program again: wait for the timeline to be drawn anew.
    await page.waitForFunction(() => {
      const canvas = document.querySelector('[data-testid=timeline] canvas.tl-gutter');
      return canvas.getContext('2d').getImageData(1, 1, 1, 1).data[3] > 0;
    });
    await frames(page);
    const relinked = await grounds(page);
    assert.ok(isLight(relinked), `embed after its link changed to theme=light: ${JSON.stringify(relinked)}`);
    assert.deepEqual(errors, []);
    await page.close();

    const light = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' });
    await light.goto(server.url + hashFor(SEED, true, { steps: 120 }) + '&theme=light');
    await waitForStatus(light, ['step-limit'], 120_000);
    await light.waitForSelector('[data-testid=timeline] .tl-plot[data-lifetimes]:not([data-lifetimes="0"])');
    await frames(light);
    const l = await grounds(light);
    assert.ok(isLight(l), `app with theme=light, system dark: ${JSON.stringify(l)}`);
    await light.close();
  });

  test("the first view, painted before any JavaScript, has the system's or the link's colours", async () => {
    const shown = async (colorScheme, hash) => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme, serviceWorkers: 'block' });
      const page = await context.newPage();
      // The app's JavaScript never arrives: what shows is the page's own HTML, CSS and head script.
      await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
      await page.goto(server.url + hash);
      await page.waitForSelector('#early .fv-picture svg', { state: 'attached' });
      const seen = await page.evaluate(() => {
        const visible = [...document.querySelectorAll('#early .fv-picture svg')].filter((svg) => svg.getBoundingClientRect().width > 0);
        return {
          pictures: visible.map((svg) => svg.parentElement.className),
          paper: visible.map((svg) => svg.querySelector('rect').getAttribute('fill')),
          ground: getComputedStyle(document.querySelector('#early .pane-trace')).backgroundColor,
        };
      });
      await context.close();
      return seen;
    };
    const systemDark = await shown('dark', '#lang=en');
    assert.deepEqual(systemDark.pictures, ['fv-dark']);
    assert.equal(systemDark.ground, 'rgb(27, 28, 31)');
    const systemLight = await shown('light', '#lang=en');
    assert.deepEqual(systemLight.pictures, ['fv-light']);
    assert.deepEqual(systemLight.paper, ['#ffffff']);
    assert.equal(systemLight.ground, 'rgb(255, 255, 255)');
    assert.deepEqual((await shown('light', '#theme=dark')).pictures, ['fv-dark']);
    assert.deepEqual((await shown('dark', '#theme=light')).pictures, ['fv-light']);
  });
});
