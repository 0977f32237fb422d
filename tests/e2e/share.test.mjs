// End-to-end: share links (round trip with the step), links that cannot be read, downloads
// (SVG, PNG, trace JSON) and opening a trace back, and the app on a phone-sized touch screen.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import LZString from 'lz-string';
import { hashFor, SEED, status, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';
import { seedTraceJSON, tracezFor } from './sharing.mjs';

const PROGRAM = `class Node:
    pass

for i in range(3):
    n = Node()
    print(id(n))
`;

const stepShown = async (page) => Number(await page.textContent('[data-testid=step-current]'));

async function jumpTo(page, step) {
  await page.fill('.step-jump input', String(step));
  await page.press('.step-jump input', 'Enter');
  await page.waitForFunction((s) => document.querySelector('[data-testid=step-current]')?.textContent === String(s), step);
}

describe('Share links, downloads and phones in Chromium', () => {
  const { browser, server } = inChromium();

  test('a shared link opens the same view once the run ends: program, step, language, object filter', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(PROGRAM, true) + '&lang=zh-CN');
    assert.equal(await waitForStatus(page, ['completed', 'error', 'step-limit']), 'completed', errors.join('\n'));
    await jumpTo(page, 5);
    await page.check('.tl-toolbar input[type=checkbox]');
    await page.click('[data-testid=share-button]');
    const link = await page.inputValue('[data-testid=share-link]');
    t.diagnostic(link);
    const { hash } = new URL(link);
    assert.equal(new URL(link).origin + new URL(link).pathname, server.url);
    const [, code] = /^#check=[0-9a-z]+&code=([^&]+)&run=1&step=5&all=1&lang=zh-CN$/.exec(hash) ?? [];
    assert.equal(LZString.decompressFromEncodedURIComponent(code), PROGRAM);
    // "Copied" (or "copy it by hand") once the clipboard has answered.
    await page.waitForFunction(() => /\S/.test(document.querySelector('[data-testid=share-copied]')?.textContent ?? ''));
    await page.close();

    const opened = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await opened.goto(link);
    assert.equal(await waitForStatus(opened, ['completed', 'error', 'step-limit']), 'completed');
    await opened.waitForFunction(() => document.querySelector('[data-testid=step-current]')?.textContent === '5');
    assert.equal(await stepShown(opened), 5);
    assert.equal(await opened.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await opened.isChecked('.tl-toolbar input[type=checkbox]'), true);
    assert.match(await opened.textContent('.cm-content'), /class Node:/);
    assert.equal(await opened.$('[data-testid=notice]'), null);
    await opened.close();
  });

  test('a link shared from the Heap view opens on the heap, in the app and in the embed', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + hashFor(PROGRAM, true));
    assert.equal(await waitForStatus(page, ['completed', 'error', 'step-limit']), 'completed');
    await jumpTo(page, 5);
    await page.click('[data-testid=inspect-view-heap]');
    await page.click('[data-testid=share-button]');
    const link = await page.inputValue('[data-testid=share-link]');
    t.diagnostic(link);
    assert.match(new URL(link).hash, /&step=5&lang=en&view=heap$/);
    await page.close();

    const opened = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await opened.goto(link);
    assert.equal(await waitForStatus(opened, ['completed', 'error', 'step-limit']), 'completed');
    await opened.waitForSelector('[data-testid=heap]');
    assert.equal(await opened.getAttribute('[data-testid=inspect-view-heap]', 'aria-pressed'), 'true');
    await opened.close();

    // The embed opens its folded heap, and its "Open in Refscope" link keeps the view.
    const embed = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await embed.goto(`${server.url}embed.html${new URL(link).hash}`);
    assert.equal(await waitForStatus(embed, ['completed', 'error', 'step-limit']), 'completed');
    await embed.waitForSelector('[data-testid=embed-heap][open] [data-testid=heap]');
    assert.match(await embed.getAttribute('[data-testid=open-in-refscope]', 'href'), /view=heap/);
    await embed.close();
  });

  test('a link that cannot be read opens the default example and says what was ignored', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    // A link from Share, cut in the middle of its program (as chat apps cut long URLs).
    await page.goto(server.url + hashFor(PROGRAM));
    await page.click('[data-testid=share-button]');
    const link = await page.inputValue('[data-testid=share-link]');
    const cut = link.slice(0, link.indexOf('code=') + 30);
    await page.goto(`${cut}&run=1&step=abc&lang=fr&present=1&utm_source=blog`);
    const notice = page.locator('[data-testid=notice]');
    await notice.waitFor();
    const lines = await notice.locator('li').allTextContents();
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.match(lines[0], /could not be read/);
    assert.match(lines[1], /step=abc/);
    assert.match(lines[2], /lang=fr/);
    assert.match(await page.textContent('.cm-content'), /print\(id\(ins\)\)/);
    assert.ok(['loading', 'ready'].includes(await status(page)), 'a broken link never runs');
    assert.equal(await page.getAttribute('.app', 'data-present'), 'true', 'what could be read still applies');

    // A program longer than links may carry is refused with its own notice.
    await page.goto(`${server.url}${hashFor('x = 1\n'.repeat(20_000), true)}`);
    await page.waitForFunction(() => /longer than/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
    assert.match(await page.textContent('.cm-content'), /print\(id\(ins\)\)/);
    await page.click('[data-testid=notice] button');
    assert.equal(await page.$('[data-testid=notice]'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('downloads: the timeline as SVG and PNG, the trace compact and as JSON, which opens again (picker and drop)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + hashFor(PROGRAM, true));
    assert.equal(await waitForStatus(page, ['completed', 'error']), 'completed');
    await jumpTo(page, 4);

    const download = async (testid) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
      return { name: file.suggestedFilename(), data: await readFile(await file.path()) };
    };

    const svg = await download('export-svg');
    assert.equal(svg.name, 'refscope-timeline-step4.svg');
    const text = svg.data.toString('utf8');
    assert.match(text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(text, />0x[0-9a-f_]+</, 'lane addresses');
    assert.match(text, />Node</, 'legend');
    assert.match(text, /step 4 of \d+/, 'caption');
    const valid = await page.evaluate((s) => !new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror'), text);
    assert.ok(valid, 'the SVG parses');

    const png = await download('export-png');
    assert.equal(png.name, 'refscope-timeline-step4.png');
    assert.deepEqual([...png.data.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const width = png.data.readUInt32BE(16);
    const plot = await page.$eval('.tl-plot', (el) => el.clientWidth);
    assert.ok(width >= plot + 200, `PNG ${width} px wide, plot ${plot}`);

    // Save trace writes the compact recording; JSON on request.
    const compact = await download('save-trace');
    assert.equal(compact.name.endsWith('.refscope'), true, compact.name);
    assert.equal(compact.data.subarray(0, 4).toString('latin1'), 'RSCT');
    const json = await download('save-trace-json');
    assert.equal(json.name.endsWith('.json'), true, json.name);
    assert.ok(compact.data.length < json.data.length, `compact ${compact.data.length} B, JSON ${json.data.length} B`);
    const saved = JSON.parse(json.data.toString('utf8'));
    assert.equal(saved.format, 'refscope-trace');
    assert.equal(saved.source, PROGRAM);
    const steps = saved.steps.length;

    // Back in by the file picker: the recorded run, the cursor where its story is (and the page says why).
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await fresh.goto(server.url);
    await fresh.setInputFiles('[data-testid=trace-file-input]', { name: 'mine.json', mimeType: 'application/json', buffer: json.data });
    await fresh.waitForSelector('[data-testid=replay-badge][data-from=file]');
    assert.ok((await stepShown(fresh)) < steps - 1, 'not parked on the last step');
    assert.match(await fresh.textContent('[data-testid=narration-note]'), /^Jumped to the first (reuse of an address|object created)\.$/);
    assert.match(await fresh.textContent('.cm-content'), /class Node:/);
    assert.ok(Number(await fresh.getAttribute('.tl-plot', 'data-lifetimes')) > 0);

    // Dropped on the page (on the editor, even): a file that is not a trace says why.
    const drop = async (name, content) => {
      const dataTransfer = await fresh.evaluateHandle(
        ([n, c]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([c], n, { type: 'application/json' }));
          return dt;
        },
        [name, content],
      );
      await fresh.dispatchEvent('.cm-content', 'dragenter', { dataTransfer });
      await fresh.dispatchEvent('.cm-content', 'drop', { dataTransfer });
    };
    await drop('notes.json', '{"hello": 1}');
    await fresh.waitForSelector('[data-testid=notice]');
    assert.match(await fresh.textContent('[data-testid=notice]'), /notes\.json could not be opened.*"format" must be "refscope-trace"/);
    await drop('seed.json', seedTraceJSON());
    await fresh.waitForFunction(() => !document.querySelector('[data-testid=notice]'));
    assert.match(await fresh.textContent('.cm-content'), /print\(id\(ins\)\)/);
    assert.doesNotMatch(await fresh.textContent('.cm-content'), /hello/, 'the drop did not go into the editor');
    await fresh.close();
    await page.close();
  });

  test('on a 375 px touch screen the panels are tabs and the timeline zooms and pans by touch', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    // A replay: no Python needed to look at a timeline.
    await page.goto(`${server.url}#tracez=${tracezFor(seedTraceJSON())}&step=3`);
    await page.waitForSelector('[data-testid=replay-badge]');
    const box = async (sel) => page.locator(sel).boundingBox();
    // One panel at a time: the replayed trace opens on the timeline; the code is a tab away.
    assert.equal(await page.getAttribute('.app', 'data-panel'), 'timeline');
    assert.equal(await box('.pane-editor'), null, 'the editor is hidden behind its tab');
    await page.click('[data-testid=panel-tabs] [data-panel=code]');
    assert.ok((await box('.pane-editor')).width <= 375);
    await page.click('[data-testid=panel-tabs] [data-panel=timeline]');
    const trace = await box('.pane-trace');
    assert.ok(trace.width <= 375, `trace pane ${trace.width} px wide`);
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok((await pageWidth()) <= 375, `the page is ${await pageWidth()} px wide`);

    const plot = await box('.tl-plot');
    await page.locator('.tl-plot').scrollIntoViewIfNeeded();
    const p = await box('.tl-plot');
    const windowBox = () => page.$eval('.tl-overview-window', (el) => ({ left: parseFloat(el.style.left), width: parseFloat(el.style.width) }));
    const before = await windowBox();
    const cdp = await context.newCDPSession(page);
    const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
    const cx = p.x + p.width / 2;
    const cy = p.y + Math.min(p.height / 2, 60);
    // Pinch out: two fingers moving apart zoom in.
    await touch('touchStart', [[cx - 10, cy], [cx + 10, cy]]);
    for (let d = 10; d <= 60; d += 10) await touch('touchMove', [[cx - d, cy], [cx + d, cy]]);
    await touch('touchEnd', []);
    const zoomed = await windowBox();
    assert.ok(zoomed.width < before.width * 0.6, `zoomed in by touch: ${before.width}% → ${zoomed.width}% of the run visible`);
    // One finger dragging right pans towards earlier steps.
    await touch('touchStart', [[cx - 40, cy]]);
    for (let dx = 0; dx <= 80; dx += 20) await touch('touchMove', [[cx - 40 + dx, cy]]);
    await touch('touchEnd', []);
    const panned = await windowBox();
    assert.ok(panned.left < zoomed.left, `panned by touch: ${zoomed.left}% → ${panned.left}%`);
    assert.ok(plot.width > 100);

    // The embed on the same screen.
    await page.goto(`${server.url}embed.html#tracez=${tracezFor(seedTraceJSON())}`);
    await page.waitForSelector('[data-testid=replay-badge]');
    const e1 = await box('.embed-editor');
    const e2 = await box('.embed-trace');
    assert.ok(e1.y + e1.height <= e2.y + 1, 'embed: the editor sits above the timeline');
    assert.ok((await pageWidth()) <= 375, `the embed is ${await pageWidth()} px wide`);
    await context.close();
  });

  test('the seed program from a link runs in the app and its Share link names the same program', async () => {
    // Covered in depth above; this checks that the seed program survives a link round trip unchanged.
    const page = await browser.newPage();
    await page.goto(server.url + hashFor(SEED, false));
    await page.click('[data-testid=share-button]');
    const link = await page.inputValue('[data-testid=share-link]');
    assert.equal(LZString.decompressFromEncodedURIComponent(/code=([^&]+)/.exec(link)[1]), SEED);
    assert.doesNotMatch(link, /run=1|step=/, 'nothing ran, so the link does not run it');
    await page.close();
  });
});
