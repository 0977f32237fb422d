/**
 * Narration on traces recorded by the real engine (CPython 3.14 in Pyodide, Node): the
 * facts of a step and the sentence made of them, in English and Chinese.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { exampleById } from '../examples';
import { narrateStep, narrationText } from './narrate';
import { lineAt } from './lifetimes';
import { stepCount } from './query';
import type { TraceData } from './types';

async function record(id: string, maxSteps = 400): Promise<TraceData> {
  const example = exampleById(id);
  if (!example) throw new Error(`no example ${id}`);
  const engine = await freshEngine();
  return engine.run(example.code, { ...DEFAULT_LIMITS, maxSteps });
}

/** Steps whose narration mentions an object of this label prefix being created / destroyed. */
function stepsWhere(t: TraceData, f: (step: number) => boolean): number[] {
  const out: number[] = [];
  for (let s = 0; s < stepCount(t); s++) if (f(s)) out.push(s);
  return out;
}

const say = (t: TraceData, step: number) => narrationText(narrateStep(t, step), en.narration);

describe('narration of the seed loop', () => {
  let t: TraceData;
  beforeAll(async () => {
    t = await record('seed-loop');
  });

  it('says where the object was created, at which address, with which refcount and name', () => {
    const births = stepsWhere(t, (s) => narrateStep(t, s).created.some((c) => c.label.startsWith('object #')));
    expect(births.length).toBeGreaterThan(10);
    const first = narrateStep(t, births[0] ?? -1);
    expect(first.line).toBe(5);
    expect(first.func).toBe('test');
    const [created] = first.created;
    expect(created).toMatchObject({ label: 'object #1', refcount: 1, names: ['ins'], reuses: null });
    expect(say(t, births[0] ?? -1)).toBe(`line 5 in test(): object #1 created at ${created?.address}, refcount 1, bound to ins`);
  });

  it('says the next object took the freed address', () => {
    const births = stepsWhere(t, (s) => narrateStep(t, s).created.some((c) => c.label.startsWith('object #')));
    const second = narrateStep(t, births[1] ?? -1).created[0];
    expect(second?.label).toBe('object #2');
    expect(second?.reuses?.label).toBe('object #1');
    expect(second?.address).toBe(second?.reuses?.address);
    expect(say(t, births[1] ?? -1)).toContain('object #2 created at');
    expect(say(t, births[1] ?? -1)).toContain('(the address object #1 had)');
  });

  it('says test() returned and the object was destroyed, with what was printed', () => {
    const deaths = stepsWhere(t, (s) => narrateStep(t, s).destroyed.length > 0);
    const n = narrateStep(t, deaths[0] ?? -1);
    expect(n.line).toBe(6);
    expect(n.ended).toEqual([{ func: 'test', how: 'returned' }]);
    expect(n.destroyed.map((o) => o.label)).toEqual(['object #1']);
    expect(n.printed).toMatch(/^\d+$/);
    const text = say(t, deaths[0] ?? -1);
    // Where its block went, read from malloc's chunk headers: the next object() took it.
    expect(text).toMatch(/^line 6 in test\(\): printed "\d+"; test\(\) returned; object #1 at (0x[0-9a-f]{8}) destroyed; its block \(\1, 16 B\) went to object #2 at line 5, step \d+;/);
    expect(text).toMatch(/\d+ temporar(y|ies) created, \d+ freed$/);
  });

  it('narrates a quiet step and a step outside the trace', () => {
    const quiet = stepsWhere(t, (s) => lineAt(t, s) === 9 && narrateStep(t, s).temporaries.created === 0);
    expect(say(t, quiet[0] ?? -1)).toBe('line 9: no object created or destroyed');
    expect(say(t, -1)).toBe('');
    expect(say(t, stepCount(t))).toBe('');
  });

  it('speaks Chinese with the Chinese catalog', () => {
    const births = stepsWhere(t, (s) => narrateStep(t, s).created.length > 0 && lineAt(t, s) === 5);
    const text = narrationText(narrateStep(t, births[1] ?? -1), zhCN.narration);
    expect(text).toMatch(/^第 5 行（test\(\)）：在 0x[0-9a-f]{8} 创建了 object #2，引用计数 1（正是 object #1 用过的地址），绑定到 ins$/);
  });
});

describe('narration of other programs', () => {
  it('names the __del__ that ran and the object it finalized', async () => {
    const t = await record('seed-finalizer');
    const fin = stepsWhere(t, (s) => narrateStep(t, s).finalized.length > 0);
    expect(fin.length).toBeGreaterThan(3);
    const n = narrateStep(t, fin[0] ?? -1);
    expect(n.func).toBe('__del__');
    expect(n.finalized[0]?.label).toBe('Son #1');
    expect(say(t, fin[0] ?? -1)).toContain('__del__ of Son #1 ran');
    expect(say(t, fin[0] ?? -1)).toContain('printed "Deleting instance"');
  });

  it('says a generator paused at yield, and frees its locals when it is deleted', async () => {
    const t = await record('generators');
    const yields = stepsWhere(t, (s) => narrateStep(t, s).ended.some((e) => e.how === 'yielded'));
    expect(yields.length).toBe(2);
    expect(say(t, yields[0] ?? -1)).toContain('numbers() paused at yield');
    const del = stepsWhere(t, (s) => lineAt(t, s) === 11)[0] ?? -1;
    expect(narrateStep(t, del).destroyed.map((o) => o.label)).toEqual(['generator #1', 'list #1']);
    expect(say(t, del)).toContain('generator #1 and list #1 destroyed, their blocks go back to the allocator');
  });

  it('says when an exception was raised and which frame it left', async () => {
    const t = await record('exceptions');
    const raised = stepsWhere(t, (s) => narrateStep(t, s).raised);
    expect(raised.length).toBeGreaterThan(0);
    const n = narrateStep(t, raised[0] ?? -1);
    expect(n.line).toBe(3);
    expect(n.ended).toEqual([{ func: 'fail', how: 'raised' }]);
    expect(say(t, raised[0] ?? -1)).toMatch(/^line 3 in fail\(\): an exception was raised; ValueError #1 created at 0x[0-9a-f]{8}/);
    expect(say(t, raised[0] ?? -1)).toContain('fail() was left by the exception');
  });

  it('names globals bound to objects that existed before the run', async () => {
    const t = await record('small-ints');
    const step = stepsWhere(t, (s) => lineAt(t, s) === 3)[0] ?? -1;
    expect(narrateStep(t, step).bound).toMatchObject([{ name: 'a', origin: 'immortal' }]);
    expect(say(t, step)).toMatch(/^line 3: a → int #\d+ \(immortal\)$/);
  });

  it("tells Python's exit after the last line: atexit's functions, then the module freed with its __del__s", async () => {
    const source = 'import atexit\nclass A:\n    def __del__(self): print("bye")\na = A()\natexit.register(print, "hook")\nprint("end")\n';
    const t = await (await freshEngine()).run(source, { ...DEFAULT_LIMITS, maxSteps: 100 });
    expect(t.meta.status).toBe('completed');
    expect(t.output.map((c) => c.text).join('')).toBe('end\nhook\nbye\n');
    const exits = stepsWhere(t, (s) => narrateStep(t, s).exit !== null);
    expect(exits.map((s) => narrateStep(t, s).exit)).toEqual(['atexit', 'exit']);
    const [atexitStep = -1, exitStep = -1] = exits;
    // The atexit step comes right after line 6, prints the hook; the exit step frees a's A.
    expect(lineAt(t, atexitStep - 1)).toBe(6);
    expect(lineAt(t, atexitStep)).toBeNull();
    expect(say(t, atexitStep)).toMatch(/^after the last line, Python exits: first the functions registered with atexit run: printed "hook"/);
    expect(say(t, exitStep)).toMatch(/^Python exits, freeing the program's module and what only its globals kept alive: /);
    // a's __del__ runs after the exit step, as the module's globals go: a step of its own line.
    const del = exitStep + 1;
    expect(lineAt(t, del)).toBe(3);
    expect(say(t, del)).toMatch(/^line 3 in __del__\(\): printed "bye"; __del__ of A #1 ran; .*A #1/);
    expect(narrationText(narrateStep(t, exitStep), zhCN.narration)).toMatch(/^Python 退出，释放程序的模块/);
    expect(narrationText(narrateStep(t, atexitStep), zhCN.narration)).toMatch(/^最后一行之后，Python 退出：先运行用 atexit 注册的函数/);
    // With nothing registered, there is only the module's step; a run stopped by its budget has neither.
    const plain = await (await freshEngine()).run('x = [1]\n', { ...DEFAULT_LIMITS, maxSteps: 100 });
    expect(stepsWhere(plain, (s) => narrateStep(plain, s).exit !== null).map((s) => narrateStep(plain, s).exit)).toEqual(['exit']);
    const stopped = await (await freshEngine()).run('a = [1]\nwhile True:\n    pass\n', { ...DEFAULT_LIMITS, maxSteps: 50 });
    expect(stopped.meta.status).toBe('step-limit');
    expect(stepsWhere(stopped, (s) => narrateStep(stopped, s).exit !== null)).toEqual([]);
  });

  it('quotes output as text: real newlines and quotes, no JSON escapes', async () => {
    const engine = await freshEngine();
    const t = await engine.run('x = 1\nprint(\'File "main.py"\\nline \\\\ two\')\n', { ...DEFAULT_LIMITS, maxSteps: 50 });
    const step = stepsWhere(t, (s) => narrateStep(t, s).printed !== null)[0] ?? -1;
    expect(narrateStep(t, step).printed).toBe('File "main.py"\nline \\ two');
    // (print's own temporaries may follow: the output path is another matter.)
    expect(say(t, step).startsWith('line 2: printed "File "main.py"\nline \\ two"')).toBe(true);
    expect(say(t, step)).not.toMatch(/\\n|\\"/);
    expect(narrationText(narrateStep(t, step), zhCN.narration).startsWith('第 2 行：输出“File "main.py"\nline \\ two”')).toBe(true);
  });
});
