/** The `trace` command as a user runs it: a real process, real files. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isCompact } from '../trace/sniff';
import { readTraceFile } from '../trace/file';
import { traceToJSON } from '../trace/json';

const run = promisify(execFile);
const root = join(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'src/cli/trace.ts');

async function trace(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [cli, ...args], { cwd: root, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refscope-cli-'));

  it('writes a trace of the seed loop to --out', async () => {
    const file = join(dir, 'seed.py');
    writeFileSync(file, 'def test():\n    ins = object()\n    print(id(ins))\n\nwhile True:\n    test()\n');
    const out = join(dir, 'seed.json');
    const r = await trace([file, '--max-steps', '300', '--out', out]);
    expect(r.code).toBe(0);
    // One line on stderr, what was written: no warning of Node's about the lockdown's work.
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^trace: step-limit, 300 steps/)]);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc).toMatchObject({ format: 'refscope-trace', version: 1, status: 'step-limit', seed: 0, python: '3.14.2' });
    expect(doc.steps).toHaveLength(300);
    const ids = doc.objects.filter((o: { type: string; named: boolean }) => o.type === 'object' && o.named).map((o: { address: number }) => o.address);
    expect(ids.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(1);
  });

  it('writes a compact recording with --format compact, the same trace as the JSON', async () => {
    const file = join(dir, 'seed2.py');
    writeFileSync(file, 'def test():\n    ins = object()\n    print(id(ins))\n\nwhile True:\n    test()\n');
    const [json, compact] = [join(dir, 'seed2.json'), join(dir, 'seed2.refscope')];
    expect((await trace([file, '--max-steps', '300', '--out', json])).code).toBe(0);
    expect((await trace([file, '--max-steps', '300', '--format', 'compact', '--out', compact])).code).toBe(0);
    const bytes = new Uint8Array(readFileSync(compact));
    expect(isCompact(bytes)).toBe(true);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    const fromCompact = traceToJSON(await readTraceFile(bytes));
    // Two runs: only the wall time may differ.
    expect({ ...fromCompact, elapsedMs: 0 }).toEqual({ ...doc, elapsedMs: 0 });
    expect(bytes.length).toBeLessThan(readFileSync(json).length / 10);
  });

  it('prints JSON to stdout without --out', async () => {
    const file = join(dir, 'one.py');
    writeFileSync(file, 'print(1)\n');
    const r = await trace([file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stdout).toEqual([{ step: 0, stream: 'stdout', text: '1\n' }]);
  });

  it.each([
    [['--max-steps', 'x', 'a.py'], /--max-steps needs an integer/],
    [[join(dir, 'missing.py')], /no such file/],
    [['--bogus'], /unknown option/],
  ])('fails in one line for %j', async (args, message) => {
    const r = await trace(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a file that is not UTF-8', async () => {
    const file = join(dir, 'latin1.py');
    writeFileSync(file, Buffer.from([0x70, 0x72, 0x69, 0x6e, 0x74, 0x28, 0x27, 0xe9, 0x27, 0x29, 0x0a]));
    const r = await trace([file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not UTF-8/);
  });
});
