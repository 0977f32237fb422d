/**
 * The derived model of recorded traces, the speedscope way: sample files in
 * (tests/fixtures/traces/*.json, recorded by the real engine), derived model out, compared
 * with a reviewed text snapshot beside each sample (tests/fixtures/traces/derived/). A change
 * to what the model makes of a real run shows up as a diff to read, not as a silent change.
 */
import { describe, expect, it } from 'vitest';
import { makeTrace } from '../../tests/fixtures/makeTrace';
import { fixtureNames, recordedFixture } from '../../tests/fixtures/traces';
import { en } from '../i18n/en';
import { lifetimeLabel } from './lifetimes';
import { previousOccupant, refcountRange, refcountSummary, reuseLinks } from './model';
import { narrateStep, narrationText } from './narrate';
import { hexAddress, isShownByDefault, stepCount } from './query';
import { eventSteps, storyStep } from './steps';
import { ObjectFlag, type TraceData } from './types';

/** What the model makes of a trace, as text: one line per address chain and per event step. */
function describeModel(t: TraceData): string {
  const n = t.objects.address.length;
  let shown = 0;
  for (let o = 0; o < n; o++) if (isShownByDefault(t, o)) shown++;
  const story = storyStep(t);
  const out = [
    `${t.meta.status}, ${stepCount(t)} steps, ${n} objects, ${shown} shown by default`,
    `story: ${story ? `step ${story.step} (${story.reason})` : 'none'}`,
    '',
    'addresses (objects shown by default: [born, died] with -1 for before the run / never, refcount range, ← previous occupant):',
  ];
  const { order, prev, next } = reuseLinks(t);
  const occupant = previousOccupant(t);
  const { born, died, address } = t.objects;
  for (let i = 0; i < order.length; i++) {
    const o = order[i] ?? 0;
    if ((prev[o] ?? -1) >= 0) continue;
    const chain: string[] = [];
    for (let c = o; c >= 0; c = next[c] ?? -1) {
      const range = refcountRange(t, c);
      const before = occupant[c] ?? -1;
      chain.push(
        `${lifetimeLabel(t, c)} [${born[c] ?? -1}, ${died[c] ?? -1}]` +
          ` rc ${range ? range.join('..') : '-'}${before >= 0 ? ` ← ${lifetimeLabel(t, before)}` : ''}`,
      );
    }
    out.push(`  ${hexAddress(address[o] ?? 0)}  ${chain.join('  |  ')}`);
  }
  out.push('', 'all objects: ' + `${reuseLinks(t, true).count} reuse links among ${n}`, '', 'narration at each event step:');
  for (const s of eventSteps(t)) out.push(`  ${s}: ${narrationText(narrateStep(t, s), en.narration)}`);
  return `${out.join('\n')}\n`;
}

describe('the derived model of recorded traces', () => {
  const names = fixtureNames();

  it('finds the recorded fixtures', () => {
    // A fixture test that finds nothing must fail, not pass by testing nothing.
    expect(names).toEqual(expect.arrayContaining(['containers', 'cycles', 'finalizer', 'seed-loop']));
  });

  it.each(names)('%s', async (name) => {
    await expect(describeModel(recordedFixture(name))).toMatchFileSnapshot(`../../tests/fixtures/traces/derived/${name}.txt`);
  });
});

describe('reuse links and the previous occupant', () => {
  const A = 0x1000;
  const B = 0x2000;
  const steps = Array.from({ length: 10 }, (_, i) => ({ line: i + 1 }));
  const named = ObjectFlag.named;
  // At A: a pre-existing object, then x (dies at 3), y (born 5, never dies: a missed DESTROY),
  // z (born 7). At B: a temporary, then w. Objects listed out of creation order on purpose.
  const t = makeTrace({
    steps,
    objects: [
      { address: A, type: 'object', born: 7, died: -1, flags: named, refcounts: [[7, 1]] },
      { address: A, type: 'int', born: -1, died: -1, flags: named | ObjectFlag.preexisting, refcounts: [[0, 3], [4, 9]] },
      { address: A, type: 'object', born: 1, died: 3, flags: named, refcounts: [[1, 1], [2, 2]] },
      { address: A, type: 'object', born: 5, died: -1, flags: named },
      { address: B, type: 'float', born: 2, died: 2 },
      { address: B, type: 'float', born: 4, died: 6, flags: named, refcounts: [[4, 1]] },
    ],
  });

  it('chains the lifetimes at each address by start step, among shown objects or all', () => {
    const shown = reuseLinks(t);
    expect(Array.from(shown.order)).toEqual([1, 2, 3, 0, 5]);
    expect(Array.from(shown.prev)).toEqual([3, -1, 1, 2, -1, -1]);
    expect(Array.from(shown.next)).toEqual([-1, 2, 3, 0, -1, -1]);
    expect(shown.count).toBe(3);
    const all = reuseLinks(t, true);
    expect(all.prev[5]).toBe(4);
    expect(all.count).toBe(4);
    expect(reuseLinks(t)).toBe(shown);
  });

  it('names the previous occupant only when the run freed it before the newcomer came', () => {
    // x follows only a pre-existing object; y took x's freed block; z came while y was still alive.
    expect(Array.from(previousOccupant(t))).toEqual([-1, -1, -1, 2, -1, -1]);
  });

  it('summarises refcounts per object', () => {
    expect(refcountRange(t, 1)).toEqual([3, 9]);
    expect(refcountRange(t, 3)).toBeNull();
    expect(Array.from(refcountSummary(t).max)).toEqual([1, 9, 2, 0, 0, 1]);
  });
});
