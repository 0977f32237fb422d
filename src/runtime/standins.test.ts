/**
 * The instrument is invisible (issue 13): what Refscope puts in place of time.sleep and
 * input() looks, to a program that inspects it, like what it replaces, and nothing else a
 * program commonly looks at differs from an untraced Pyodide run. The differences that
 * remain are listed in docs/fidelity.md.
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { plainRun } from '../../tests/support/plainRun';
import { DEFAULT_LIMITS } from '../protocol/messages';

/**
 * Prints one line per thing looked at. `S` is time.sleep as desktop CPython has it: the
 * builtin. An untraced Pyodide wraps it in a Python function (pyodide/webloop.py, with
 * functools.wraps), so there the builtin is its `__wrapped__`.
 */
const PROBE = String.raw`
import sys, builtins
import time as T
S = getattr(T.sleep, '__wrapped__', T.sleep)

def show(label, f):
    r = repr(f).split(' at 0x')[0]
    doc = getattr(f, '__doc__', None)
    print(label, r, type(f).__name__, type(f).__module__, getattr(f, '__module__', '-'), getattr(f, '__name__', '-'),
          getattr(f, '__qualname__', '-'), repr(getattr(f, '__self__', '-')), repr(getattr(f, '__text_signature__', '-')),
          repr(doc[:40]) if isinstance(doc, str) else '-', f.__reduce__() if type(f) is type(len) else '-')

show('sleep', S)
show('input', input)
show('builtins.input', builtins.input)
show('print', print)
show('sys.exit', sys.exit)
show('sys.getrefcount', sys.getrefcount)
show('sys.settrace', sys.settrace)
show('sys.displayhook', sys.displayhook)
show('sys.excepthook', sys.excepthook)
show('sys.stdout', sys.stdout)
show('sys.stderr', sys.stderr)
show('sys.stdin', sys.stdin)
show('open', open)
show('__import__', __import__)
print('trace', sys.gettrace(), sys.getprofile())
print('modules', sorted(sys.modules))
print('sys', sorted(vars(sys)))
print('builtins', sorted(vars(builtins)))
print('time', sorted(vars(T)))
print('recursion', sys.getrecursionlimit())
import inspect
print('signatures', inspect.signature(S), inspect.signature(input))
for call in ('S()', 'S("x")', 'S(-1)', 'S(10**30)', 'S(1, 2)', 'S(seconds=1)', 'input(1, 2)', 'input(prompt="x")'):
    try:
        eval(call)
    except Exception as e:
        print(call, type(e).__name__, e)
`;

const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);

describe('the stand-ins look like what they replace', () => {
  it('prints what an untraced Pyodide prints for every patched or commonly inspected thing', async () => {
    const engine = await freshEngine();
    const t = engine.run(PROBE, DEFAULT_LIMITS);
    expect(t.meta.error).toBeNull();
    const traced = lines(t.output.filter((c) => c.stream === 'stdout').map((c) => c.text).join(''));
    const plain = lines(await plainRun(PROBE));
    expect(plain.length).toBeGreaterThan(20);
    expect(traced).toEqual(plain);
  });

  it('from time import *; print(sleep) and print(input) show the builtins', async () => {
    const engine = await freshEngine();
    const src =
      'from time import *\nimport builtins\nprint(sleep)\nprint(input)\n' +
      "print(sleep.__module__, sleep.__name__, sleep.__qualname__, type(sleep) is type(len), sleep.__self__.__name__)\n" +
      "print(input.__module__, input.__name__, input.__qualname__, type(input) is type(len), input.__self__ is builtins)\n";
    const t = engine.run(src, DEFAULT_LIMITS);
    expect(t.output.map((c) => c.text).join('')).toBe(
      '<built-in function sleep>\n<built-in function input>\ntime sleep sleep True time\nbuiltins input input True True\n',
    );
  });

  it('the stand-ins still do their work: sleep sleeps within the budget, input says it has no keyboard', async () => {
    const engine = await freshEngine();
    const t = engine.run('from time import *\nsleep(0.01)\nprint("slept")\ninput("name? ")\n', DEFAULT_LIMITS);
    expect(t.output.filter((c) => c.stream === 'stdout').map((c) => c.text).join('')).toBe('slept\n');
    expect(t.meta.error).toMatchObject({ type: 'RuntimeError', line: 4 });
    expect(t.meta.error!.message).toMatch(/input\(\) is not supported/);
  });
});
