// End-to-end: what the engine and the trace promise, seen in the built app (issue 12's engine items).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashFor, SEED, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

describe('engine and trace, in Chromium', () => {
  const { browser, server } = inChromium();

  test('Stop after a long run keeps everything traced up to Stop', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SEED, true, { steps: 10_000_000, seconds: 60 }));
    await waitForStatus(page, ['running']);
    // Long enough that building the trace outlasts Stop's grace (a few hundred thousand steps).
    await page.waitForFunction(() => /\d{3},\d{3}/.test(document.querySelector('[data-testid=run-status]')?.textContent ?? ''), null, {
      timeout: 60_000,
      polling: 50,
    });
    const stoppedAt = Date.now();
    await page.click('[data-testid=stop-button]');
    assert.equal(await waitForStatus(page, ['stopped', 'error', 'completed']), 'stopped');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=timeline] .tl-plot')?.getAttribute('data-lifetimes')) > 0, null, {
      timeout: 120_000,
      polling: 100,
    });
    t.diagnostic(`Stop → timeline on screen in ${Date.now() - stoppedAt} ms`);
    const steps = Number((await page.textContent('[data-testid=step-current]')).trim().replace(/\D/g, '') || '0');
    const last = await page.$eval('[data-testid=step-slider]', (el) => Number(el.getAttribute('max')));
    t.diagnostic(`steps in the trace: ${last + 1}`);
    assert.ok(last > 100_000, `the trace has ${last + 1} steps`);
    assert.ok(steps >= 0);
    assert.equal(await page.isDisabled('[data-testid=save-trace]'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a budget that ends inside __del__ ends with its own status, not Refscope's exception", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The cursor on the last step (`step`), whatever the page's own choice of first step.
    await page.goto(`${server.url}${hashFor(SON, true, { steps: DEL_BUDGET })}&step=${DEL_BUDGET - 1}`);
    assert.equal(await waitForStatus(page, ['step-limit', 'error', 'completed', 'stopped']), 'step-limit');
    // The run really ended inside __del__.
    assert.match(await page.textContent('[data-testid=narration]'), /__del__/);
    const text = `${await page.textContent('[data-testid=output]')}\n${await page.textContent('[data-testid=narration]')}`;
    assert.doesNotMatch(text, /RefscopeStop|Exception ignored|Refscope ended/);
    await page.close();
  });

  test('small ints held by a list show their type, and no "?" type anywhere', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url + hashFor(ALIASES, true));
    assert.equal(await waitForStatus(page, ['completed', 'error', 'step-limit']), 'completed');
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    const legend = await page.$$eval('[data-testid=timeline] .tl-legend li', (lis) => lis.map((li) => li.textContent.trim()));
    assert.ok(legend.includes('int'), `legend: ${legend.join(', ')}`);
    assert.ok(!legend.includes('?'), `legend: ${legend.join(', ')}`);
    const rows = await page.$$eval('[data-testid=objects-table] tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    const ints = rows.filter((r) => r[1]?.startsWith('int'));
    assert.ok(ints.length >= 2, JSON.stringify(rows));
    for (const r of rows) assert.ok(!r[1]?.startsWith('?'), JSON.stringify(r));
    // Their refcount is known (immortal), not 0.
    for (const r of ints) assert.doesNotMatch(r[4], /\b0\b/, JSON.stringify(r));
    await page.close();
  });

  test("the module's print after gc.collect() is credited to the module, not to __del__", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url + hashFor(CYCLES, true));
    assert.equal(await waitForStatus(page, ['completed', 'error', 'step-limit']), 'completed');
    await page.click('[data-testid=output] span:has-text("gc.collect() found")');
    const narration = await page.textContent('[data-testid=narration]');
    assert.match(narration, /^line 19: printed "gc\.collect\(\) found/);
    assert.doesNotMatch(narration, /__del__|freeing/);
    await page.close();
  });

  test("Python's exit after the last line: atexit's function, then a global's __del__, each at its own step", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(EXIT, true));
    assert.equal(await waitForStatus(page, ['completed', 'error', 'step-limit']), 'completed');
    // The order desktop CPython prints in.
    assert.equal((await page.textContent('[data-testid=output]')).trim(), 'end\nbye from atexit\nDeleting instance');
    await page.click('[data-testid=output] span:has-text("Deleting instance")');
    assert.match(await page.textContent('[data-testid=narration]'), /^line 5 in __del__\(\): printed "Deleting instance"; __del__ of Son #1 ran/);
    // One step back: the module's exit step, told as such, with no line of its own.
    await page.click('[data-testid=step-prev]');
    assert.match(await page.textContent('[data-testid=narration]'), /^Python exits, freeing the program's module/);
    await page.click('[data-testid=step-prev]');
    assert.match(await page.textContent('[data-testid=narration]'), /^after the last line, Python exits: first the functions registered with atexit run: printed "bye from atexit"/);
    // Son died at the __del__'s step; the class Son's name survives its own death.
    const rows = await page.$$eval('[data-testid=objects-table] tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    assert.ok(rows.some((r) => r[1] === 'Son #1' && /^5 @\d+$/.test(r[3] ?? '')), JSON.stringify(rows));
    assert.deepEqual(errors, []);
    await page.close();
  });
});

const EXIT = `import atexit

class Son:
    def __del__(self):
        print("Deleting instance")

son = Son()
atexit.register(print, "bye from atexit")
print("end")
`;

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
/** A step budget whose last step is inside Son.__del__ (one iteration is five steps: while, test(), Son(), print, __del__). */
const DEL_BUDGET = 41;

const ALIASES = `import sys

a = [1, 2]
b = a
pair = [a, a]
print(sys.getrefcount(a))
del b
pair.clear()
print(sys.getrefcount(a))
`;

const CYCLES = `import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        print("freeing", self.name)


a = Node("a")
b = Node("b")
a.other = b
b.other = a
del a, b
print("after del: nothing freed yet")
print("gc.collect() found", gc.collect(), "objects")
`;
