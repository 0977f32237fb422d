/**
 * Hostile programs under `npm run trace` (issue 13): each must end with a clear Python
 * error (or a result that reveals nothing of the host) in a written trace, never reach the
 * host, never end the command. And a program stuck inside one C call ends at --max-seconds.
 * Each case is a real CLI process, as a user runs it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'src/cli/trace.ts');
const SECRET = 'refscope-host-secret-4711';

interface TraceDoc {
  status: string;
  error: { type: string; message: string; line: number | null } | null;
  stdout: Array<{ stream: string; text: string }>;
  steps: unknown[];
}

const dir = mkdtempSync(join(tmpdir(), 'refscope-sandbox-'));

/** Runs the CLI on `source` with a secret in its environment; returns exit code, trace and raw text. */
async function trace(name: string, source: string, extra: string[] = []) {
  const file = join(dir, `${name}.py`);
  const out = join(dir, `${name}.json`);
  writeFileSync(file, source);
  let code = 0;
  let stderr: string;
  try {
    ({ stderr } = await run(tsx, [cli, file, '--out', out, ...extra], {
      cwd: root,
      env: { ...process.env, REFSCOPE_SECRET: SECRET },
      maxBuffer: 64 << 20,
    }));
  } catch (e) {
    ({ code, stderr } = e as { code: number; stderr: string });
  }
  const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const doc = (text ? JSON.parse(text) : null) as TraceDoc | null;
  const output = (stream: string) => doc?.stdout.filter((c) => c.stream === stream).map((c) => c.text).join('') ?? '';
  return { code, stderr, text, doc, stdout: output('stdout'), errors: output('stderr') };
}

describe('a traced program reaches nothing of the host', () => {
  it('tries every way out in one program: each is refused or empty, and the run completes', async () => {
    const marker = join(dir, 'reached-the-host');
    const source = [
      'import os, sys, js',
      'def attempt(name, f):',
      '    try:',
      '        print(name, "ok", repr(f()))',
      '    except BaseException as e:',
      '        print(name, "refused", type(e).__name__, str(e)[:120])',
      `attempt("system", lambda: os.system("echo x > ${marker}-system"))`,
      'import subprocess',
      `attempt("subprocess", lambda: subprocess.run(["sh", "-c", "echo x > ${marker}-sub"]))`,
      'attempt("popen", lambda: os.popen("id").read())',
      'attempt("passwd", lambda: open("/etc/passwd").read())',
      `attempt("write", lambda: open("${marker}-file", "w").write("x"))`,
      `attempt("program", lambda: open(${JSON.stringify(join(dir, 'probe.py'))}).read())`,
      'attempt("environ", lambda: os.environ.get("REFSCOPE_SECRET"))',
      'attempt("exit", lambda: js.process.exit(3))',
      'attempt("env", lambda: js.process.env.REFSCOPE_SECRET)',
      'attempt("require", lambda: js.require("node:fs"))',
      'attempt("fetch", lambda: js.fetch("http://127.0.0.1:9/"))',
      'attempt("eval", lambda: js.eval("1 + 1"))',
      'attempt("Function", lambda: js.Function("return 1")())',
      'attempt("constructor", lambda: js.Object.constructor("return 1")())',
      'import pyodide.code',
      'attempt("run_js", lambda: pyodide.code.run_js("1 + 1"))',
      'import pyodide_js',
      'attempt("mountNodeFS", lambda: pyodide_js.mountNodeFS("/mnt", "/"))',
      'attempt("NODEFS", lambda: pyodide_js.FS.filesystems.NODEFS)',
      'attempt("loadBinaryFile", lambda: pyodide_js._api.loadBinaryFile("/etc/passwd"))',
      'attempt("loadPackage", lambda: pyodide_js.loadPackage("/etc/passwd"))',
      'import socket',
      'attempt("socket", lambda: socket.create_connection(("127.0.0.1", 9)))',
      'import urllib.request',
      'attempt("urllib", lambda: urllib.request.urlopen("http://127.0.0.1:9/").read())',
      'print("still running")',
      '',
    ].join('\n');
    const r = await trace('probe', source);
    expect(r.code).toBe(0);
    expect(r.doc?.status).toBe('completed');
    const lines = new Map(r.stdout.trim().split('\n').map((l) => [l.split(' ')[0], l] as const));
    for (const name of ['subprocess', 'popen', 'passwd', 'write', 'program', 'exit', 'env', 'require', 'fetch', 'eval', 'Function', 'constructor', 'run_js', 'mountNodeFS', 'NODEFS', 'loadBinaryFile', 'loadPackage', 'socket', 'urllib']) {
      expect(lines.get(name), name).toMatch(/ refused /);
    }
    // os.system answers as a shell that found no such command (exit status 127).
    expect(lines.get('system')).toBe(`system ok ${127 << 8}`);
    expect(lines.get('environ')).toBe('environ ok None');
    expect(lines.get('Function')).toMatch(/EvalError/);
    expect(lines.get('mountNodeFS')).toMatch(/cannot reach the host/);
    expect(r.stdout).toMatch(/still running\n$/);
    for (const suffix of ['-system', '-sub', '-file']) expect(existsSync(marker + suffix), suffix).toBe(false);
    expect(r.text).not.toContain(SECRET);
    expect(r.text).not.toContain('root:x:0:0');
  });

  it.each([
    ['js.process.exit(3)', 'import js\njs.process.exit(3)\n', 'AttributeError'],
    ['reading /etc/passwd', 'print(open("/etc/passwd").read())\n', 'FileNotFoundError'],
    ['subprocess', 'import subprocess\nsubprocess.run(["ls", "/"])\n', 'OSError'],
  ])('%s ends with a clear Python error in a written trace', async (name, source, type) => {
    const r = await trace(name.replace(/\W+/g, '-'), source);
    expect(r.code).toBe(0);
    expect(r.doc?.status).toBe('error');
    expect(r.doc?.error).toMatchObject({ type, line: source.split('\n').length - 1 });
    expect(r.errors).toContain(type);
  });

  it('os.system writes nothing on the host, and the run goes on', async () => {
    const marker = join(dir, 'system-marker');
    const r = await trace('system', `import os\nprint(os.system("echo reached-the-host > ${marker}"))\nprint("after")\n`);
    expect(r.code).toBe(0);
    expect(r.doc?.status).toBe('completed');
    expect(existsSync(marker)).toBe(false);
    expect(r.stdout).toBe(`${127 << 8}\nafter\n`);
  });
});

describe('the watchdog', () => {
  it('ends a loop inside one C call at --max-seconds with status time-limit and the trace so far', async () => {
    const r = await trace('stuck', 'print("before")\nx = sum(range(10**12))\nprint("never")\n', ['--max-seconds', '0.5']);
    expect(r.code).toBe(0);
    expect(r.doc?.status).toBe('time-limit');
    expect(r.stdout).toBe('before\n');
    expect(r.doc?.steps).toHaveLength(2);
    expect(r.stderr).toMatch(/still inside one call/);
  });

  it('a C loop that checks for interrupts ends through the stop flag, with the whole trace', async () => {
    // Regular-expression backtracking checks for interrupts every few thousand steps (a huge
    // big-int power checks only between multiplications, which take seconds each near the end).
    const r = await trace('backtrack', 'import re\nprint("before")\nre.match(r"(a+)+$", "a" * 64 + "b")\nprint("never")\n', ['--max-seconds', '0.5']);
    expect(r.code).toBe(0);
    expect(r.doc?.status).toBe('time-limit');
    expect(r.stdout).toBe('before\n');
    expect(r.stderr).not.toMatch(/still inside one call/);
  });
});
