// Keyboard picking on the recorded seed loop: five `object` lifetimes share one address lane
// (header row, objects 1 → 11 → 21 → 31 → 41), then `test`'s function lane, a header, the module lane.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFromJSON } from '../trace/json';
import { layoutTimeline } from './layout';
import { initialLifetime, moveLifetime } from './keyboard';

const file = path.resolve(import.meta.dirname, '../../tests/fixtures/traces/seed-loop.json');
const layout = layoutTimeline(traceFromJSON(readFileSync(file, 'utf8')));

describe('keyboard picking of lifetimes', () => {
  it('starts on the lifetime alive at the cursor in the topmost lane, else the first shown', () => {
    expect(initialLifetime(layout, 12)).toBe(21);
    // Step 7 falls between two loop objects: the function lane's lifetime is alive then.
    expect(initialLifetime(layout, 7)).toBe(0);
    expect(moveLifetime(layout, null, 'down', 4)).toBe(1);
  });

  it('←/→ follow the reuse chain at one address and stop at its ends', () => {
    const walk = [1];
    for (let i = 0; i < 5; i++) walk.push(moveLifetime(layout, walk[walk.length - 1] ?? null, 'right', 0) ?? -1);
    expect(walk).toEqual([1, 11, 21, 31, 41, 41]);
    expect(moveLifetime(layout, 11, 'left', 0)).toBe(1);
    expect(moveLifetime(layout, 1, 'left', 0)).toBe(1);
    expect(moveLifetime(layout, 21, 'first', 0)).toBe(1);
    expect(moveLifetime(layout, 21, 'last', 0)).toBe(41);
  });

  it('↑/↓ cross lanes, skipping group headers, and stay put at the edges', () => {
    expect(moveLifetime(layout, 21, 'down', 0)).toBe(0);
    expect(moveLifetime(layout, 0, 'down', 0)).toBe(51);
    expect(moveLifetime(layout, 51, 'down', 0)).toBe(51);
    expect(moveLifetime(layout, 21, 'up', 0)).toBe(21);
    // Up from the function (born at step 1) lands on the loop object nearest in time.
    expect(moveLifetime(layout, 0, 'up', 0)).toBe(1);
  });
});
