// End-to-end hardening (issue 7, the page's side): markup from a program stays text, the
// built app runs under its Content-Security-Policy, output is capped with a notice and a
// printing loop keeps the page responsive, a program cannot forge the worker's messages,
// Stop ends every kind of endless program quickly with and without cross-origin isolation,
// and many runs in a row keep the page's memory flat and the addresses the same.
//
// Figures (Stop times, response times, heap) are printed as test diagnostics; the bounds
// asserted are generous because the machine running CI may be shared and slow.
// REFSCOPE_RUNS=100 makes the repeated-use test do 100 runs (default 30; each run needs a
// freshly loaded interpreter, about 2 s).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashFor, status, stopAndTime, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const ENDED = ['completed', 'error', 'stopped', 'step-limit', 'time-limit'];
const RUNS = Number(process.env.REFSCOPE_RUNS ?? 30);
/** Loads `program` into the editor through a link (without running it), with budgets if given. */
async function load(page, program, budgets = {}) {
  await page.evaluate((hash) => (location.hash = hash), hashFor(program, false, budgets));
  await page.waitForFunction((text) => document.querySelector('.cm-content')?.textContent?.includes(text), program.split('\n')[0]);
}

/** Presses Run and waits until the run has ended; returns the status. */
async function runToEnd(page, timeout = 60_000) {
  await page.click('[data-testid=run-button]');
  return waitForStatus(page, ENDED, timeout);
}

/** Waits until the interpreter has begun the current run (no longer "Starting a fresh interpreter…"). */
function waitUntilExecuting(page) {
  return page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid=run-status]');
      return el?.getAttribute('data-status') === 'running' && !/Starting/.test(el.textContent ?? '');
    },
    null,
    { timeout: 60_000, polling: 50 },
  );
}

const output = (page) => page.textContent('[data-testid=output]');

describe('hardening: hostile output, CSP, output cap', () => {
  const { browser, server } = inChromium();

  test('output and exception messages show markup as text and never run it', async () => {
    const page = await browser.newPage();
    const program = [
      `print('<img src=x onerror="window.__pwned=1">')`,
      `raise ValueError('<img src=y onerror="window.__pwned=2"><script>window.__pwned=3</script>')`,
      '',
    ].join('\n');
    await page.goto(server.url + hashFor(program, true));
    assert.equal(await waitForStatus(page, ENDED), 'error');
    assert.match(await output(page), /^<img src=x onerror="window.__pwned=1">\n/);
    const error = await page.textContent('[data-testid=error]');
    assert.match(error, /^ValueError: <img src=y onerror="window.__pwned=2"><script>window.__pwned=3<\/script> \(line 2\)$/);
    await page.waitForTimeout(300); // time for an image to fail to load, if there were one
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('img, script:not([src])').count(), 0);
    await page.close();
  });

  test('the built app runs under its Content-Security-Policy without a violation', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    const response = await page.goto(server.url + hashFor('xs = [object() for _ in range(3)]\nprint(len(xs))\n', true));
    const header = response.headers()['content-security-policy'];
    assert.match(header, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(header, /connect-src 'self'/);
    const meta = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
    assert.equal(meta, header, 'the <meta> and the header carry the same policy');
    assert.equal(await waitForStatus(page, ENDED), 'completed');
    assert.equal(await output(page), '3\n');
    // Exercise the UI a little (timeline hover, Examples menu) before reading violations.
    const canvas = await page.locator('canvas').first().boundingBox();
    if (canvas) await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + 40);
    await page.click('[data-testid=run-button]');
    assert.equal(await waitForStatus(page, ENDED), 'completed');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('in the worker, eval is refused by the policy and the ways out are gone', async () => {
    const page = await browser.newPage();
    const program = [
      'import js',
      'try:',
      '    js.eval("1 + 1")',
      '    print("eval allowed")',
      'except Exception as e:',
      '    print("eval refused" if "Content Security Policy" in str(e) else repr(e))',
      "for name in ['fetch', 'XMLHttpRequest', 'WebSocket', 'caches', 'indexedDB', 'BroadcastChannel', 'Worker', 'close']:",
      "    print(name, 'present' if hasattr(js, name) else 'gone')",
      "print('serviceWorker', 'present' if hasattr(js.navigator, 'serviceWorker') else 'gone')",
      '',
    ].join('\n');
    await page.goto(server.url + hashFor(program, true));
    assert.equal(await waitForStatus(page, ENDED), 'completed');
    const lines = (await output(page)).trim().split('\n');
    assert.equal(lines[0], 'eval refused');
    for (const line of lines.slice(1)) assert.match(line, / gone$/);
    await page.close();
  });

  test('a hostile program (shell, the page\'s document, fetch) ends with a clear Python error and the page stays usable', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const program = [
      'import os, js',
      'print("system", os.system("echo reached > /tmp/refscope-e2e"))',
      'print("document", hasattr(js, "document"))',
      'js.fetch("/")',
      'print("never")',
      '',
    ].join('\n');
    await page.goto(server.url + hashFor(program, true));
    assert.equal(await waitForStatus(page, ENDED), 'error');
    // The page's own document is out of reach: the worker has none, and no fetch.
    const text = await output(page);
    assert.match(text, /^system -1\ndocument False\nTraceback/);
    assert.match(text, /line 4.*AttributeError: fetch\n$/s);
    assert.doesNotMatch(text, /never/);
    assert.match(await page.textContent('[data-testid=error]'), /AttributeError/);
    // The page still works: the next run completes.
    await load(page, 'xs = [object() for _ in range(3)]\nprint(len(xs))\n');
    assert.equal(await runToEnd(page), 'completed');
    assert.equal(await output(page), '3\n');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('output past the cap is cut, with a visible notice', async () => {
    const page = await browser.newPage();
    // The longest time budget: the run must end at its step budget even on a slow, shared machine.
    await page.goto(server.url + hashFor("print('x' * 1_500_000)\nwhile True:\n    print('y' * 99)\n", true, { seconds: 120 }));
    assert.equal(await waitForStatus(page, ENDED, 90_000), 'step-limit');
    const notice = page.locator('[data-testid=output-truncated]');
    assert.equal(await notice.isVisible(), true);
    assert.match(await notice.textContent(), /Output truncated.*1,000,000 characters/);
    assert.equal(await page.getAttribute('[data-testid=output]', 'data-lines'), '1');
    await page.close();
  });

  test('`while True: print(1)` keeps the page responsive and ends at the step budget', async (t) => {
    const page = await browser.newPage();
    // A budget long enough that the page is asked several times while the program prints.
    // The longest time budget, so that it ends at the step budget even on a slow, shared machine.
    await page.goto(server.url + hashFor('while True:\n    print(1)\n', false, { steps: 300_000, seconds: 120 }));
    await waitForStatus(page, ['ready']);
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.click('[data-testid=run-button]');
    await waitUntilExecuting(page);
    // While it prints: the page answers, and a control responds to a click.
    const answers = [];
    while ((await status(page)) === 'running') {
      const sent = Date.now();
      await page.evaluate(() => document.querySelector('[data-testid=output]').getAttribute('data-lines'));
      answers.push(Date.now() - sent);
      await page.waitForTimeout(50);
    }
    assert.equal(await status(page), 'step-limit');
    const lines = Number(await page.getAttribute('[data-testid=output]', 'data-lines'));
    assert.ok(lines > 10_000, `${lines} lines`);
    const sorted = [...answers].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1] ?? 0;
    const max = sorted.at(-1) ?? 0;
    const longest = await page.evaluate(() => window.__longest);
    t.diagnostic(
      `${lines} lines printed; page answered ${answers.length} times while running, median ${median} ms, max ${max} ms; longest main-thread task ${Math.round(longest)} ms`,
    );
    assert.ok(answers.length >= 1, 'the page was asked while the program ran');
    // A hung page never answers; how fast it answers is a figure (above), not an assertion.
    assert.ok(max < 15_000, `the page took ${max} ms to answer`);
    // After the run, the output is a list the keyboard can walk, linked to the steps.
    await page.focus('[data-testid=output]');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const step = Number(await page.getAttribute('#output-line-1', 'data-step'));
    assert.equal(Number(await page.inputValue('[data-testid=step-slider]')), step);
    await page.close();
  });
});

describe('hardening: a program cannot forge the worker protocol', () => {
  // The worst host: no CSP header, so the worker has no policy and eval works in it.
  const { browser, server } = inChromium({ csp: false });

  test('forged messages and interception attempts change nothing but the run own output', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const program = String.raw`import js, time
from pyodide.ffi import to_js

def obj(d):
    return to_js(d, dict_converter=js.Object.fromEntries)

# 1. Messages on the worker's own channel, for any run id.
chunks = [{'step': 0, 'stream': 'stdout', 'text': 'FORGED output\n'}]
for run_id in range(0, 8):
    js.postMessage(obj({'type': 'output', 'runId': run_id, 'chunks': chunks}))
    js.postMessage(obj({'type': 'done', 'runId': run_id, 'trace': {'meta': {'status': 'completed', 'error': None}, 'output': chunks}}))
    js.postMessage(obj({'type': 'progress', 'runId': run_id, 'steps': 123456789}))
js.postMessage(obj({'type': 'failed', 'message': 'FORGED failure'}))
js.postMessage(obj({'type': 'ready', 'python': 'FORGED', 'pyodide': 'FORGED', 'loadMs': 0}))

# 2. Catch the private port: wrap postMessage and every way a function can be called.
seen = js.eval('''(() => {
  const seen = [];
  const apply = Reflect.apply;
  const post = MessagePort.prototype.postMessage;
  const note = (x) => { if (x instanceof MessagePort && !seen.includes(x)) seen.push(x); };
  Function.prototype.call = function (self, ...args) { note(self); return apply(this, self, args); };
  Function.prototype.apply = function (self, args) { note(self); return apply(this, self, args ?? []); };
  Reflect.apply = function (f, self, args) { note(self); return apply(f, self, args); };
  MessagePort.prototype.postMessage = function (...args) { note(this); return apply(post, this, args); };
  return seen;
})()''')
print('real output')
time.sleep(0.3)  # the worker sends output at the first line after 100 ms
for port in seen:
    port.postMessage(obj({'type': 'output', 'runId': 1, 'chunks': chunks}))
print('ports caught:', seen.length)
`;
    await page.goto(server.url + hashFor(program, true));
    const ended = await waitForStatus(page, ENDED);
    assert.equal(ended, 'completed', await (await page.$('[data-testid=error]'))?.textContent());
    assert.equal(await output(page), 'real output\nports caught: 0\n');
    assert.equal(await page.$('[data-testid=error]'), null);
    const statusText = await page.textContent('[data-testid=run-status]');
    assert.doesNotMatch(statusText, /123,?456,?789|FORGED/);
    // The page and the next run are unaffected.
    await load(page, 'print("next run")\n');
    assert.equal(await runToEnd(page), 'completed');
    assert.equal(await output(page), 'next run\n');
    assert.doesNotMatch(await page.textContent('body'), /FORGED/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

const ENDLESS = [
  ['while True: pass', 'while True:\n    pass\n'],
  ['while True: print(1)', 'while True:\n    print(1)\n'],
  ['time.sleep(30)', 'import time\ntime.sleep(30)\n'],
  ['a deep recursion loop', 'def down(n):\n    return down(n + 1)\n\nwhile True:\n    try:\n        down(0)\n    except RecursionError:\n        pass\n'],
];

for (const isolated of [true, false]) {
  describe(`hardening: Stop ${isolated ? 'with' : 'without'} cross-origin isolation`, () => {
    const { browser, server } = inChromium({ headers: isolated });

    test(`Stop ends each endless program, and the next run works`, async (t) => {
      const page = await browser.newPage();
      await page.goto(server.url);
      assert.equal(await page.evaluate(() => crossOriginIsolated), isolated);
      const figures = [];
      for (const [name, program] of ENDLESS) {
        await page.evaluate((hash) => (location.hash = hash), hashFor(program, true, { steps: 10_000_000, seconds: 120 }));
        await waitUntilExecuting(page);
        await page.waitForTimeout(300);
        const { status: ended, ms } = await stopAndTime(page);
        figures.push(`${name} ${Math.round(ms)} ms`);
        assert.equal(ended, 'stopped', name);
      }
      t.diagnostic(`Stop → stopped (${isolated ? 'interrupt buffer' : 'worker terminated'}): ${figures.join(', ')}`);
      await load(page, 'print("after stops")\n');
      assert.equal(await runToEnd(page), 'completed');
      assert.equal(await output(page), 'after stops\n');
      await page.close();
    });
  });
}

describe('hardening: repeated use', () => {
  const { browser, server } = inChromium();

  test(`${RUNS} runs in a row (completed, failed, stopped) keep memory flat and addresses the same`, async (t) => {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      // The objects table and bytecode follow a run in a deferred render (ui/useSettledTrace):
      // count once the page has settled, i.e. the element count holds still for half a second.
      await page.waitForFunction(
        () => {
          const n = document.getElementsByTagName('*').length;
          const w = /** @type {any} */ (window);
          const same = w.__lastCount === n && performance.now() - w.__lastCountAt > 500;
          if (w.__lastCount !== n) Object.assign(w, { __lastCount: n, __lastCountAt: performance.now() });
          return same;
        },
        null,
        { polling: 100, timeout: 30_000 },
      );
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const nodes = metrics.find((m) => m.name === 'Nodes')?.value ?? 0;
      return { mb: usedSize / 2 ** 20, nodes };
    };
    await cdp.send('Performance.enable');
    const kinds = [
      ['completed', 'xs = [object() for _ in range(5)]\nd = {"k": [1.5, 2.5]}\nprint([id(x) for x in xs], id(d))\n'],
      ['error', 'x = [1, 2, 3]\nprint(id(x))\nraise ValueError("boom")\n'],
      ['stopped', 'def test():\n    ins = object()\n    print(id(ins))\n\nwhile True:\n    test()\n'],
    ];
    await page.goto(server.url);
    await waitForStatus(page, ['ready']);
    const outputs = { completed: new Set(), error: new Set() };
    let first = null;
    const started = Date.now();
    for (let i = 0; i < RUNS; i++) {
      const [kind, program] = kinds[i % kinds.length];
      await load(page, program, kind === 'stopped' ? { steps: 10_000_000, seconds: 120 } : {});
      await page.click('[data-testid=run-button]');
      if (kind === 'stopped') {
        await waitUntilExecuting(page);
        await page.waitForTimeout(200);
        await page.click('[data-testid=stop-button]');
      }
      assert.equal(await waitForStatus(page, ENDED, 90_000), kind === 'stopped' ? 'stopped' : kind, `run ${i + 1}`);
      if (kind !== 'stopped') outputs[kind].add(await output(page));
      if (i === kinds.length - 1) first = await heap(); // after one run of each kind
    }
    const last = await heap();
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(
      `${RUNS} runs in ${seconds.toFixed(0)} s; page heap after GC ${first.mb.toFixed(1)} MB after 3 runs → ${last.mb.toFixed(1)} MB after ${RUNS}; DOM nodes ${first.nodes} → ${last.nodes}`,
    );
    assert.equal(outputs.completed.size, 1, `the same program printed different ids: ${[...outputs.completed].join(' | ')}`);
    assert.equal(outputs.error.size, 1);
    assert.ok(last.mb < first.mb * 2 + 20, `heap grew from ${first.mb.toFixed(1)} to ${last.mb.toFixed(1)} MB`);
    assert.ok(last.nodes < first.nodes * 2 + 500, `DOM nodes grew from ${first.nodes} to ${last.nodes}`);
    await page.close();
  });
});
