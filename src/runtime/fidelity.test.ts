/**
 * The instrument must not change what it measures. For every program in tests/corpus,
 * the ids printed under the tracer follow the same equality pattern (and the rest of the
 * output is identical) as an uninstrumented run in a fresh interpreter with the same
 * seed; and every printed id of an object the run created is in the trace, alive at the
 * step that printed it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshEngine, sharedSnapshot } from '../../tests/support/engines';
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
});
