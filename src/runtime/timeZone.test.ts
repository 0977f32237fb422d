/**
 * The interpreter runs in UTC wherever it starts (./timeZone): the machine's time zone
 * must not reach the heap. CI once ran in another zone than the machine that made the
 * shipped recordings, and every address after the time module's set-up moved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pyodideIndexURL } from '../cli/pyodidePath';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { createEngine } from './engine';

const PROGRAM = `
import time
def test():
    ins = object()
    print(id(ins))
for i in range(3):
    test()
print(time.timezone, time.daylight, time.tzname, time.localtime(0).tm_hour, time.mktime(time.gmtime(86400)))
`;

async function runIn(zone: string): Promise<string> {
  process.env.TZ = zone;
  const engine = await createEngine({ indexURL: pyodideIndexURL(), seed: 0 });
  const trace = engine.run(PROGRAM, { ...DEFAULT_LIMITS, maxSeconds: 30 });
  return trace.output.map((c) => c.text).join('');
}

describe('time zone', () => {
  const before = process.env.TZ;
  afterEach(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });

  it('gives the same ids and clock in New York as in UTC', { timeout: 120_000 }, async () => {
    process.env.TZ = 'America/New_York';
    // The test means something only if this process really changes zone.
    expect(new Date(0).getTimezoneOffset()).toBe(300);
    const utc = await runIn('UTC');
    const newYork = await runIn('America/New_York');
    expect(newYork).toBe(utc);
    expect(utc).toMatch(/^0 0 \('UTC-0000', 'UTC-0000'\) 0 86400\.0$/m);
  });
});
