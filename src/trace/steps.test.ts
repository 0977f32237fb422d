/**
 * Stepping and "the state at step N" on a trace recorded by the real engine (the seed loop,
 * 24 steps: `import sys`, `def test`, then test() called five times).
 */
import { describe, expect, it } from 'vitest';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { en } from '../i18n/en';
import { lifetimeLabel } from './lifetimes';
import { narrateStep, narrationText } from './narrate';
import { stepCount } from './query';
import { eventSteps, framesAfter, isAliveAfter, nextEventStep, previousEventStep, refcountAfter, startingStep, storyStep } from './steps';
import type { TraceData } from './types';

const t = recordedSeedLoop();

/** Names bound once line `step` has run, as `name=label` per frame ("test: ins=object #2"). */
function names(tr: TraceData, step: number): string[] {
  return framesAfter(tr, step).map((f) => `${f.function}: ${f.names.map((n) => `${n.name}=${lifetimeLabel(tr, n.obj)}`).join(' ')}`.trim());
}

describe('event steps', () => {
  it('lists the steps that created or destroyed a shown object, in order', () => {
    // sys is pre-existing; test (a function) is created at step 1; each object() at 4k and freed at 4k+1.
    expect(Array.from(eventSteps(t))).toEqual([1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21]);
    // Every step the narration reports a shown creation or destruction at is an event step.
    for (let s = 0; s < stepCount(t); s++) {
      const n = narrateStep(t, s);
      expect(eventSteps(t).includes(s)).toBe(n.created.length + n.destroyed.length + n.finalized.length > 0);
    }
  });

  it('with all objects, counts temporaries too', () => {
    const all = Array.from(eventSteps(t, true));
    expect(all).toEqual(expect.arrayContaining(Array.from(eventSteps(t))));
    expect(all.length).toBeGreaterThanOrEqual(eventSteps(t).length);
    expect(eventSteps(t, true)).toBe(eventSteps(t, true));
  });

  it('finds the next and previous event from any step, null past the ends', () => {
    expect(nextEventStep(t, 0)).toBe(1);
    expect(nextEventStep(t, 5)).toBe(8);
    expect(nextEventStep(t, 6)).toBe(8);
    expect(nextEventStep(t, 21)).toBeNull();
    expect(previousEventStep(t, 8)).toBe(5);
    expect(previousEventStep(t, 7)).toBe(5);
    expect(previousEventStep(t, 1)).toBeNull();
  });
});

describe('story step', () => {
  it('is the creation of the first object that reuses an address', () => {
    const story = storyStep(t);
    expect(story).toEqual({ step: 8, reason: 'reuse' });
    expect(narrationText(narrateStep(t, 8), en.narration)).toMatch(/object #2 created .*\(the address object #1 had\), bound to ins/);
  });

  it('falls back to the first creation when no address is reused', () => {
    // Cut the trace to the first call: only `test` and object #1 are created.
    const short: TraceData = { ...t, objects: { ...t.objects, born: t.objects.born.map((b) => (b > 6 ? -1 : b)), died: t.objects.died.map((d) => (d > 6 ? -1 : d)) } };
    expect(storyStep(short)).toEqual({ step: 1, reason: 'creation' });
  });
});

describe('the state after a line ran', () => {
  it('agrees with the narration: a name bound by the step shows at that step', () => {
    expect(narrationText(narrateStep(t, 8), en.narration)).toContain('bound to ins');
    expect(names(t, 8)).toEqual(['test: ins=object #2', '<module>:', '<globals>: test=function #1 sys=module #1']);
    expect(refcountAfter(t, framesAfter(t, 8)[0]?.names[0]?.obj ?? -1, 8)).toBe(1);
  });

  it('agrees with the narration: a frame that returned and the object it freed are gone', () => {
    const said = narrationText(narrateStep(t, 5), en.narration);
    expect(said).toContain('test() returned');
    expect(said).toContain('object #1');
    expect(said).toContain('destroyed');
    expect(names(t, 5)).toEqual(['<module>:', '<globals>: test=function #1 sys=module #1']);
    const ins = framesAfter(t, 4)[0]?.names[0]?.obj ?? -1;
    expect(isAliveAfter(t, ins, 4)).toBe(true);
    expect(isAliveAfter(t, ins, 5)).toBe(false);
  });

  it('shows a global from the step that stored it, and a call entered on the line', () => {
    expect(narrationText(narrateStep(t, 1), en.narration)).toMatch(/function #1 created .*bound to test/);
    expect(names(t, 1)).toEqual(['<module>:', '<globals>: test=function #1 sys=module #1']);
    expect(names(t, 0)).toEqual(['<module>:', '<globals>: sys=module #1']);
    // Line 10 calls test(): once it has started, the callee's frame is on the stack.
    expect(names(t, 3)[0]).toBe('test:');
  });
});

describe('starting step', () => {
  it('starts at the story, or at the last step of a failed run', () => {
    expect(startingStep(t)).toEqual({ step: 8, landing: { step: 8, reason: 'reuse' } });
    const failed: TraceData = { ...t, meta: { ...t.meta, status: 'error' } };
    expect(startingStep(failed)).toEqual({ step: stepCount(t) - 1, landing: null });
  });
});
