// End-to-end: a teacher's path through Refscope. Open an example from the Examples menu by
// keyboard, run it, step with narration and bytecode in view, switch to Chinese, go to
// presentation mode, step and play by keyboard; a link with &lang= and &present=. One
// screenshot per mode in test-results/ (mode-normal.png, mode-zh.png, mode-present.png,
// mode-present-en.png). Functions passed to page.evaluate run in the page.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import LZString from 'lz-string';
import { repoRoot, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const resultsDir = path.join(repoRoot, 'test-results');
const ENDED = ['step-limit', 'time-limit', 'completed', 'stopped', 'error'];

/** What a student sees at the cursor: step, lit editor line, narration, bytecode. */
function view(page) {
  return page.evaluate(() => {
    const slider = document.querySelector('[data-testid=step-slider]');
    const lit = document.querySelector('[data-testid=editor] .cm-step-line');
    const bytecode = document.querySelector('[data-testid=bytecode]');
    const rows = Array.from(bytecode?.querySelectorAll('tbody tr[data-current="true"]') ?? []);
    return {
      step: Number(slider?.value),
      line: lit?.textContent?.trim() ?? null,
      narration: document.querySelector('[data-testid=narration]')?.textContent ?? '',
      code: bytecode?.getAttribute('data-code') ?? null,
      current: rows.map((r) => r.querySelector('.bc-op')?.textContent ?? ''),
      marks: rows.map((r) => r.getAttribute('data-mark')).filter(Boolean),
      present: document.querySelector('.app')?.classList.contains('present') ?? false,
      lang: document.documentElement.lang,
    };
  });
}

/** Moves focus off form fields so that the page's step keys apply. */
const blur = (page) => page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());

async function stepTo(page, step) {
  await blur(page);
  await page.keyboard.press('Home');
  for (let i = 0; i < step; i++) await page.keyboard.press('ArrowRight');
  // The bytecode panel follows the cursor in a deferred render (ui/useSettledTrace): wait for it.
  await page.waitForSelector(`[data-testid=bytecode][data-step="${step}"]`);
  const v = await view(page);
  assert.equal(v.step, step);
  return v;
}

describe('Teaching in Chromium', () => {
  const { browser, server } = inChromium();
  before(async () => {
    await mkdir(resultsDir, { recursive: true });
  });

  test('an example by keyboard, narration and bytecode, Chinese, presentation mode', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=editor] .cm-content');

    // The Examples menu from the keyboard: ↓ opens it on the first example (the seed loop); Enter loads it.
    await page.focus('[data-testid=examples-button]');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('[data-testid=examples-menu]');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-example')), 'seed-loop');
    const items = await page.$$eval('[data-testid=examples-menu] [role=menuitem]', (els) => els.map((e) => e.getAttribute('data-example')));
    assert.ok(items.length >= 13, `only ${items.length} examples`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=example-explanation][data-example=seed-loop]');
    assert.match(await page.textContent('[data-testid=example-explanation]'), /same id\(\) is printed forever/);
    assert.match(await page.textContent('[data-testid=editor]'), /ins = object\(\)/);
    // Loaded, not run.
    assert.notEqual(await page.getAttribute('[data-testid=run-status]', 'data-status'), 'running');

    await page.click('[data-testid=run-button]');
    const ended = await waitForStatus(page, ENDED, 120_000);
    assert.equal(ended, 'step-limit', errors.join('\n'));

    // Step 4 is `ins = object()` inside test(): the narration says so, the bytecode shows test's CALL marked.
    let v = await stepTo(page, 4);
    assert.equal(v.line, 'ins = object()');
    assert.match(v.narration, /^line 5 in test\(\): object #1 created at 0x[0-9a-f]{8}, refcount 1, bound to ins$/);
    assert.equal(v.code, 'test');
    assert.deepEqual(v.current, ['LOAD_GLOBAL', 'CALL', 'STORE_FAST']);
    assert.deepEqual(v.marks, ['creates']);
    v = await stepTo(page, 5);
    assert.match(v.narration, /test\(\) returned; object #1 at 0x[0-9a-f]{8} destroyed; its block \(0x[0-9a-f]{8}(, \d+ B)?\) went to object #2 at /);
    assert.ok(v.marks.includes('releases'), `release marks at the return: ${v.marks}`);
    await page.screenshot({ path: path.join(resultsDir, 'mode-normal.png') });

    // 中文: the UI, the narration and the explanation switch; the cursor stays.
    await page.selectOption('[data-testid=lang-select]', 'zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assert.match(await page.textContent('[data-testid=run-button]'), /运行/);
    assert.match(await page.textContent('[data-testid=example-explanation]'), /一篇中文博客《python局部变量内存地址释放疑问的分析》/);
    v = await view(page);
    assert.equal(v.step, 5);
    assert.match(v.narration, /^第 6 行（test\(\)）：.*test\(\) 返回；0x[0-9a-f]{8} 处的 object #1 被销毁；它的内存块（0x[0-9a-f]{8}(，\d+ 字节)?）在.*交给了 object #2/);
    assert.match(await page.textContent('[data-testid=bytecode]'), /字节码/);
    assert.match(await page.textContent('[data-testid=objects-table] thead'), /地址.*类型/);
    await page.screenshot({ path: path.join(resultsDir, 'mode-zh.png') });

    // Presentation mode with P; then step by keyboard: the second object() takes the first one's address.
    await blur(page);
    await page.keyboard.press('p');
    v = await view(page);
    assert.equal(v.present, true);
    const gutter = await page.$eval('.tl-grid', (el) => el.style.gridTemplateColumns);
    assert.match(gutter, /^300px/, `timeline drawn larger: ${gutter}`);
    assert.equal(await page.isVisible('[data-testid=objects-table]'), false, 'the objects table is hidden when presenting');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    v = await view(page);
    assert.equal(v.step, 8);
    assert.equal(v.line, 'ins = object()');
    assert.match(v.narration, /^第 5 行（test\(\)）：在 (0x[0-9a-f]{8}) 创建了 object #2，引用计数 1（正是 object #1 用过的地址），绑定到 ins$/);
    assert.equal(v.code, 'test');
    assert.ok(await page.isVisible('[data-testid=narration]'));
    assert.ok(await page.isVisible('[data-testid=bytecode] tr[data-current="true"]'));
    await page.screenshot({ path: path.join(resultsDir, 'mode-present.png') });

    // Play at a chosen speed, Space to start and stop.
    await page.selectOption('.step-controls select', '30');
    await blur(page);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=step-slider]')?.value) >= 14, null, { timeout: 5000 });
    await page.keyboard.press('Space');
    const paused = (await view(page)).step;
    await page.waitForTimeout(300);
    assert.equal((await view(page)).step, paused, 'Space paused playback');

    // The same view in English, then Esc leaves presentation mode.
    await page.selectOption('[data-testid=lang-select]', 'en');
    await stepTo(page, 8);
    await page.screenshot({ path: path.join(resultsDir, 'mode-present-en.png') });
    await page.keyboard.press('Escape');
    assert.equal((await view(page)).present, false);
    assert.deepEqual(
      errors.filter((e) => !/favicon/.test(e)),
      [],
    );
    await page.close();
  });

  test('a link with &lang=zh-CN&present=1 opens an example in Chinese, presenting, and runs it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    const code = `def make():
    obj = object()
    return obj


first = id(make())
second = id(make())
print(first == second)

x = make()
y = make()
print(x is y, id(x) == id(y))
`;
    await page.goto(`${server.url}#code=${LZString.compressToEncodedURIComponent(code)}&run=1&lang=zh-CN&present=1`);
    assert.equal(await waitForStatus(page, ENDED, 120_000), 'completed', errors.join('\n'));
    const v = await view(page);
    assert.equal(v.present, true);
    assert.equal(v.lang, 'zh-CN');
    assert.equal(await page.getAttribute('[data-testid=example-explanation]', 'data-example'), 'is-vs-eq');
    assert.equal((await page.textContent('[data-testid=output]')).trim(), 'True\nFalse False');
    // The typo'd listing: chosen from the menu, it ends with its error on line 1.
    await page.click('[data-testid=examples-button]');
    await page.click('[data-example=seed-typo]');
    await page.click('[data-testid=run-button]');
    assert.equal(await waitForStatus(page, ENDED, 120_000), 'error');
    assert.match(await page.textContent('[data-testid=error]'), /SyntaxError: invalid syntax（第 1 行）/);
    await page.close();
  });
});
