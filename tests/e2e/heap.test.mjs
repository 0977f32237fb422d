// End-to-end: the heap view of a small linked program, in the built app. Names and references
// are drawn as arrows with the trace's labels, a's refcount is the four references drawn, and
// one selection is shared by the heap, the timeline and the objects table, both ways.
// Functions passed to page.evaluate and $eval run in the page. The program ends with one more
// line so that the state after `d = ...` is recorded (a trace shows its last line's state before it).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { backBeforeExit, hashFor, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const NODES = `class Node:
    def __init__(self, nxt):
        self.nxt = nxt

a = Node(None)
b = Node(a)
L = [a]
d = {'first': a}
done = True
`;

const hex = (address) => `0x${Number(address).toString(16).padStart(8, '0')}`;

describe('Heap view in Chromium', () => {
  const { browser, server } = inChromium();

  test('on a tall window, the room the output pane gives up goes to the heap while it shows, to the timeline otherwise', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(server.url + hashFor(NODES, true));
    await waitForStatus(page, ['completed', 'error', 'step-limit', 'time-limit', 'stopped'], 120_000);
    const heights = () =>
      page.evaluate(() => ({
        timeline: Math.round(document.querySelector('[data-testid=timeline]').getBoundingClientRect().height),
        inspect: Math.round(document.querySelector('.trace-inspect').getBoundingClientRect().height),
      }));
    await page.click('[data-testid=inspect-view-heap]');
    const before = await heights();
    await page.focus('[data-testid=splitter-output]');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown'); // 192 px shorter
    const heap = await heights();
    assert.equal(heap.timeline, before.timeline, 'the timeline took the room');
    assert.ok(heap.inspect >= before.inspect + 100, `heap ${before.inspect} → ${heap.inspect} px`);
    await page.click('[data-testid=inspect-view-variables]');
    const variables = await heights();
    assert.ok(variables.timeline >= heap.timeline + 100, `timeline ${heap.timeline} → ${variables.timeline} px with the variables`);
    await page.close();
  });

  test('draws names and labelled references, explains a refcount, and shares the selection with the timeline and the table', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(NODES, true));
    assert.equal(await waitForStatus(page, ['completed', 'error', 'step-limit', 'time-limit', 'stopped'], 120_000), 'completed', errors.join('\n'));
    await page.click('[data-testid=inspect-view-heap]');
    // At 1400×900 the heap view opens below the trace pane's fold: the pane scrolls to show all of it.
    await page.waitForFunction(() => {
      const pane = document.querySelector('.pane-trace')?.getBoundingClientRect();
      const heap = document.querySelector('[data-testid=heap]')?.closest('.trace-inspect')?.getBoundingClientRect();
      return pane && heap && heap.top >= pane.top - 1 && heap.bottom <= pane.bottom + 1;
    });
    await page.focus('[data-testid=step-slider]');
    await page.keyboard.press('End');
    await backBeforeExit(page);
    await page.waitForSelector('[data-testid=heap] [data-testid=heap-ref][data-from="name:d"]');

    const to = (name) => page.getAttribute(`[data-testid=heap-ref][data-from="name:${name}"]`, 'data-to');
    const a = await to('a');
    const b = await to('b');
    const box = (address) => `[data-testid=heap-object][data-address="${address}"]`;

    // Heap → table and timeline: clicking a's box selects its row and its lifetime.
    await page.click(`${box(a)} .heap-object-main`);
    assert.equal(await page.getAttribute(`${box(a)} .heap-object-main`, 'aria-pressed'), 'true');
    assert.equal(await page.textContent('[data-testid=objects-table] tbody tr[aria-selected=true] td'), hex(a));
    assert.equal(await page.getAttribute('[data-testid=timeline] .tl-plot', 'data-selected'), a);
    // Why alive? lists what refers to it.
    await page.click(`${box(a)} [data-testid=heap-why]`);
    assert.match(await page.textContent('[data-testid=heap-why-list]'), /name a/);

    // Table → heap: b's row selects b's box.
    const row = await page.$$eval('[data-testid=objects-table] tbody tr', (rows, h) => rows.find((r) => r.cells[0]?.textContent.trim() === h)?.dataset.obj, hex(b));
    await page.click(`[data-testid=objects-table] tbody tr[data-obj="${row}"]`);
    await page.waitForSelector(`${box(b)}.heap-selected`);
    assert.equal(await page.getAttribute('[data-testid=timeline] .tl-plot', 'data-selected'), b);

    // Timeline → heap: a lifetime picked with the keyboard is the box selected.
    await page.focus('[data-testid=timeline] .tl-plot');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const picked = await page.getAttribute('[data-testid=timeline] .tl-plot', 'data-selected');
    assert.ok(picked, 'a lifetime was picked');
    await page.focus('[data-testid=step-slider]');
    await page.keyboard.press('End');
    await backBeforeExit(page);
    if (await page.$(box(picked))) await page.waitForSelector(`${box(picked)}.heap-selected`);
    assert.equal(await page.textContent('[data-testid=objects-table] tbody tr[aria-selected=true] td'), hex(picked));

    // The references the engine records (the contract of TraceData.references).
    const ref = (from, label) => page.getAttribute(`[data-testid=heap-ref][data-from="${from}"][data-label="${label}"]`, 'data-to');
    const L = await to('L');
    const d = await to('d');
    assert.equal(await ref(b, '.nxt'), a, 'b.nxt → a');
    assert.equal(await ref(L, '[0]'), a, 'L[0] → a');
    assert.equal(await ref(d, "['first']"), a, "d['first'] → a");
    // a, b.nxt, L[0], d['first']: four references, all drawn.
    assert.equal(await page.getAttribute(box(a), 'data-refcount'), '4');
    assert.match(await page.textContent(`${box(a)} .heap-account`), /refcount 4 = a \+ b\.nxt \+ L\[0\] \+ d\['first'\]/);

    // The same picture as an SVG file: the download is a parseable SVG with the references' labels.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=heap-export-svg]')]);
    assert.match(download.suggestedFilename(), /^refscope-heap-step\d+\.svg$/);
    const file = await download.path();
    const svg = await readFile(file, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { error: doc.querySelector('parsererror') !== null, texts: [...doc.querySelectorAll('text, tspan')].map((e) => e.textContent) };
    }, svg);
    assert.equal(parsed.error, false);
    for (const label of ['.nxt', '[0]', "['first']", hex(a)]) assert.ok(parsed.texts.includes(label), `${label} in the SVG`);

    // And as a PNG: that SVG drawn by the browser at twice its size, not a blank image.
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=heap-export-png]')]);
    assert.match(pngDownload.suggestedFilename(), /^refscope-heap-step\d+\.png$/);
    const png = await readFile(await pngDownload.path());
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const [, svgWidth, svgHeight] = svg.match(/width="(\d+)" height="(\d+)"/).map(Number);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [svgWidth * 2, svgHeight * 2]);
    const inked = await page.evaluate(async (bytes) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark++;
      return dark;
    }, [...png]);
    assert.ok(inked > 500, `the PNG has ink (${inked} dark pixels)`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
