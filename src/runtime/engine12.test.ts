/**
 * The engine against real CPython, for what issue 12 found wrong at the end of runs:
 * types of objects older than the run, output credited to the frame that wrote it, and
 * Refscope's own stop never shown as the user's error.
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { DEFAULT_LIMITS, type RunLimits } from '../protocol/messages';
import { exampleById } from '../examples';
import { ObjectFlag, type TraceData } from '../trace/types';
import { isShownByDefault, typeName } from '../trace/query';

async function trace(source: string, limits: Partial<RunLimits> = {}): Promise<TraceData> {
  const engine = await freshEngine();
  return engine.run(source, { ...DEFAULT_LIMITS, ...limits });
}

const example = (id: string) => exampleById(id)!.code;

describe('objects older than the run', () => {
  it.each(['aliases', 'exceptions'])('every object the %s example shows has its real type and a refcount', async (id) => {
    const t = await trace(example(id));
    const shown = [...t.objects.address.keys()].filter((o) => isShownByDefault(t, o));
    expect(shown.length).toBeGreaterThan(0);
    for (const o of shown) {
      expect(typeName(t, o), `object ${o} at ${t.objects.address[o]}`).not.toBe('?');
      const samples = t.refcounts.start[o + 1]! - t.refcounts.start[o]!;
      expect(samples, `refcount samples of ${typeName(t, o)} object ${o}`).toBeGreaterThan(0);
    }
  });

  it("reads a held small int's type and refcount from memory: an immortal int", async () => {
    const t = await trace('a = [1, 2]\n');
    const ints = [...t.objects.address.keys()].filter((o) => (t.objects.flags[o]! & ObjectFlag.held) !== 0);
    expect(ints).toHaveLength(2);
    for (const o of ints) {
      expect(typeName(t, o)).toBe('int');
      expect(t.objects.flags[o]! & ObjectFlag.preexisting).toBeTruthy();
      expect(t.objects.flags[o]! & ObjectFlag.immortal).toBeTruthy();
    }
  });
});

describe("Refscope's own stop", () => {
  it('never shows as the user\'s error when a budget ends the run inside __del__', async () => {
    const source = example('seed-finalizer');
    let insideDel = 0;
    // One iteration is five steps (while, test(), Son(), print, __del__): of these budgets, 41 ends in __del__.
    for (const maxSteps of [40, 41, 42, 43]) {
      const t = await trace(source, { maxSteps });
      expect(t.meta.status).toBe('step-limit');
      expect(t.meta.error).toBeNull();
      const last = t.steps.func.length - 1;
      if (t.strings[t.steps.func[last]!] === '__del__') insideDel++;
      const text = t.output.map((c) => c.text).join('');
      expect(text).not.toMatch(/RefscopeStop|Exception ignored|Refscope ended/);
      expect(t.output.filter((c) => c.stream === 'stderr')).toEqual([]);
    }
    expect(insideDel).toBe(1);
  });
});

describe('output and the frame that wrote it', () => {
  it("credits the module's print to the module, not to the __del__ that gc.collect() ran", async () => {
    const t = await trace(example('cycles'));
    expect(t.meta.status).toBe('completed');
    const where = (text: string) => {
      const chunk = t.output.find((c) => c.text.includes(text));
      expect(chunk, text).toBeDefined();
      return { func: t.strings[t.steps.func[chunk!.step]!], line: t.steps.line[chunk!.step], text: chunk!.text };
    };
    expect(where('freeing a')).toMatchObject({ func: '__del__', line: 10 });
    expect(where('freeing b')).toMatchObject({ func: '__del__', line: 10, text: 'freeing b\n' });
    expect(where('gc.collect() found 2 objects')).toEqual({ func: '<module>', line: 19, text: 'gc.collect() found 2 objects\n' });
    // Steps stay in order: each chunk at or after the one before.
    for (let i = 1; i < t.output.length; i++) expect(t.output[i]!.step).toBeGreaterThanOrEqual(t.output[i - 1]!.step);
  });
});
