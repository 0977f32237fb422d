// End-to-end: the first view the page paints by itself (src/ui/firstView.ts, written into
// index.html at build). With the app's JavaScript held back (or switched off), the page
// already shows the default example's recorded run: explanation, program, timeline picture,
// narration and output, in the reader's language, and on a phone the timeline. A link to
// anything else opens without it; once the app is there, the first view is gone and the
// app shows the same run. Functions passed to page.evaluate run in the page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashFor, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

/** What of the first view is visible. */
function seen(page) {
  return page.evaluate(() => {
    const shown = (el) => Boolean(el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
    const visible = (sel) => [...document.querySelectorAll(sel)].filter(shown);
    const text = (sel) => visible(sel).map((el) => el.textContent).join(' | ');
    const picture = visible('#early .fv-picture svg')[0];
    const box = picture?.getBoundingClientRect();
    return {
      early: shown(document.getElementById('early')),
      lang: document.documentElement.getAttribute('data-lang'),
      pictures: visible('#early .fv-picture').map((el) => `${el.classList.contains('fv-wide') ? 'wide' : 'narrow'}:${el.lang}`),
      pictureWidth: box ? Math.round(box.width) : 0,
      badge: text('#early .replay-badge'),
      explanation: text('#early .fv-explanation'),
      landing: text('#early .fv-landing'),
      narration: text('#early .fv-narration'),
      code: text('#early .fv-code'),
      output: text('#early .fv-output'),
      objectRows: visible('#early .fv-objects tbody tr').length,
      editor: text('#early .cm-content'),
    };
  });
}

/** Every script of the app refused: what the page paints from its HTML and CSS alone (the head script still runs). */
async function withoutApp(page) {
  await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
}

describe('the first view the page paints by itself', () => {
  const { browser, server } = inChromium();

  test('without any JavaScript, a wide window shows the recorded run: explanation, program, timeline, narration, output', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url);
    const v = await seen(page);
    await context.close();
    assert.equal(v.early, true);
    assert.deepEqual(v.pictures, ['wide:en']);
    assert.ok(v.pictureWidth > 800, `the timeline fills its pane: ${v.pictureWidth}px`);
    assert.match(v.badge, /^Recorded run · 1,500 steps$/);
    assert.match(v.explanation, /python局部变量内存地址释放疑问的分析/);
    assert.equal(v.landing, 'Jumped to the first reuse of an address.');
    assert.match(v.narration, /^line 5 in test\(\): object #2 created at 0x[0-9a-f]+, refcount 1 \(the address object #1 had\), bound to ins$/);
    assert.match(v.code, /def test\(\):\n {4}ins = object\(\)\n {4}print\(id\(ins\)\)/);
    assert.equal(v.objectRows, 5, "the objects table's first rows");
    const ids = v.output.split('\n');
    assert.equal(ids.length, 12);
    assert.equal(new Set(ids).size, 1, 'the same id every time, as in the blog');
  });

  test('in Chinese, and on a phone the timeline and its narration', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await withoutApp(page);
    await page.goto(server.url);
    const v = await seen(page);
    await context.close();
    assert.equal(v.lang, 'zh-CN');
    assert.deepEqual(v.pictures, ['narrow:zh-CN']);
    assert.ok(v.pictureWidth >= 340 && v.pictureWidth <= 375, `the timeline fills the phone's width: ${v.pictureWidth}px`);
    assert.equal(v.badge, '录制的运行 · 1,500 步');
    assert.equal(v.landing, '已跳到第一次重用地址的地方。');
    assert.match(v.narration, /^第 5 行/);
    assert.equal(v.code, '', 'the program pane waits behind the Code tab');
    assert.equal(v.explanation, '');
    assert.ok(errors.every((e) => /assets\/|ERR_FAILED/.test(e)), errors.join('\n'));
  });

  test("a link's own program opens without the recording; lang= picks the first view's language", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await withoutApp(page);
    await page.goto(server.url + hashFor('print(1)\n'));
    const linked = await seen(page);
    await page.goto(server.url + '#lang=zh-CN');
    await page.reload();
    const chinese = await seen(page);
    await context.close();
    assert.equal(linked.early, true, 'the outline is still there');
    assert.deepEqual(linked.pictures, []);
    assert.equal(linked.narration + linked.code + linked.output + linked.badge, '');
    assert.deepEqual(chinese.pictures, ['wide:zh-CN']);
    assert.equal(chinese.badge, '录制的运行 · 1,500 步');
  });

  test('the app takes over: the editor in its program pane first, then, once the recording is read, the app with the same run', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    // Hold the app itself and the example's recording: the first view stays, with the editor in it.
    const gate = () => {
      let open = () => undefined;
      const opened = new Promise((resolve) => (open = resolve));
      return { open, opened };
    };
    const app = gate();
    const recording = gate();
    await page.route(/\/assets\/mount-.*\.js$/, async (route) => {
      await app.opened;
      await route.continue();
    });
    await page.route(/\/recordings\/seed-loop\.refscope$/, async (route) => {
      await recording.opened;
      await route.continue();
    });
    await page.goto(server.url);
    await page.waitForFunction(() => performance.getEntriesByName('refscope:editor').length > 0);
    const early = await seen(page);
    // The app is loaded, but its recording is not read yet: it does not replace the run on screen with an empty timeline.
    app.open();
    await page.waitForTimeout(1500);
    const waiting = await seen(page);
    const appShown = await page.locator('[data-testid=run-button]').count();
    recording.open();
    await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
    const after = await page.evaluate(() => ({
      early: document.getElementById('early') !== null,
      editors: document.querySelectorAll('.cm-editor').length,
      badge: document.querySelector('[data-testid=replay-badge]')?.textContent,
      narration: document.querySelector('[data-testid=narration]')?.textContent,
    }));
    await page.close();
    assert.deepEqual(early.pictures, ['wide:en']);
    assert.equal(early.code, '', 'the editor took the place of the program text');
    assert.match(early.editor, /def test\(\):/);
    assert.deepEqual(waiting.pictures, ['wide:en']);
    assert.equal(appShown, 0);
    assert.deepEqual(
      { ...after, narration: after.narration === early.narration },
      { early: false, editors: 1, badge: early.badge, narration: true },
    );
    assert.deepEqual(errors, []);
  });

  test("the frame in which the app replaces the first view already shows the run's timeline, never an empty one", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      // In each of the first frames after the first view is gone: how much of the timeline is drawn.
      const inked = [];
      window.inkedFrames = inked;
      const tick = () => {
        const canvas = document.querySelector('[data-testid=timeline] canvas');
        if (!document.getElementById('early') && canvas) {
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let ink = 0;
          for (let k = 3; k < data.length; k += 4) if (data[k]) ink++;
          inked.push(ink);
          if (inked.length === 3) return;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => window.inkedFrames?.length === 3, null, { timeout: 30_000 });
    const inked = await page.evaluate(() => window.inkedFrames);
    await page.close();
    assert.ok(inked.every((ink) => ink > 1000), `pixels drawn in the app's first frames: ${inked.join(', ')}`);
    assert.deepEqual(errors, []);
  });

  test("on a phone, the app that replaces it has the phone layout (its styles after the page's own)", async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
    await page.waitForTimeout(500);
    const v = await page.evaluate(() => {
      const box = (sel) => document.querySelector(sel)?.getBoundingClientRect();
      return {
        run: Math.round(box('[data-testid=run-button]')?.top ?? -1),
        tabs: Math.round(box('[role=tablist]')?.bottom ?? -1),
        height: document.scrollingElement.scrollHeight,
        // The page's own copy of app.css first, then the app's stylesheets: never app.css again after them.
        lastSheet: [...document.styleSheets].filter((s) => !s.media.mediaText.includes('not all')).at(-1)?.href ?? 'inline',
      };
    });
    await page.close();
    assert.ok(v.run >= 0 && v.run < 60, `Run in the top row: ${v.run}px`);
    assert.ok(v.tabs > 700 && v.tabs <= 800, `the panel tabs at the bottom of the screen: ${v.tabs}px`);
    assert.ok(v.height <= 820, `one screen tall: ${v.height}px`);
    assert.doesNotMatch(v.lastSheet, /\/app-[^/]*\.css$/);
  });
});
