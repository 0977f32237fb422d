// End-to-end: a layout that holds still at 1400×900, a phone layout at 375×800 (one panel
// at a time, Run on screen, a wide timeline, a bounded output), readable variables, and the
// timeline's pre-existing and immortal groups kept apart. Short runs (small step budgets).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backBeforeExit, hashFor, SEED, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const ENDED = ['step-limit', 'time-limit', 'completed', 'stopped', 'error'];
const LANGS = ['en', 'zh-CN'];

/** Boxes of the parts of the page that must not move when a run starts or ends. */
const LANDMARKS = {
  header: '.app-header',
  run: '[data-testid=run-button], .button-run',
  status: '[data-testid=run-status]',
  editor: '.pane-editor',
  code: '.editor-column > .editor',
  bytecode: '[data-testid=bytecode]',
  trace: '.pane-trace',
  timeline: '[data-testid=timeline] .tl-grid',
  steps: '.step-controls',
  variables: '[data-testid=variables]',
  output: '.pane-output',
};

function boxes(page) {
  return page.evaluate((landmarks) => {
    const out = {};
    for (const [name, selector] of Object.entries(landmarks)) {
      const r = document.querySelector(selector)?.getBoundingClientRect();
      out[name] = r ? [r.x, r.y, r.width, r.height].map((v) => Math.round(v)) : null;
    }
    out.page = [document.documentElement.scrollWidth, document.documentElement.scrollHeight];
    return out;
  }, LANDMARKS);
}

/** Whether an element lies wholly inside the viewport (so it can be pressed without scrolling). */
function inViewport(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  }, selector);
}

const visible = (page, selector) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return !!el && el.getClientRects().length > 0 && el.getBoundingClientRect().height > 0;
  }, selector);

const outputDom = (page) =>
  page.evaluate(() => ({
    lines: Number(document.querySelector('[data-testid=output]')?.getAttribute('data-lines')),
    rendered: document.querySelectorAll('[data-testid=output] .output-line:not(.output-probe)').length,
  }));

describe('layout in Chromium', () => {
  const { browser, server } = inChromium();

  for (const lang of LANGS) {
    test(`1400×900 ${lang}: nothing moves when a run starts or ends`, async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = watchErrors(page);
      await page.goto(`${server.url}${hashFor(SEED, false, { steps: 3000 })}&lang=${lang}`);
      await waitForStatus(page, ['ready'], 90_000);
      const before = await boxes(page);
      await page.click('.button-run');
      assert.equal(await waitForStatus(page, ENDED, 90_000), 'step-limit', errors.join('\n'));
      const afterRun = await boxes(page);
      assert.deepEqual(afterRun, before);
      // The trace pane shows the timeline, the step controls and the variables and objects
      // whole: nothing of it below a fold (the timeline gives up height for that at 900 px).
      const pane = await page.$eval('.pane-trace', (el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
      assert.ok(pane.scroll <= pane.client + 1, `the trace pane scrolls: ${pane.scroll} px in ${pane.client}`);
      assert.ok(afterRun.timeline[3] >= 150, `timeline plot ${afterRun.timeline[3]} px tall`);
      // One header row, and the whole status fits in it.
      assert.ok(afterRun.header[3] < 50, `header ${afterRun.header[3]} px tall`);
      const status = await page.$eval('[data-testid=run-status]', (el) => ({ fits: el.scrollWidth <= el.clientWidth, title: el.title, text: el.textContent }));
      assert.ok(status.fits, `status cut short: ${status.text}`);
      assert.equal(status.title, status.text);
      // The output panel holds only the lines on screen.
      const out = await outputDom(page);
      assert.ok(out.lines > 700, `${out.lines} lines of output`);
      assert.ok(out.rendered < 100, `${out.rendered} output lines in the DOM`);
      // A second run ends the same way, still without moving anything.
      await page.click('.button-run');
      await waitForStatus(page, ['running', ...ENDED]);
      await waitForStatus(page, ENDED, 90_000);
      assert.deepEqual(await boxes(page), before);
      await page.close();
    });
  }

  for (const lang of LANGS) {
    test(`375×800 ${lang}: one screen, one panel at a time, Run always reachable`, async () => {
      const page = await browser.newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
      const errors = watchErrors(page);
      await page.goto(`${server.url}${hashFor(SEED, true, { steps: 20_000 })}&lang=${lang}`);
      assert.equal(await waitForStatus(page, ENDED, 90_000), 'step-limit', errors.join('\n'));

      const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      assert.ok(size[0] <= 375, `page ${size[0]} px wide`);
      assert.ok(size[1] <= 3 * 800, `page ${size[1]} px tall`);

      // The header takes three rows: Run's, the status's, and Limits leading the row of trace and share controls.
      const rows = await page.evaluate(() => {
        const middle = (sel) => {
          const r = document.querySelector(sel).getBoundingClientRect();
          return Math.round(r.top + r.height / 2);
        };
        return { run: middle('.button-run'), status: middle('[data-testid=run-status]'), limits: middle('.run-options-button'), save: middle('.app-header-end .button') };
      });
      assert.ok(Math.abs(rows.limits - rows.save) <= 3, `Limits and the trace controls on different rows: ${JSON.stringify(rows)}`);
      assert.ok(rows.run < rows.status && rows.status < rows.limits, JSON.stringify(rows));

      // The run switched to the timeline, which takes most of the width.
      assert.equal(await page.getAttribute('.app', 'data-panel'), 'timeline');
      const widths = await page.evaluate(() => ({
        timeline: document.querySelector('[data-testid=timeline]').getBoundingClientRect().width,
        plot: document.querySelector('.tl-plot').getBoundingClientRect().width,
      }));
      assert.ok(widths.plot / widths.timeline >= 0.8, `plot ${widths.plot} of ${widths.timeline} px`);
      assert.ok(await visible(page, '.step-controls'));

      const tabs = ['code', 'timeline', 'variables', 'objects', 'output'];
      const shown = {
        code: '.pane-editor',
        timeline: '[data-testid=timeline]',
        variables: '[data-testid=variables]',
        objects: '[data-testid=objects-table]',
        output: '[data-testid=output]',
      };
      for (const tab of tabs) {
        await page.click(`[data-testid=panel-tabs] [data-panel=${tab}]`);
        assert.equal(await page.getAttribute(`[data-testid=panel-tabs] [data-panel=${tab}]`, 'aria-selected'), 'true');
        for (const other of tabs) assert.equal(await visible(page, shown[other]), other === tab, `${other} shown on the ${tab} tab`);
        assert.ok(await inViewport(page, '.button-run'), `Run off screen on the ${tab} tab`);
        assert.ok(await inViewport(page, `[data-testid=panel-tabs] [data-panel=${tab}]`));
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        assert.ok(height <= 3 * 800, `page ${height} px tall on the ${tab} tab`);
      }

      // Output: 5,000 lines, a screenful in the DOM, wherever it is scrolled.
      let out = await outputDom(page);
      assert.ok(out.lines > 4900, `${out.lines} lines of output`);
      assert.ok(out.rendered > 10 && out.rendered < 120, `${out.rendered} output lines in the DOM`);
      await page.$eval('[data-testid=output]', (el) => (el.scrollTop = el.scrollHeight / 2));
      await page.waitForFunction(() => document.querySelector('[data-testid=output] [aria-posinset="2500"]'));
      out = await outputDom(page);
      assert.ok(out.rendered < 120, `${out.rendered} output lines in the DOM after scrolling`);
      assert.ok(await inViewport(page, '.button-run'));

      // Run from the output tab: a new run, and the page stays one screen.
      await page.click('.button-run');
      await waitForStatus(page, ['running', ...ENDED]);
      assert.equal(await waitForStatus(page, ENDED, 90_000), 'step-limit');
      assert.ok((await page.evaluate(() => document.documentElement.scrollHeight)) <= 3 * 800);
      await page.close();
    });
  }

  test('tablet widths: every header control is on screen (the trace and share controls wrap to a second row)', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    for (const extra of ['&lang=en', '&lang=zh-CN', '&lang=en&present=1']) {
      await page.goto(`${server.url}#${extra.slice(1)}`);
      await page.waitForSelector('[data-testid=keys-button]');
      for (const width of [1280, 1024, 900, 820]) {
        await page.setViewportSize({ width, height: 900 });
        const off = await page.$$eval('.app-header button, .app-header select', (controls) =>
          controls
            .filter((c) => c.getClientRects().length > 0) // presentation mode hides some
            .filter((c) => {
              const r = c.getBoundingClientRect();
              const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return r.right > innerWidth || r.left < 0 || !(hit === c || c.contains(hit));
            })
            .map((c) => c.textContent.trim() || c.getAttribute('aria-label')),
        );
        assert.deepEqual(off, [], `${extra} at ${width} px: off screen or covered`);
      }
      // Wide enough, one row, as before.
      await page.setViewportSize({ width: 1400, height: 900 });
      assert.ok((await page.$eval('.app-header', (el) => el.getBoundingClientRect().height)) < 50, `${extra}: the header wraps at 1400 px`);
    }
    await page.close();
  });

  for (const width of [375, 700]) {
    test(`${width} px: the Examples menu and the Share and Embed panels open whole over the page, not cut by the screen or the row they open from`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.goto(`${server.url}#lang=en`);
      for (const [button, panel] of [
        ['examples-button', 'examples-menu'],
        ['share-button', 'share-panel'],
        ['embed-button', 'embed-panel'],
      ]) {
        await page.click(`[data-testid=${button}]`);
        const seen = await page.$eval(`[data-testid=${panel}]`, (el) => {
          const r = el.getBoundingClientRect();
          // What the reader sees at the panel's corners and middle is the panel itself.
          const points = [
            [r.left + 8, r.top + 8],
            [r.right - 8, r.bottom - 8],
            [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
          ];
          const hits = points.map(([x, y]) => el.contains(document.elementFromPoint(x, y)));
          // A mask on an ancestor would hide it without changing what a point hits.
          const masked = [];
          for (let a = el.parentElement; a; a = a.parentElement) if (getComputedStyle(a).maskImage !== 'none') masked.push(a.className);
          // Its sentences wrap inside it instead of running past its edge.
          const cut = [...el.querySelectorAll('p, label')].filter((p) => p.scrollWidth > p.clientWidth + 1).map((p) => p.textContent.slice(0, 30));
          return { hits, masked, cut, inside: r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight, height: r.height };
        });
        assert.deepEqual(seen.cut, [], `${panel} at ${width} px: text past its edge`);
        assert.deepEqual(seen.hits, [true, true, true], `${panel} at ${width} px: ${JSON.stringify(seen)}`);
        assert.deepEqual(seen.masked, [], `${panel} at ${width} px under a mask`);
        assert.ok(seen.inside && seen.height > 80, `${panel} at ${width} px: ${JSON.stringify(seen)}`);
        await page.keyboard.press('Escape');
      }
      await page.close();
    });
  }

  test('1400×900: splitters size the output and program panes, by mouse and by keys; the sizes stay for the next visit', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    const box = (selector) => page.$eval(selector, (el) => el.getBoundingClientRect().toJSON());
    const drag = async (selector, dx, dy) => {
      const b = await box(selector);
      const x = b.x + b.width / 2;
      const y = b.y + b.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + dx, y + dy, { steps: 4 });
      await page.mouse.up();
    };
    await page.goto(`${server.url}#lang=en`);
    await page.waitForSelector('[data-testid=splitter-output]');
    const output = await box('.app > .pane-output');
    const editor = await box('.app-main > .pane-editor');
    const trace = await box('.app-main > .pane-trace');

    await drag('[data-testid=splitter-output]', 0, -120);
    await drag('[data-testid=splitter-editor]', -100, 0);
    const dragged = { output: await box('.app > .pane-output'), editor: await box('.app-main > .pane-editor'), trace: await box('.app-main > .pane-trace') };
    assert.ok(Math.abs(dragged.output.height - output.height - 120) <= 2, `output ${output.height} → ${dragged.output.height} px`);
    assert.ok(Math.abs(dragged.editor.width - editor.width + 100) <= 2, `program ${editor.width} → ${dragged.editor.width} px`);
    assert.ok(Math.abs(dragged.trace.width - trace.width - 100) <= 2, 'the trace pane takes the width the program gave up');
    assert.ok(Math.abs(dragged.trace.height - trace.height + 120) <= 2, 'and gives the output the height it took');
    // The timeline draws into its new width.
    await page.waitForFunction((w) => document.querySelector('[data-testid=timeline]').getBoundingClientRect().width > w, trace.width);

    // Keys: ↓ makes the output shorter, and is not a step of the trace.
    const step = await page.textContent('[data-testid=step-current]');
    await page.focus('[data-testid=splitter-output]');
    await page.keyboard.press('ArrowDown');
    const keyed = await box('.app > .pane-output');
    assert.ok(Math.abs(keyed.height - dragged.output.height + 16) <= 1, `output ${dragged.output.height} → ${keyed.height} px`);
    assert.equal(await page.textContent('[data-testid=step-current]'), step, 'the arrow keys stepped the trace');
    const now = await page.getAttribute('[data-testid=splitter-output]', 'aria-valuenow');
    assert.equal(Number(now), Math.round((100 * (keyed.height + 8)) / 900), `aria-valuenow ${now}`);

    assert.deepEqual(errors, []);

    // The next visit opens with these sizes, from its first paint (the head script), before the app's code.
    await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
    await page.reload();
    await page.waitForSelector('#early .pane-output');
    assert.deepEqual(await box('#early .pane-output'), keyed);
    assert.equal((await box('#early .pane-editor')).width, dragged.editor.width);
    await page.unroute(/\/assets\/.*\.js$/);
    await page.reload();
    await page.waitForSelector('[data-testid=splitter-output]');
    assert.deepEqual(await box('.app > .pane-output'), keyed);
    assert.equal((await box('.app-main > .pane-editor')).width, dragged.editor.width);

    // A double click puts the default back, for this visit and the next.
    await page.dblclick('[data-testid=splitter-output]');
    await page.focus('[data-testid=splitter-editor]');
    await page.keyboard.press('Enter');
    assert.deepEqual(await box('.app > .pane-output'), output);
    assert.deepEqual(await box('.app-main > .pane-editor'), editor);
    assert.equal(await page.evaluate(() => localStorage.getItem('refscope:panes')), '{}');

    // Phones have no splitters (one panel at a time).
    await page.setViewportSize({ width: 375, height: 800 });
    assert.equal(await visible(page, '[data-testid=splitter-output]'), false);
    assert.equal(await visible(page, '[data-testid=splitter-editor]'), false);
    await page.close();
  });

  test('variables show whole names and types, or an ellipsis with the whole text in the title', async () => {
    const program = `import sys
class SlotPoint:
    __slots__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x
        self.y = y

def funct(n):
    return [SlotPoint(i, i) for i in range(n)]

mo = sys.modules
p = SlotPoint(1, 2)
a_rather_long_variable_name_for_points = funct(2)
print(len(a_rather_long_variable_name_for_points))
`;
    for (const width of [1400, 375]) {
      const page = await browser.newPage({ viewport: { width, height: width > 1000 ? 900 : 800 } });
      await page.goto(server.url + hashFor(program, true, { steps: 2000 }));
      assert.equal(await waitForStatus(page, ENDED, 90_000), 'completed');
      // The cursor starts on the story step; the names are all bound by the last one.
      await page.click('[data-testid=timeline] .tl-corner');
      await page.keyboard.press('End');
      await backBeforeExit(page);
      if (width < 800) await page.click('[data-testid=panel-tabs] [data-panel=variables]');
      const rows = await page.$$eval('[data-testid=variables] .vars-list button', (buttons) =>
        buttons.map((b) => {
          const part = (sel) => {
            const el = b.querySelector(sel);
            const r = el.getBoundingClientRect();
            return { text: el.textContent, whole: el.scrollWidth <= el.clientWidth, left: r.left, right: r.right, width: r.width };
          };
          return { title: b.title, name: part('.vars-name'), value: part('.vars-value'), meta: part('.vars-meta') };
        }),
      );
      const byName = Object.fromEntries(rows.map((r) => [r.name.text, r]));
      for (const name of ['mo', 'funct', 'p', 'SlotPoint', 'sys']) {
        const row = byName[name];
        assert.ok(row, `${name} listed at ${width} px: ${Object.keys(byName)}`);
        assert.ok(row.name.whole, `${name} cut at ${width} px`);
        assert.ok(row.value.whole, `${name}'s object "${row.value.text}" cut at ${width} px`);
        assert.ok(row.value.left >= row.name.right, `${name}: value overlaps the name`);
      }
      assert.equal(byName.p.value.text, 'SlotPoint #1');
      assert.equal(byName.mo.value.text, 'dict #1');
      // The long name: whole, or cut with an ellipsis and readable in the title.
      const long = rows.find((r) => r.title.startsWith('a_rather_long_variable_name_for_points'));
      assert.ok(long, 'the long name is listed');
      assert.ok(long.title.includes('list #'), long.title);
      for (const r of rows) assert.ok(r.meta.text.includes('0x'), `address shown for ${r.name.text}`);
      await page.close();
    }
  });

  test('the timeline keeps objects that existed before the run apart from immortal ones', async () => {
    const program = 'import sys\nn = 7\nnothing = None\nitems = [sys, n]\nprint(len(items))\n';
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url + hashFor(program, true, { steps: 2000 }));
    assert.equal(await waitForStatus(page, ENDED, 90_000), 'completed');
    const groups = Object.fromEntries(
      (await page.getAttribute('.tl-plot', 'data-groups')).split(' ').map((g) => {
        const [name, lanes] = g.split(':');
        return [name, Number(lanes)];
      }),
    );
    assert.deepEqual(Object.keys(groups), ['run', 'preexisting', 'immortal']);
    // The objects table agrees: sys is counted (not immortal); 7 and None are immortal.
    await page.check('.objects-head input[type=checkbox]').catch(() => {});
    // The objects table follows the timeline in a deferred render (ui/useSettledTrace).
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    const rows = await page.$$eval('[data-testid=objects-table] tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    const sys = rows.find((r) => r[1]?.startsWith('module'));
    assert.ok(sys, 'sys is listed');
    assert.match(sys[4], /^\d+$/, `sys's max refcount ${sys[4]}`);
    assert.ok(rows.some((r) => r[1]?.startsWith('int') && r[4] === 'immortal'));
    await page.close();
  });

  test('zh-CN: the bytecode legend ends with a Chinese full stop', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}${hashFor(SEED, true, { steps: 200 })}&lang=zh-CN`);
    await waitForStatus(page, ENDED, 90_000);
    const legend = await page.textContent('.bc-legend');
    assert.match(legend, /当前行。/);
    assert.doesNotMatch(legend, /当前行\./);
    await page.close();
  });
});
