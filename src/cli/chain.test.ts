/** `npm run trace` on a program that crashes the interpreter (issue 13): the trace so far is written. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(__dirname, '../..');

describe('npm run trace on a long chain freed at once', () => {
  it('writes the trace up to the crash, with the error at the del line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refscope-chain-'));
    const file = join(dir, 'chain.py');
    writeFileSync(
      file,
      'class Node:\n    def __init__(self, nxt):\n        self.nxt = nxt\n\nhead = None\nprint("built")\n' +
        'for i in range(20000):\n    head = Node(head)\ndel head\nprint("after")\n',
    );
    const out = join(dir, 'chain.json');
    const { stderr } = await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli/trace.ts'), file, '--out', out], {
      cwd: root,
      maxBuffer: 64 << 20,
    });
    expect(stderr).toMatch(/trace: error, \d+ steps/);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.status).toBe('error');
    expect(doc.error).toMatchObject({ type: 'StackOverflow', line: 9 });
    expect(doc.error.message).toMatch(/one object inside the next/);
    expect(doc.steps.length).toBeGreaterThan(40_000);
    expect(doc.stdout.filter((c: { stream: string }) => c.stream === 'stdout').map((c: { text: string }) => c.text)).toEqual([
      'built\n',
    ]);
    expect(doc.objects.filter((o: { type: string }) => o.type === 'Node')).toHaveLength(20_000);
  });
});
