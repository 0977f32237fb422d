/**
 * `npm run trace -- FILE.py ...`: run a Python program under the same engine as the page
 * (real CPython in Pyodide, instrumented the same way) and write its trace as JSON.
 * Errors in the arguments or the file are one line on stderr and exit code 2; the
 * program's own errors are part of the trace (status "error"), exit code 0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createEngine } from '../runtime/engine';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { traceToJSON } from '../trace/json';
import { ArgsError, parseTraceArgs, USAGE } from './args';
import { pyodideIndexURL } from './pyodidePath';

function fail(message: string): never {
  process.stderr.write(`trace: ${message}\n`);
  process.exit(2);
}

function readSource(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `no such file: ${file}` : code === 'EISDIR' ? `${file} is a directory` : `cannot read ${file}: ${code}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail(`${file} is not UTF-8 text`);
  }
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseTraceArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ArgsError) fail(e.message === USAGE ? USAGE : `${e.message}; ${USAGE}`);
    throw e;
  }
  const source = readSource(args.file);
  const engine = await createEngine({ indexURL: pyodideIndexURL(), seed: args.seed });
  const trace = engine.run(source, { ...DEFAULT_LIMITS, maxSteps: args.maxSteps, maxSeconds: args.maxSeconds });
  const json = JSON.stringify(traceToJSON(trace));
  if (args.out) {
    writeFileSync(args.out, json);
    const m = trace.meta;
    process.stderr.write(
      `trace: ${m.status}, ${trace.steps.line.length} steps, ${trace.objects.address.length} objects -> ${args.out}\n`,
    );
  } else {
    process.stdout.write(`${json}\n`);
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
