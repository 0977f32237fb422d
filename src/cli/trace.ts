/**
 * `npm run trace -- FILE.py ...`: run a Python program under the same engine as the page
 * (real CPython in Pyodide, instrumented the same way) and write its trace as JSON or,
 * with `--format compact`, as a compact recording.
 * Errors in the arguments or the file are one line on stderr and exit code 2; the
 * program's own errors are part of the trace (status "error"), exit code 0.
 *
 * The program runs in a locked-down worker thread (./sandbox, ./nodeLockdown): it reaches
 * no shell, no host file, no environment, no network, no `process` or `require`, and a run
 * stuck inside one C call still ends at --max-seconds with the trace so far.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_LIMITS, DEFAULT_SEED } from '../protocol/messages';
import { writeTraceFile } from '../trace/file';
import { ArgsError, parseTraceArgs, USAGE } from './args';
import { pyodideIndexURL } from './pyodidePath';
import { traceInSandbox } from './sandbox';
import { readShippedSnapshot } from './snapshot';

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
  // With the default seed the page's interpreters start from the build's snapshot (./snapshot):
  // so does the command, so that a program prints the ids it prints on the page. Without it
  // (it could not be made here), a full load: the same output, other addresses.
  const snapshot = args.seed === DEFAULT_SEED ? await readShippedSnapshot().catch(() => undefined) : undefined;
  const { trace, ending, kept } = await traceInSandbox({
    source,
    seed: args.seed,
    limits: { ...DEFAULT_LIMITS, maxSteps: args.maxSteps, maxSeconds: args.maxSeconds },
    indexURL: pyodideIndexURL(),
    ...(snapshot ? { snapshot } : {}),
  });
  if (kept.length > 0) process.stderr.write(`trace: could not remove from the engine thread: ${kept.join(', ')}\n`);
  if (ending === 'snapshot') {
    process.stderr.write('trace: the program was still inside one call at the time limit; its trace ends there\n');
  }
  const bytes = await writeTraceFile(trace, args.format);
  if (args.out) {
    writeFileSync(args.out, bytes);
    const m = trace.meta;
    process.stderr.write(
      `trace: ${m.status}, ${trace.steps.line.length} steps, ${trace.objects.address.length} objects -> ${args.out}\n`,
    );
  } else {
    process.stdout.write(bytes);
    if (args.format === 'json') process.stdout.write('\n');
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
