/**
 * Programs that students paste and that must end cleanly, with a clear message at the
 * right line (issue 7), at the engine level in Node.
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { DEFAULT_LIMITS, type RunLimits } from '../protocol/messages';
import { StepEvent, type TraceData } from '../trace/types';
import { typeName } from '../trace/query';

async function trace(source: string, limits: Partial<RunLimits> = {}): Promise<TraceData> {
  const engine = await freshEngine();
  return engine.run(source, { ...DEFAULT_LIMITS, ...limits });
}
const out = (t: TraceData, stream = 'stdout') => t.output.filter((c) => c.stream === stream).map((c) => c.text).join('');

describe('programs that must end cleanly', () => {
  it('IndentationError at its line', async () => {
    const t = await trace('def f():\nreturn 1\n');
    expect(t.meta.error).toMatchObject({ type: 'IndentationError', line: 2 });
  });

  it('RecursionError: collapsed traceback, as CPython prints it', async () => {
    const t = await trace('def f(n):\n    return f(n + 1)\nf(0)\n', { maxSteps: 1e6 });
    expect(t.meta.error).toMatchObject({ type: 'RecursionError', line: 2 });
    expect(t.meta.error!.traceback.length).toBeLessThanOrEqual(4);
    expect(out(t, 'stderr')).toMatch(/Previous line repeated \d+ more times/);
  });

  it('MemoryError-class failures are reported, not fatal', async () => {
    const t = await trace('x = [0] * 10**10\n');
    expect(t.meta.status).toBe('error');
    expect(['MemoryError', 'OverflowError']).toContain(t.meta.error!.type);
    expect(t.meta.error!.line).toBe(1);
  });

  it('an exception inside __del__ is reported as CPython reports it and the run continues', async () => {
    const t = await trace('class A:\n    def __del__(self):\n        raise ValueError("boom")\na = A()\ndel a\nprint("after")\n');
    expect(t.meta.status).toBe('completed');
    expect(out(t)).toBe('after\n');
    expect(out(t, 'stderr')).toMatch(/Exception ignored .*__del__/s);
    expect(out(t, 'stderr')).toContain('ValueError: boom');
  });

  it('time.sleep(30) ends at the time budget', async () => {
    const started = performance.now();
    const t = await trace('import time\nprint("zz")\ntime.sleep(30)\nprint("never")\n', { maxSeconds: 0.5 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(t.meta.status).toBe('time-limit');
    expect(out(t)).toBe('zz\n');
  });

  it('short sleeps still sleep', async () => {
    const t = await trace('import time\na = time.monotonic()\ntime.sleep(0.2)\nprint(time.monotonic() - a >= 0.19)\n');
    expect(out(t)).toBe('True\n');
  });

  it('input() says clearly that it is not supported', async () => {
    const t = await trace('x = input("name? ")\n');
    expect(t.meta.error).toMatchObject({ type: 'RuntimeError', line: 1 });
    expect(t.meta.error!.message).toMatch(/input\(\) is not supported/);
  });

  it('raise SystemExit and sys.exit(0) complete', async () => {
    expect((await trace('raise SystemExit\n')).meta.status).toBe('completed');
    expect((await trace('import sys\nsys.exit(0)\n')).meta.status).toBe('completed');
  });

  it('output is capped with a flag, and the run goes on to its budget', async () => {
    const t = await trace('while True:\n    print(1)\n', { maxSteps: 50_000, maxOutputBytes: 1000 });
    expect(t.meta.status).toBe('step-limit');
    expect(t.meta.outputTruncated).toBe(true);
    expect(out(t).length).toBe(1000);
  });

  it('a very long single line of output arrives whole (below the cap)', async () => {
    const t = await trace('print("x" * 200000)\n');
    expect(out(t)).toBe(`${'x'.repeat(200000)}\n`);
  });
});

describe('programs that tamper with the instrumentation', () => {
  it('sys.settrace(None), sys.setprofile(None) and gc.disable() leave the trace correct', async () => {
    const t = await trace('import sys, gc\nsys.settrace(None)\nsys.setprofile(None)\ngc.disable()\na = object()\nprint(id(a))\n');
    expect(t.meta.status).toBe('completed');
    const id = Number(out(t).trim());
    const o = [...t.objects.address.keys()].find((i) => t.objects.address[i] === id && typeName(t, i) === 'object');
    expect(o).toBeDefined();
  });

  it('tracemalloc.start() takes over the reference tracer: the run says so', async () => {
    const t = await trace('import tracemalloc\ntracemalloc.start()\nx = [object() for _ in range(3)]\n');
    expect(t.meta.status).toBe('error');
    expect(t.meta.error).toMatchObject({ type: 'RefscopeError' });
    expect(t.meta.error!.message).toMatch(/reference tracer/);
  });

  it('a loop after tracemalloc.start() is stopped within 64 steps, not run to its end unrecorded', async () => {
    const t = await trace('import tracemalloc\ntracemalloc.start()\nfor i in range(5000):\n    x = i\n', { maxSteps: 1e6 });
    expect(t.meta.status).toBe('error');
    expect(t.meta.error!.message).toMatch(/reference tracer/);
    expect(t.steps.line.length).toBeLessThanOrEqual(3 + 64);
  });

  it.each([
    ['freeing the tool', 'import sys\nsys.monitoring.free_tool_id(5)\nx = 1\n', /freed sys.monitoring tool 5/],
    ['turning its events off', 'import sys\nsys.monitoring.set_local_events(5, sys._getframe().f_code, 0)\nx = 1\n', /changed the sys.monitoring events/],
    ['replacing its callback', 'import sys\nsys.monitoring.register_callback(5, sys.monitoring.events.LINE, None)\nx = 1\n', /replaced a sys.monitoring callback/],
  ])('sys.monitoring tampering (%s) ends with a clear message', async (_name, source, message) => {
    const t = await trace(source);
    expect(t.meta.status).toBe('error');
    expect(t.meta.error!.type).toBe('RefscopeError');
    expect(t.meta.error!.message).toMatch(message);
  });

  it("calling Refscope's callback from Python code (CPython calls its C function directly) keeps the interpreter alive", async () => {
    const t = await trace(
      'import sys\nM = sys.monitoring\nold = M.register_callback(5, M.events.LINE, None)\nfor i in range(100):\n    old(sys._getframe().f_code, 1)\nprint("done")\n',
    );
    expect(t.meta.status).toBe('error');
    expect(t.meta.error!.type).toBe('RefscopeError');
    expect(t.meta.error!.message).toMatch(/replaced a sys.monitoring callback/);
    expect(out(t)).toBe('done\n');
  });

  it('other sys.monitoring tool ids are the program’s own', async () => {
    const t = await trace(
      'import sys\nM = sys.monitoring\nM.use_tool_id(3, "mine")\nhits = []\nM.register_callback(3, M.events.PY_START, lambda c, o: hits.append(c.co_name))\nM.set_events(3, M.events.PY_START)\ndef f():\n    pass\nf()\nM.set_events(3, 0)\nprint("f" in hits)\n',
    );
    expect(t.meta.status).toBe('completed');
    expect(out(t)).toBe('True\n');
  });
});

describe('source edge cases', () => {
  it('an empty program completes with no steps', async () => {
    const t = await trace('');
    expect(t.meta.status).toBe('completed');
    expect(t.steps.line.length).toBe(0);
  });

  it('non-ASCII identifiers and strings, emoji, tabs and Windows line endings', async () => {
    const t = await trace('名字 = "你好 🐍"\r\nif True:\r\n\tprint(名字)\r\n');
    expect(t.meta.status).toBe('completed');
    expect(out(t)).toBe('你好 🐍\n');
    const names = [...t.bindings.name].map((i) => t.strings[i]);
    expect(names).toContain('名字');
  });

  it('a megabyte of source runs', async () => {
    const source = `${'x = 1\n'.repeat(170_000)}print("done")\n`;
    expect(source.length).toBeGreaterThan(1_000_000);
    const t = await trace(source, { maxSteps: 1e6 });
    expect(t.meta.status).toBe('completed');
    expect(out(t)).toBe('done\n');
    // The last line, then Python's exit (line 0).
    expect(Array.from(t.steps.line.slice(-2))).toEqual([170_001, 0]);
  });
});

describe("what runs at Python's exit", () => {
  it('a __del__ that loops forever at exit ends at the step budget, keeping what ran before it', async () => {
    const t = await trace('class A:\n    def __del__(self):\n        while True:\n            pass\na = A()\nprint("done")\n', { maxSteps: 400, maxSeconds: 30 });
    expect(t.meta.status).toBe('step-limit');
    expect(out(t)).toBe('done\n');
    // Refscope's own stop raised in __del__ is not the program's to report.
    expect(out(t, 'stderr')).not.toMatch(/RefscopeStop|Exception ignored/);
    const exit = t.steps.event.findIndex((e) => (e & StepEvent.exit) !== 0);
    expect(t.steps.line[exit - 1]).toBe(6);
    // The loop's steps are the __del__'s, after the exit step, up to the budget.
    expect(t.steps.line.length).toBe(400);
    expect(new Set(t.steps.line.slice(exit + 1))).toEqual(new Set([3, 4]));
  });

  it('an atexit function that raises is reported as CPython reports it, and the exit goes on', async () => {
    const t = await trace('import atexit\nclass A:\n    def __del__(self): print("del A")\na = A()\n@atexit.register\ndef bad():\n    raise ValueError("boom")\n');
    expect(t.meta.status).toBe('completed');
    expect(out(t, 'stderr')).toMatch(/^Exception ignored in atexit callback <function bad at 0x[0-9a-f]+>:\nTraceback \(most recent call last\):\n {2}File "main.py", line 7, in bad\n/);
    expect(out(t, 'stderr')).toMatch(/ValueError: boom\n$/);
    expect(out(t)).toBe('del A\n');
  });
});

describe('loops on one line', () => {
  it('`while True: pass` ends at the step budget, counting each iteration as a step', async () => {
    const t = await trace('while True: pass\n', { maxSteps: 5000, maxSeconds: 30 });
    expect(t.meta.status).toBe('step-limit');
    expect(t.steps.line.length).toBe(5000);
    expect(new Set(t.steps.line)).toEqual(new Set([1]));
  });

  it('`while True: pass` ends at the time budget too', async () => {
    const t = await trace('while True: pass\n', { maxSteps: 1e9, maxSeconds: 0.3 });
    expect(t.meta.status).toBe('time-limit');
  });

  it('loops over several lines are not counted twice', async () => {
    const t = await trace('for i in range(3):\n    x = i\n');
    // The loop's lines, then Python's exit (line 0).
    expect(Array.from(t.steps.line)).toEqual([1, 2, 1, 2, 1, 2, 1, 0]);
  });

  it('a one-line loop inside a function is heard too (JUMP is enabled per code object)', async () => {
    const t = await trace('def spin():\n    n = 0\n    while True: n += 1\n\nspin()\n', { maxSteps: 3000, maxSeconds: 30 });
    expect(t.meta.status).toBe('step-limit');
    expect(t.steps.line.filter((l) => l === 3).length).toBeGreaterThan(2900);
  });

  it('a one-line comprehension counts a step per item', async () => {
    const t = await trace('xs = [i * i for i in range(50)]\nprint(len(xs))\n');
    expect(t.meta.status).toBe('completed');
    expect(t.steps.line.filter((l) => l === 1).length).toBeGreaterThanOrEqual(50);
  });

  it('a one-line for loop counts its iterations', async () => {
    const t = await trace('for i in range(5): x = i\n');
    expect(t.meta.status).toBe('completed');
    expect(t.steps.line.length).toBeGreaterThanOrEqual(4);
  });
});

describe('Stop from another thread', () => {
  it.each(['while True: pass\n', 'while True:\n    pass\n', 'while True:\n    print(1)\n'])(
    'a shared flag set 300 ms into %j ends the run as stopped',
    async (source) => {
      const { Worker } = await import('node:worker_threads');
      const interrupt = new Int32Array(new SharedArrayBuffer(4));
      const engine = await freshEngine();
      const setter = new Worker(
        'const { workerData } = require("node:worker_threads"); const a = new Int32Array(workerData); Atomics.wait(a, 0, 0, 300); Atomics.store(a, 0, 2);',
        { eval: true, workerData: interrupt.buffer },
      );
      const t = engine.run(source, { ...DEFAULT_LIMITS, maxSteps: 1e9, maxSeconds: 20 }, { interrupt });
      await setter.terminate();
      expect(t.meta.status).toBe('stopped');
      expect(t.steps.line.length).toBeGreaterThan(0);
    },
  );
});
