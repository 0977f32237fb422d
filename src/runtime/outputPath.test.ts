/**
 * print's own temporaries, against real CPython: everything print and sys.stdout's io stack
 * make (bound write, str(x), TextIOWrapper's list and bytes, BufferedWriter's memoryview and
 * managedbuffer) carries ObjectFlag.outputPath; what the program makes never does, even when
 * it runs inside print (a __str__).
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { exitAt } from '../trace/lifetimes';
import { typeName } from '../trace/query';
import { ObjectFlag, type TraceData } from '../trace/types';

async function trace(source: string): Promise<TraceData> {
  return (await freshEngine()).run(source, DEFAULT_LIMITS);
}

/**
 * Objects the program's lines created (not older ones, nor what Python's exit makes: the
 * collector's own "start" and "stop"), as [type, marked] pairs in creation order.
 */
function created(t: TraceData): Array<[string, boolean]> {
  return [...t.objects.address.keys()]
    .filter((o) => (t.objects.flags[o]! & ObjectFlag.preexisting) === 0 && exitAt(t, t.objects.born[o]!) === null)
    .map((o) => [typeName(t, o), (t.objects.flags[o]! & ObjectFlag.outputPath) !== 0]);
}

describe("print's output path", () => {
  it('marks every object print(1) makes: bytes, memoryview and managedbuffer included', async () => {
    const objs = created(await trace('print(1)\n'));
    const types = objs.map(([type]) => type);
    for (const type of ['bytes', 'memoryview', 'managedbuffer', 'list', 'builtin_function_or_method']) expect(types).toContain(type);
    expect(objs.filter(([, marked]) => !marked)).toEqual([]);
  });

  it("marks sys.stdout.write's temporaries but not the program's own objects in the seed loop", async () => {
    const t = await trace('def test():\n    ins = object()\n    print(id(ins))\n\nfor _ in range(3):\n    test()\n');
    const objs = created(t);
    const objects = objs.filter(([type]) => type === 'object');
    expect(objects).toHaveLength(3);
    // Watching the stream changes nothing the program sees: the seed's one address, reused.
    const addresses = [...t.objects.address.keys()].filter((o) => typeName(t, o) === 'object').map((o) => t.objects.address[o]);
    expect(new Set(addresses).size).toBe(1);
    expect(objects.every(([, marked]) => !marked)).toBe(true);
    // id(ins) is the program's int; print's str of it is print's.
    const mine = objs.filter(([, marked]) => !marked).map(([type]) => type);
    expect(mine.filter((type) => type === 'int')).toHaveLength(3);
    expect(objs.filter(([type, marked]) => type === 'memoryview' && marked)).toHaveLength(3);
  });

  it("leaves what a __str__ makes inside print to the program", async () => {
    const objs = created(await trace('class A:\n    def __str__(self):\n        self.x = [1, 2]\n        return "a"\n\nprint(A())\n'));
    const lists = objs.filter(([type]) => type === 'list');
    // [1, 2] from __str__ (the program's), then TextIOWrapper's pending list (the stream's).
    expect(lists).toEqual([
      ['list', false],
      ['list', true],
    ]);
    expect(objs.filter(([type]) => type === 'memoryview')).toEqual([['memoryview', true]]);
  });

  it('does not mark a write to a file the program opened', async () => {
    const objs = created(await trace("import io\nf = io.TextIOWrapper(io.BytesIO(), line_buffering=True)\nf.write('x\\n')\n"));
    // TextIOWrapper.write joins its pending text into a bytes for BytesIO: the same C code as sys.stdout's.
    expect(objs.filter(([type]) => type === 'bytes').length).toBeGreaterThan(0);
    expect(objs.filter(([, marked]) => marked)).toEqual([]);
  });
});
