/**
 * The instrument must not change what it measures. For every program in tests/corpus,
 * the ids printed under the tracer follow the same equality pattern (and the rest of the
 * output is identical) as an uninstrumented run in a fresh interpreter with the same
 * seed; and every printed id of an object the run created is in the trace, alive at the
 * step that printed it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshEngine, sharedSnapshot } from '../../tests/support/engines';
import { createEngine } from './engine';
import { pyodideIndexURL } from '../cli/pyodidePath';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { isAliveAt } from '../trace/query';
import { ObjectFlag } from '../trace/types';
import { idPattern, plainRun, printedIds } from '../../tests/support/plainRun';

const dir = join(__dirname, '../../tests/corpus');
const programs = readdirSync(dir).filter((f) => f.endsWith('.py')).sort();

describe('fidelity corpus', () => {
  it('has at least 12 programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of programs) {
    it(`${file}: same output and id pattern as an uninstrumented run; printed ids are in the trace`, async () => {
      const source = readFileSync(join(dir, file), 'utf8');
      const plain = await plainRun(source, 0, await sharedSnapshot());
      const engine = await freshEngine();
      const trace = engine.run(source, { ...DEFAULT_LIMITS, maxSeconds: 60 });
      expect(trace.meta.status).toBe('completed');
      const traced = trace.output.filter((c) => c.stream === 'stdout').map((c) => c.text).join('');
      expect(printedIds(plain).length).toBeGreaterThan(0);
      expect(idPattern(traced)).toBe(idPattern(plain));

      const { address, born } = trace.objects;
      for (const chunk of trace.output) {
        for (const id of printedIds(chunk.text)) {
          const createdHere = [...address.keys()].filter(
            (o) => address[o] === id && ((trace.objects.flags[o] ?? 0) & ObjectFlag.preexisting) === 0,
          );
          if (createdHere.length === 0) continue; // made before the run (constants, immortals)
          const alive = createdHere.some((o) => isAliveAt(trace, o, chunk.step) && (born[o] ?? 0) <= chunk.step);
          expect(alive, `id ${id} printed at step ${chunk.step} is alive in the trace`).toBe(true);
        }
      }
    });
  }
});

describe('the interpreter a program meets', () => {
  it("has Pyodide's own sys.path: an interpreter restored from the snapshot no longer repeats the working directory", async () => {
    const source = 'import sys\nprint(sys.path)\n';
    const full = await plainRun(source); // Pyodide loaded in full, no Refscope
    expect(full).toMatch(/^\['', '\/lib\/python314\.zip'/);
    const trace = (await freshEngine()).run(source, DEFAULT_LIMITS);
    expect(trace.output.map((c) => c.text).join('')).toBe(full);
  });

  it("is `python main.py`'s __main__: its globals, its file, and no frame of Refscope's under the program", async () => {
    const source = [
      'import sys, traceback, warnings',
      'print(__doc__, __package__, __spec__, __cached__, __file__, type(__loader__).__name__)',
      'print(sorted(globals()))',
      'print(open(__file__).read() == __loader__.get_source("__main__"), len(open(__file__).read()))',
      'print(sys._getframe().f_back)',
      'traceback.print_stack(file=sys.stdout)',
      'warnings.warn("from below the program", stacklevel=2)',
      'async def never(): pass',
      'c = never()',
      'del c',
      'def depth(n):',
      '    try:',
      '        return depth(n + 1)',
      '    except RecursionError:',
      '        return n',
      'print(depth(1) + 1, sys.getrecursionlimit())',
      '',
    ].join('\n');
    const trace = (await freshEngine()).run(source, DEFAULT_LIMITS);
    const out = (stream: string) => trace.output.filter((c) => c.stream === stream).map((c) => c.text).join('');
    expect(out('stdout').split('\n')).toEqual([
      'None None None None main.py SourceFileLoader',
      // As CPython 3.14 lists them for a script (less the __annotations__ of older versions).
      "['__builtins__', '__cached__', '__doc__', '__file__', '__loader__', '__name__', '__package__', '__spec__', 'sys', 'traceback', 'warnings']",
      `True ${source.length}`,
      'None',
      '  File "main.py", line 6, in <module>',
      '    traceback.print_stack(file=sys.stdout)',
      // Every frame counts against the limit: the module's and depth's, none of Refscope's.
      '1000 1000',
      '',
    ]);
    // Warnings about the program's outside name no file of Refscope's (the set-up script is `<exec>`).
    expect(out('stderr')).not.toMatch(/<exec>/);
    expect(out('stderr')).toMatch(/UserWarning: from below the program/);
    expect(out('stderr')).toMatch(/main\.py:10: RuntimeWarning: coroutine 'never' was never awaited/);
  });

  it("runs in the module that is sys.modules['__main__']: pickle, `import __main__` and typing find the program's classes; argv is python main.py's", async () => {
    const source = [
      'import pickle, sys, typing, __main__',
      'class Point:',
      '    x: "int"',
      '    def __init__(self, x): self.x = x',
      'print(__main__.__dict__ is globals(), __main__.Point is Point, sys.argv)',
      'print(pickle.loads(pickle.dumps(Point(3))).x)',
      'print(typing.get_type_hints(Point))',
      '',
    ].join('\n');
    const trace = (await freshEngine()).run(source, DEFAULT_LIMITS);
    expect(trace.meta.status).toBe('completed');
    expect(trace.output.map((c) => c.text).join('')).toBe("True True ['main.py']\n3\n{'x': <class 'int'>}\n");
  });

  it('draws new random numbers in every run, as Pyodide loaded in full does (random is imported in the snapshot)', async () => {
    const source = 'import random\nprint(random.random(), random.getrandbits(64))\n';
    const printed = new Set<string>();
    for (let i = 0; i < 3; i++) printed.add((await freshEngine()).run(source, DEFAULT_LIMITS).output.map((c) => c.text).join(''));
    expect(printed.size).toBe(3);
  });

  describe('sys._emscripten_info.runtime', () => {
    afterEach(() => vi.unstubAllGlobals());
    // Ids of objects allocated at several sizes: any object the runtime name moved would show.
    const source = 'import sys\nprint(sys._emscripten_info.runtime)\nxs = []\nfor i in range(40):\n    xs.append(i * 1000)\n    print(id(xs), id(xs[-1]), id(object()))\n';
    const engineIn = async (userAgent: string | null) => {
      const snapshot = (await sharedSnapshot()).slice();
      // A browser's engine, as CPython asks it (navigator.userAgent).
      if (userAgent) vi.stubGlobal('navigator', { userAgent });
      return createEngine({ indexURL: pyodideIndexURL(), seed: 0, snapshot });
    };

    it("names the engine it runs in, not the build's placeholder, and starts from the same heap in every engine", async () => {
      const printed = async (userAgent: string | null) => (await engineIn(userAgent)).run(source, DEFAULT_LIMITS).output.map((c) => c.text).join('').split('\n');
      const node = await printed(null);
      expect(node[0]).toBe(`Node.js ${process.version}`);
      const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/150.0.0.0 Safari/537.36';
      const browser = await printed(ua);
      expect(browser[0]).toBe(ua);
      expect(browser.slice(1)).toEqual(node.slice(1));
      expect(await printed('x'.repeat(600)).then((lines) => lines[0])).toBe('x'.repeat(600)); // too long to fit: a new string
    });

    it('is what an uninstrumented interpreter restored from the same snapshot says', async () => {
      const plain = await plainRun(source, 0, await sharedSnapshot());
      expect(plain.split('\n')[0]).toBe(`Node.js ${process.version}`);
      const traced = (await freshEngine()).run(source, DEFAULT_LIMITS).output.map((c) => c.text).join('');
      expect(idPattern(traced)).toBe(idPattern(plain));
    });
  });
});
