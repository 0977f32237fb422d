/**
 * A long chain freed at once (issue 13): the interpreter runs out of the JavaScript
 * engine's stack inside CPython's deallocators. The run ends as an error at `del head`,
 * with everything traced before it kept, and the engine is never used again.
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { typeName } from '../trace/query';
import { CRASH_MESSAGES, CRASH_TYPE } from './crash';

const chain = (n: number) =>
  `class Node:\n    def __init__(self, nxt):\n        self.nxt = nxt\n\nhead = None\nprint("built")\nfor i in range(${n}):\n    head = Node(head)\ndel head\nprint("after")\n`;

describe('a long chain freed at once', () => {
  it('keeps the trace and output so far and reports the crash at the del line', async () => {
    const engine = await freshEngine();
    const t = engine.run(chain(20_000), DEFAULT_LIMITS);
    expect(t.meta.status).toBe('error');
    expect(t.meta.error).toMatchObject({ type: CRASH_TYPE, line: 9, message: CRASH_MESSAGES.freeing });
    expect(t.steps.line[t.steps.line.length - 1]).toBe(9);
    const stdout = t.output.filter((c) => c.stream === 'stdout').map((c) => c.text).join('');
    expect(stdout).toBe('built\n');
    const stderr = t.output.filter((c) => c.stream === 'stderr').map((c) => c.text).join('');
    expect(stderr).toContain('line 9, in <module>');
    const nodes = [...t.objects.address.keys()].filter((o) => typeName(t, o) === 'Node');
    expect(nodes.length).toBe(20_000);
    expect(() => engine.run('pass', DEFAULT_LIMITS)).toThrow(/one program/);
  });

  it('a chain short enough to survive is freed whole, as before', async () => {
    const engine = await freshEngine();
    const t = engine.run(chain(1000), DEFAULT_LIMITS);
    expect(t.meta.status).toBe('completed');
    const nodes = [...t.objects.address.keys()].filter((o) => typeName(t, o) === 'Node');
    expect(nodes.every((o) => t.objects.died[o]! >= 0)).toBe(true);
  });
});
