/**
 * Seeded fuzz: generated and mutated programs through the real engine. Each must end
 * with a status and a consistent trace: deaths after births, finalizers inside
 * lifetimes, never two live objects at one address, steps and bindings in range.
 * Bounded in count (FUZZ_COUNT, default 240) and in time per program.
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { ObjectFlag, StepEvent, type TraceData } from '../trace/types';

const COUNT = Number(process.env.FUZZ_COUNT ?? 240);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['a', 'b', 'c', 'items', 'node', 'x'];
const VALUES = ['object()', '[]', '[1, 2]', '{}', "{'k': object()}", '(1, object())', '1.5 * 3', "'s' * 40", '10 ** 30', 'None', 'Node()', 'Fin()', 'len', 'lambda: a'];
const STATEMENTS: Array<(pick: <T>(xs: T[]) => T) => string> = [
  (p) => `${p(NAMES)} = ${p(VALUES)}`,
  (p) => `del ${p(NAMES)}`,
  (p) => `print(id(${p(NAMES)}))`,
  (p) => `${p(NAMES)} = f(${p(VALUES)})`,
  (p) => `for _ in range(3):\n    ${p(NAMES)} = ${p(VALUES)}`,
  (p) => `try:\n    raise ValueError(${p(NAMES)})\nexcept ValueError as e:\n    ${p(NAMES)} = e`,
  (p) => `items = [${p(VALUES)} for _ in range(4)]`,
  (p) => `${p(NAMES)}.append(${p(VALUES)})`,
  () => `import gc\ngc.collect()`,
  () => `g = (i for i in range(3))\nnext(g)`,
  () => `while True:\n    pass`,
  (p) => `a, b = b, ${p(VALUES)}`,
  () => `def rec(n):\n    return n if n <= 0 else rec(n - 1)\nrec(30)`,
  () => `1 / 0`,
];
const PRELUDE = `class Node:\n    def __init__(self):\n        self.other = self\n\nclass Fin:\n    def __del__(self):\n        print('fin')\n\ndef f(v):\n    w = v\n    return w\n`;

function program(random: () => number): string {
  const pick = <T,>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const lines = [PRELUDE];
  const n = 3 + Math.floor(random() * 10);
  for (let i = 0; i < n; i++) lines.push(pick(STATEMENTS)(pick));
  let src = lines.join('\n') + '\n';
  if (random() < 0.2) {
    // Mutate: delete or duplicate a character somewhere after the prelude.
    const at = PRELUDE.length + Math.floor(random() * (src.length - PRELUDE.length));
    src = random() < 0.5 ? src.slice(0, at) + src.slice(at + 1) : src.slice(0, at) + src[at] + src.slice(at);
  }
  return src;
}

/** The invariants every trace must keep; returns the first broken one. */
export function checkTrace(t: TraceData): string | null {
  const steps = t.steps.line.length;
  const inRange = (s: number) => s >= 0 && s < Math.max(steps, 1);
  const { address, born, died, finalized, flags } = t.objects;
  const lanes = new Map<number, number[]>();
  for (let o = 0; o < address.length; o++) {
    const b = born[o]!;
    const d = died[o]!;
    const f = finalized[o]!;
    const pre = (flags[o]! & ObjectFlag.preexisting) !== 0;
    if (!pre && !inRange(b)) return `object ${o} born at ${b}`;
    if (d >= 0 && !inRange(d)) return `object ${o} died at ${d}`;
    if (d >= 0 && b >= 0 && d < b) return `object ${o} died at ${d} before birth ${b}`;
    if (f >= 0 && ((b >= 0 && f < b) || (d >= 0 && f > d))) return `object ${o} finalized at ${f} outside ${b}..${d}`;
    if (!pre) {
      const lane = lanes.get(address[o]!) ?? [];
      lane.push(o);
      lanes.set(address[o]!, lane);
    }
  }
  for (const [addr, lane] of lanes) {
    for (let i = 1; i < lane.length; i++) {
      const prev = lane[i - 1]!;
      const cur = lane[i]!;
      if (died[prev]! < 0) return `two live objects at ${addr}: ${prev} never died before ${cur} was born`;
      if (born[cur]! < died[prev]!) return `two live objects at ${addr} at step ${born[cur]}`;
    }
  }
  const b = t.bindings;
  for (let i = 0; i < b.obj.length; i++) {
    if (!inRange(b.from[i]!) || (b.to[i]! >= 0 && b.to[i]! < b.from[i]!)) return `binding ${i} spans ${b.from[i]}..${b.to[i]}`;
  }
  for (let f = 0; f < t.frames.func.length; f++) {
    if (t.frames.exit[f]! >= 0 && t.frames.exit[f]! < t.frames.enter[f]!) return `frame ${f} exits before it enters`;
  }
  for (const c of t.output) if (!inRange(c.step)) return `output at step ${c.step}`;
  for (let s = 0; s < steps; s++) {
    // Python's exit steps, and only they, run no line: the last one ends a completed run or starts its last __del__s.
    const exiting = (t.steps.event[s]! & (StepEvent.exit | StepEvent.atexit)) !== 0;
    if (exiting ? t.steps.depth[s] !== -1 || t.steps.line[s] !== 0 : t.steps.depth[s]! < 0 || t.steps.line[s]! < 1) return `step ${s} at depth ${t.steps.depth[s]} line ${t.steps.line[s]}`;
  }
  // At most one of each, atexit's first (a budget met in an atexit function leaves no exit step).
  const events = Array.from(t.steps.event);
  const exit = events.findIndex((e) => (e & StepEvent.exit) !== 0);
  const atexit = events.findIndex((e) => (e & StepEvent.atexit) !== 0);
  if (events.filter((e) => (e & StepEvent.exit) !== 0).length > 1 || events.filter((e) => (e & StepEvent.atexit) !== 0).length > 1 || (exit >= 0 && exit < atexit))
    return `exit steps out of order: atexit at ${atexit}, exit at ${exit}`;
  return null;
}

describe(`fuzz (${COUNT} programs, seed ${SEED})`, () => {
  it('every program ends with a status and a consistent trace', async () => {
    const random = rng(SEED);
    const statuses = new Map<string, number>();
    for (let i = 0; i < COUNT; i++) {
      const source = program(random);
      const engine = await freshEngine();
      const t = engine.run(source, { ...DEFAULT_LIMITS, maxSteps: 3000, maxSeconds: 2 });
      statuses.set(t.meta.status, (statuses.get(t.meta.status) ?? 0) + 1);
      const broken = checkTrace(t);
      expect(broken, `program ${i}:\n${source}`).toBeNull();
    }
    // The generator must actually reach the interesting endings.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining(['completed', 'error', 'step-limit']));
  }, 600_000);
});

describe('checkTrace', () => {
  it('catches two live objects at one address and a death before birth', () => {
    const t: TraceData = {
      meta: {} as TraceData['meta'],
      strings: ['m'],
      steps: { line: Int32Array.of(1, 2, 3), func: new Int32Array(3), depth: new Int32Array(3), event: new Uint8Array(3) },
      objects: {
        address: Uint32Array.of(64, 64),
        type: new Int32Array(2),
        size: new Int32Array(2),
        born: Int32Array.of(0, 1),
        died: Int32Array.of(2, -1),
        finalized: Int32Array.of(-1, -1),
        flags: new Uint8Array(2),
      },
      refcounts: { start: new Int32Array(3), step: new Int32Array(0), value: new Int32Array(0) },
      bindings: { obj: new Int32Array(0), name: new Int32Array(0), frame: new Int32Array(0), from: new Int32Array(0), to: new Int32Array(0) },
      frames: { func: new Int32Array(0), depth: new Int32Array(0), enter: new Int32Array(0), exit: new Int32Array(0) },
      output: [],
    };
    expect(checkTrace(t)).toMatch(/two live objects at 64/);
    t.objects.born[1] = 2;
    expect(checkTrace(t)).toBeNull();
    t.objects.died[0] = -1;
    t.objects.born[0] = 2;
    t.objects.died[0] = 1;
    expect(checkTrace(t)).toMatch(/before birth/);
  });
});
