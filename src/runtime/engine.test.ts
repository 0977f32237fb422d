/**
 * The engine against real CPython (Pyodide in Node): output, budgets, errors, Stop,
 * determinism, and the seed post's own programs.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, type RunHooks } from './engine';
import { pyodideIndexURL } from '../cli/pyodidePath';
import { freshEngine, sharedSnapshot } from '../../tests/support/engines';
import { DEFAULT_LIMITS, type RunLimits } from '../protocol/messages';
import { ObjectFlag, StepEvent, type TraceData } from '../trace/types';
import { namesOf, typeName } from '../trace/query';
import { lifetimeLabel } from '../trace/lifetimes';

async function trace(source: string, limits: Partial<RunLimits> = {}, hooks?: RunHooks, seed = 0): Promise<TraceData> {
  const engine = await freshEngine(seed);
  return engine.run(source, { ...DEFAULT_LIMITS, ...limits }, hooks);
}

const stdout = (t: TraceData) => t.output.filter((c) => c.stream === 'stdout').map((c) => c.text).join('');
const stderr = (t: TraceData) => t.output.filter((c) => c.stream === 'stderr').map((c) => c.text).join('');
const objectsOfType = (t: TraceData, type: string) =>
  [...t.objects.address.keys()].filter((o) => typeName(t, o) === type && !((t.objects.flags[o] ?? 0) & ObjectFlag.preexisting));

const SEED = `def test():
    ins = object()
    print(id(ins))

while True:
    test()
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

describe('engine', () => {
  it("runs the seed's endless loop to the step budget, printing one id again and again", async () => {
    const t = await trace(SEED, { maxSteps: 2000 });
    expect(t.meta.status).toBe('step-limit');
    expect(t.steps.line.length).toBe(2000);
    const ids = stdout(t).trim().split('\n');
    expect(ids.length).toBeGreaterThan(400);
    expect(new Set(ids).size).toBe(1);
    // Each object() lifetime ends before the next begins, at the same address.
    const objs = objectsOfType(t, 'object');
    expect(objs.length).toBeGreaterThan(400);
    for (let i = 1; i < objs.length; i++) {
      const prev = objs[i - 1]!;
      const cur = objs[i]!;
      expect(t.objects.address[cur]).toBe(t.objects.address[prev]);
      expect(t.objects.died[prev]).toBeGreaterThanOrEqual(0);
      expect(t.objects.died[prev]!).toBeLessThan(t.objects.born[cur]!);
      expect(namesOf(t, cur)).toEqual(['ins']);
    }
  });

  it('records steps with lines, functions, depth and calls', async () => {
    const t = await trace(SEED, { maxSteps: 12 });
    expect(Array.from(t.steps.line)).toEqual([1, 5, 6, 2, 3, 5, 6, 2, 3, 5, 6, 2]);
    expect(Array.from(t.steps.depth)).toEqual([0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]);
    expect(t.strings[t.steps.func[3]!]).toBe('test');
    expect((t.steps.event[3]! & StepEvent.call) !== 0).toBe(true);
    expect((t.steps.event[5]! & StepEvent.return) !== 0).toBe(true);
    // Output is stamped with the step of the print line.
    expect(t.output[0]!.step).toBe(4);
    expect(t.meta.python).toBe('3.14.2');
    expect(t.meta.pyodide).toBe('314.0.7');
    expect(t.meta.seed).toBe(0);
  });

  it("finalizes every Son of the seed's __del__ example, each death after its __del__", async () => {
    const t = await trace(SON, { maxSteps: 300 });
    const sons = objectsOfType(t, 'Son');
    const finished = sons.filter((o) => t.objects.died[o]! >= 0);
    expect(finished.length).toBeGreaterThan(10);
    for (const o of finished) {
      expect(t.objects.finalized[o]).toBeGreaterThanOrEqual(0);
      expect(t.objects.finalized[o]!).toBeLessThanOrEqual(t.objects.died[o]!);
      expect(t.objects.finalized[o]!).toBeGreaterThan(t.objects.born[o]!);
    }
    expect(stdout(t)).toContain('Deleting instance');
  });

  it('reads refcounts from the object header: a fresh local is 1 on CPython 3.14', async () => {
    const t = await trace('import sys\ndef f():\n    ins = object()\n    print(sys.getrefcount(ins))\n    keep = ins\n    x = 0\nf()\n');
    expect(stdout(t).trim()).toBe('1');
    const [o] = objectsOfType(t, 'object');
    const values = Array.from(t.refcounts.value.subarray(t.refcounts.start[o!], t.refcounts.start[o! + 1]));
    expect(values).toEqual([1, 2]);
  });

  it('ends an endless loop without output at the time budget', async () => {
    const t = await trace('while True:\n    pass\n', { maxSeconds: 0.3, maxSteps: 1e9 });
    expect(t.meta.status).toBe('time-limit');
    expect(t.steps.line.length).toBeGreaterThan(1000);
  });

  it('keeps stopping a program that swallows every exception', async () => {
    const t = await trace('while True:\n    try:\n        x = 1\n    except BaseException:\n        pass\n', { maxSteps: 500 });
    expect(t.meta.status).toBe('step-limit');
  });

  it('stops when the interrupt flag is set, keeping what was traced', async () => {
    const interrupt = new Int32Array(1);
    const t = await trace(SEED, { maxSteps: 1e9, maxSeconds: 30 }, { interrupt, onProgress: () => (interrupt[0] = 2) });
    expect(t.meta.status).toBe('stopped');
    expect(t.steps.line.length).toBeGreaterThan(0);
    expect(stdout(t).length).toBeGreaterThan(0);
  });

  it('streams output in batches while the program runs', async () => {
    const batches: string[] = [];
    const t = await trace(SEED, { maxSteps: 200_000 }, { onOutput: (c) => batches.push(c.map((x) => x.text).join('')) });
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.join('')).toBe(t.output.map((c) => c.text).join(''));
  });

  it("reports a syntax error at its line (the post's `mport sys`)", async () => {
    const t = await trace('mport sys\n\ndef test():\n    pass\n');
    expect(t.meta.status).toBe('error');
    expect(t.meta.error).toMatchObject({ type: 'SyntaxError', line: 1 });
    expect(t.steps.line.length).toBe(0);
    expect(stderr(t)).toContain('SyntaxError');
  });

  it("reports a NameError at its line with the user's traceback only (the post's `print(id(a))`)", async () => {
    const t = await trace('def test():\n    ins = object()\n    print(id(a))\n\ntest()\n');
    expect(t.meta.status).toBe('error');
    expect(t.meta.error).toMatchObject({ type: 'NameError', line: 3, message: "name 'a' is not defined" });
    expect(t.meta.error!.traceback).toEqual([
      { line: 5, function: '<module>' },
      { line: 3, function: 'test' },
    ]);
    expect(stderr(t)).toContain('line 3, in test');
    // Python prints the traceback at the step that raised, then exits: the trace's last step.
    const exit = t.steps.event.findIndex((e) => (e & StepEvent.exit) !== 0);
    expect(exit).toBe(t.steps.event.length - 1);
    expect((t.steps.event[exit - 1]! & StepEvent.exception) !== 0).toBe(true);
    expect(t.output.filter((c) => c.stream === 'stderr').map((c) => c.step)).toEqual([exit - 1]);
  });

  it('treats sys.exit() as completion and sys.exit(3) as an error', async () => {
    expect((await trace('import sys\nprint(1)\nsys.exit()\n')).meta.status).toBe('completed');
    const t = await trace('import sys\nsys.exit(3)\n');
    expect(t.meta.status).toBe('error');
    expect(t.meta.error).toMatchObject({ type: 'SystemExit', message: '3', line: 2 });
  });

  it('gives the same addresses in two fresh interpreters with the same seed', async () => {
    const src = 'xs = [object() for _ in range(5)]\nprint([id(x) for x in xs])\nprint(hash("abc"))\n';
    const a = await trace(src);
    const b = await trace(src);
    expect(stdout(a)).toBe(stdout(b));
    expect(Array.from(a.objects.address)).toEqual(Array.from(b.objects.address));
    const c = await trace(src, {}, undefined, 1);
    expect(stdout(c).split('\n')[1]).not.toBe(stdout(a).split('\n')[1]);
  });

  it('records names in frames and globals, and marks pre-existing immortal objects', async () => {
    const t = await trace('x = None\ny = [1, 2]\ndef f(a):\n    b = a\n    return b\nf(y)\n');
    const list = objectsOfType(t, 'list')[0]!;
    expect(namesOf(t, list).sort()).toEqual(['a', 'b', 'y']);
    const none = [...t.objects.address.keys()].find((o) => typeName(t, o) === 'NoneType')!;
    expect(t.objects.flags[none]! & ObjectFlag.preexisting).toBeTruthy();
    expect(t.objects.flags[none]! & ObjectFlag.immortal).toBeTruthy();
    expect(t.objects.born[none]).toBe(-1);
  });

  // Not "the same ids as another full load": two full loads in one busy process have ended
  // with different heaps (a CI run, 22122096 vs 24200984), so the app, the CLI and the
  // recordings all start from the snapshot, whose ids are stable (the test above).
  it('loads in full without a snapshot, and traces the program there', async () => {
    const src = 'a = object()\nprint(id(a))\n';
    const full = await createEngine({ indexURL: pyodideIndexURL(), seed: 0 });
    const t = full.run(src, DEFAULT_LIMITS);
    const printed = Number(stdout(t).trim());
    const made = objectsOfType(t, 'object');
    expect(made).toHaveLength(1);
    expect(t.objects.address[made[0]!]).toBe(printed);
  });

  it('needs the snapshot only until `onLoaded`: an engine whose snapshot is handed away then runs as one that kept it', async () => {
    const src = 'a = object()\nb = [a, a]\nprint(id(a), id(b), len(b))\n';
    const bytes = (await sharedSnapshot()).slice();
    let calls = 0;
    const handedOn = await createEngine({
      indexURL: pyodideIndexURL(),
      seed: 0,
      snapshot: bytes,
      onLoaded: () => {
        calls++;
        // As the worker does: transferred elsewhere, so this copy is gone (detached).
        structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
      },
    });
    expect(calls).toBe(1);
    expect(bytes.buffer.byteLength).toBe(0);
    const kept = await freshEngine();
    expect(stdout(handedOn.run(src, DEFAULT_LIMITS))).toBe(stdout(kept.run(src, DEFAULT_LIMITS)));
  });

  it("names a class by its own name, even after a later class took its freed address", async () => {
    const source = [
      'import gc',
      'def make(name):',
      '    class A:',
      '        pass',
      '    A.__name__ = name',
      '    return A',
      'x = make("First")',
      'a = x()',
      'del x, a',
      'gc.collect()',
      'y = make("Second")',
      'b = y()',
      '',
    ].join('\n');
    const t = await trace(source);
    const label = (name: string) => [...t.objects.address.keys()].filter((o) => namesOf(t, o).includes(name)).map((o) => lifetimeLabel(t, o));
    expect([label('x'), label('a'), label('y'), label('b')]).toEqual([['class First'], ['First #1'], ['class Second'], ['Second #1']]);
    // The same block, read after the run, now holds Second: First's name was read as it died.
    const at = (name: string) => t.objects.address[[...t.objects.address.keys()].find((o) => namesOf(t, o).includes(name))!];
    expect(at('x')).toBe(at('y'));
  });

  it('refuses a second run on the same interpreter', async () => {
    const engine = await freshEngine();
    engine.run('pass', DEFAULT_LIMITS);
    expect(() => engine.run('pass', DEFAULT_LIMITS)).toThrow(/one program/);
  });
});

describe('bytecode', () => {
  it('disassembles every code object after the run and maps each step to its code', async () => {
    const t = await trace(SEED, { maxSteps: 12 });
    const b = t.bytecode!;
    expect(b.codes.map((c) => c.name)).toEqual(['<module>', 'test']);
    const test = b.codes[1]!;
    expect(test.firstLine).toBe(1);
    expect(test.instructions.some((i) => i.opname === 'STORE_FAST' && i.argrepr === 'ins' && i.line === 2)).toBe(true);
    expect(b.stepCode[3]).toBe(1); // line 2, inside test()
    expect(b.stepCode[1]).toBe(0);
  });
});

describe('value previews', () => {
  it('shows values of immutable built-ins bound to names, read from memory', async () => {
    const t = await trace(
      "a = 42\nb = -7\nc = 2 ** 70\nd = 1.5\ne = 3.0\nf = 'hi\\n'\ng = True\nh = None\ni = (1, 2)\nj = [1]\nk = 'x' * 100\n",
    );
    const byName = new Map<string, string | null>();
    for (let i = 0; i < t.bindings.obj.length; i++) {
      byName.set(t.strings[t.bindings.name[i]!]!, t.objects.preview?.[t.bindings.obj[i]!] ?? null);
    }
    expect(Object.fromEntries(byName)).toMatchObject({
      a: '42',
      b: '-7',
      c: String(2n ** 70n),
      d: '1.5',
      e: '3.0',
      f: "'hi\\n'",
      g: 'True',
      h: 'None',
      i: '(2 items)',
      j: null,
    });
    expect(byName.get('k')).toBe(`'${'x'.repeat(40)}'…`);
  });
});

describe('containers', () => {
  it('flags objects held by named lists and tuples, including items appended later', async () => {
    const t = await trace('class P:\n    pass\nitems = []\nfor _ in range(3):\n    items.append(P())\npair = (P(), 1)\nx = 0\n');
    const ps = objectsOfType(t, 'P');
    expect(ps).toHaveLength(4);
    for (const o of ps) {
      expect(t.objects.flags[o]! & ObjectFlag.held).toBeTruthy();
      expect(t.objects.flags[o]! & ObjectFlag.named).toBeFalsy();
    }
  });
});
