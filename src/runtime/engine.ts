/**
 * The trace engine: one fresh CPython interpreter (Pyodide), instrumented from
 * JavaScript, that runs one user program and returns its trace.
 *
 * One engine = one run. A fresh interpreter is what makes addresses repeatable (a
 * fresh namespace in a used interpreter has a different heap, design.md Measured 4);
 * callers keep a spare engine warming so a rerun does not wait for a load.
 *
 * Runs unchanged in the page's worker and in Node (the `trace` command line, tests).
 */
import { version as pyodideVersion } from 'pyodide';
import type { RunLimits } from '../protocol/messages';
import { buildTrace } from '../trace/build';
import { decodeBytecode, type BytecodeTuples } from '../trace/bytecode';
import type { CodeInfo, Recording } from '../trace/raw';
import type { OutputChunk, RunEnd, RunError, TraceData } from '../trace/types';
import { bootInterpreter, type EngineOptions, type PyFunction } from './boot';
import { describeCrash, dropFaultDump, isInterpreterCrash } from './crash';
import { Recorder } from './recorder';
import { ReferenceWalker } from './references';
import { WasmRecorder } from './wasmRecorder';
import { recordingSize, toRecording } from './recording';

export { makeSnapshot, type EngineOptions } from './boot';

export interface RunHooks {
  /** Output so far, delivered in batches while the program runs (every ~100 ms). */
  onOutput?: (chunks: OutputChunk[]) => void;
  onProgress?: (steps: number) => void;
  /** The program is over after this many steps; building the trace follows (seconds for millions of steps). */
  onEnd?: (steps: number) => void;
  /** Stop flag: the page writes a non-zero value to index 0 to end the run. */
  interrupt?: Int32Array | null;
}

/** Figures of the last run, for benchmarks. */
export interface RunStats {
  /** Wall time of the user's program under the tracer. */
  execMs: number;
  /** Time to turn the recording into the trace model. */
  buildMs: number;
  /** Reference-tracer events, steps, binding changes, refcount samples and reference changes recorded. */
  events: number;
  /** Reference changes (object → object, opened or closed) among `events`. */
  referenceChanges: number;
  /** Bytes the recording occupied in typed arrays (capacity, not just use). */
  recordedBytes: number;
}

export interface Engine {
  readonly python: string;
  readonly pyodide: string;
  readonly loadMs: number;
  /** Set after `run`. */
  readonly stats: RunStats | null;
  /** Pyodide's API object (what `import pyodide_js` reaches), for the command line's lockdown. */
  readonly api: unknown;
  /** Run `source` once, traced. Synchronous: blocks until the program ends. */
  run(source: string, limits: RunLimits, hooks?: RunHooks): TraceData;
  /**
   * The trace recorded so far by the run under way, ended with `status`; null outside a run.
   * For a watchdog that interrupts a run stuck inside one C call (the command line's
   * worker, through the inspector): it only reads the recording and linear memory.
   */
  snapshot(status: RunEnd): TraceData | null;
}

export const ALLOCATOR =
  "C malloc (Pyodide's CPython is built without pymalloc) plus CPython's per-type free lists";

interface Prepared {
  codes: Array<{ id: number; name: string; names: string[]; cells: number[] }>;
  /**
   * Addresses: the program's globals, its module code object, the setup script's state dict,
   * and what Python's exit calls (boot.ts runExit).
   */
  globals: number;
  code: number;
  state: number;
  exit: number;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const it = await bootInterpreter(options);
  const { py, m, ns, info, frameOffset, containers, referenceTypes, preview, globalsWatcher, tracerData, typeInfo } = it;
  const wasmTracer = options.tracer !== 'js';
  let used = false;
  let stats: RunStats | null = null;
  let partial: ((status: RunEnd) => TraceData) | null = null;
  let execMs = 0;

  return {
    python: info.version,
    pyodide: pyodideVersion,
    loadMs: it.loadMs,
    api: py,
    get stats() {
      return stats;
    },
    snapshot(status: RunEnd): TraceData | null {
      return partial?.(status) ?? null;
    },
    run(source: string, limits: RunLimits, hooks: RunHooks = {}): TraceData {
      if (used) throw new Error('An engine runs one program; create a new engine for a fresh interpreter.');
      used = true;
      const meta = {
        python: info.version,
        pyodide: pyodideVersion,
        seed: options.seed,
        source,
        maxSteps: limits.maxSteps,
        maxSeconds: limits.maxSeconds,
        allocator: ALLOCATOR,
      };
      const prepared = JSON.parse(String((ns.get('prepare') as PyFunction)(source))) as
        | Prepared
        | { error: RunError; text: string };

      const failed = 'error' in prepared;
      const codes: CodeInfo[] = failed
        ? []
        : prepared.codes.map((c) => ({ name: c.name, slotNames: c.names, slotIsCell: c.cells }));
      const recorderArgs = [
        m,
        failed ? new Map() : recorderCodes(prepared, codes),
        m._PyThreadState_GetUnchecked(),
        frameOffset,
        info.cell,
        limits,
        hooks.interrupt ?? null,
        (fresh: OutputChunk[], steps: number) => {
          if (fresh.length) hooks.onOutput?.(fresh);
          hooks.onProgress?.(steps);
        },
      ] as const;
      // The WebAssembly recorder (./wasmRecorder), or the JavaScript reference (./recorder).
      const recorder = wasmTracer ? new WasmRecorder(...recorderArgs, it.tracer) : new Recorder(...recorderArgs);
      let bytecode: Outcome['bytecode'] = null;
      let ending: RunEnding;

      if (failed) {
        ending = { status: 'error', error: prepared.error, text: prepared.text };
      } else {
        m._PyDict_Watch(globalsWatcher, prepared.globals);
        // Long C-level work (sum(range(10**10))) runs no lines: let Pyodide's own interrupt
        // check see Stop too (it raises KeyboardInterrupt, reported as "stopped").
        if (hooks.interrupt && hooks.interrupt.buffer instanceof SharedArrayBuffer) py.setInterruptBuffer(hooks.interrupt);
        it.setActive(recorder);
        recorder.start();
        // The WebAssembly tracer (./tracerWasm), or the recorder's own JavaScript method: no
        // dispatch closure on a path taken once per object created or destroyed.
        const refTracer = wasmTracer ? it.tracer.fn : m.addFunction(recorder.onRef, 'iiii');
        m._PyRefTracer_SetTracer(refTracer, 0);
        recorder.preview = preview;
        recorder.containers = containers;
        if (options.references !== false) {
          const { refs, refcounts, refPreviews, previewTexts } = recorder;
          const sinks = { refs, refcounts, previews: refPreviews, previewTexts };
          recorder.references = new ReferenceWalker(m, referenceTypes, sinks, preview);
        }
        if (recorder instanceof WasmRecorder) {
          recorder.configure(containers, it.previewTypes, options.references !== false ? referenceTypes : null);
        }
        recorder.budget.tracerIntact = () => m._PyRefTracer_GetTracer(tracerData) === refTracer;
        let result: unknown;
        let crashed = false;
        const execStart = performance.now();
        partial = (end) =>
          buildTrace(trimLastStep(toRecording(recorder, codes, end, null, performance.now() - execStart)), typeInfo, meta);
        try {
          result = it.runProgram(prepared);
        } catch (e) {
          // The interpreter died (./crash): keep what was recorded, run no more Python.
          if (isInterpreterCrash(e)) crashed = true;
          // A Stop that Pyodide turned into KeyboardInterrupt between the program's end
          // and Refscope's own bookkeeping: the program was stopped all the same.
          else if ((e as { type?: string }).type !== 'KeyboardInterrupt') throw e;
          try {
            py.setInterruptBuffer(undefined);
          } catch {
            // A crashed Pyodide may refuse every call; the engine is never used again anyway.
          }
          result = JSON.stringify(crashed ? {} : { interrupted: true });
        } finally {
          // The program's own run time: up to its end, not the disassembly and checks after it.
          execMs = (it.programEnded() > execStart ? it.programEnded() : performance.now()) - execStart;
          partial = null;
          m._PyRefTracer_SetTracer(0, 0);
          if (!wasmTracer) m.removeFunction(refTracer);
          recorder.finish();
        }
        const outcome = JSON.parse(String(result)) as Outcome;
        bytecode = outcome.bytecode ?? null;
        ending = runEnding(outcome, recorder, crashed, codes);
      }
      it.setActive(recorder);
      recorder.closeStopOutput();
      if (ending.text) recorder.write('stderr', ending.text);
      recorder.flush();
      it.setActive(null);
      hooks.onEnd?.(recorder.step + 1);

      const recording = toRecording(recorder, codes, ending.status, ending.error, execMs);
      const size = recordingSize(recorder);
      recorder.release();
      const buildStart = performance.now();
      const trace = buildTrace(recording, typeInfo, meta);
      if (bytecode) {
        trace.bytecode = decodeBytecode(bytecode, recording.steps.code);
      }
      stats = { execMs, buildMs: performance.now() - buildStart, ...size };
      return trace;
    },
  };
}

interface Outcome {
  bytecode?: BytecodeTuples['codes'] | null;
  disturbed?: string[];
  stop?: boolean;
  interrupted?: boolean;
  exit?: number;
  error?: RunError;
  text?: string;
}

interface RunEnding {
  status: RunEnd;
  error: RunError | null;
  /** Added to stderr: the traceback or Refscope's explanation. */
  text: string;
}

/**
 * What the run's end means: how the program ended (the setup script's outcome, seen next
 * to why the recorder stopped it), its error and the text to add to stderr.
 */
function runEnding(
  outcome: Outcome,
  recorder: Recorder,
  crashed: boolean,
  codes: CodeInfo[],
): RunEnding {
  const disturbed = [...(outcome.disturbed ?? [])];
  if (recorder.stopReason === 'disturbed' || !recorder.tracerWasIntact) {
    disturbed.unshift("replaced CPython's reference tracer (tracemalloc.start() does this)");
  }
  if (crashed) {
    dropFaultDump(recorder.out.chunks);
    return { status: 'error', ...describeCrash(recorder.ref, recorder.steps, codes) };
  }
  if (disturbed.length > 0) {
    const error: RunError = {
      type: 'RefscopeError',
      message: `The program ${disturbed.join('; ')}. Refscope listens there, so the trace ends at that point and may be incomplete.`,
      line: outcome.error?.line ?? null,
      traceback: outcome.error?.traceback ?? [],
    };
    return { status: 'error', error, text: `${outcome.text ?? ''}RefscopeError: ${error.message}\n` };
  }
  if (outcome.stop || outcome.interrupted) {
    return { status: (recorder.stopReason as RunEnd | null) ?? 'stopped', error: null, text: '' };
  }
  if (outcome.error) return { status: 'error', error: outcome.error, text: outcome.text ?? '' };
  return { status: 'completed', error: null, text: '' };
}

/** Object events of the last step a snapshot keeps: a call stuck in C may have made millions. */
export const SNAPSHOT_LAST_STEP_EVENTS = 100_000;

/**
 * Cuts the reference events of a snapshot's last step after SNAPSHOT_LAST_STEP_EVENTS: the
 * trace stays a true prefix of the run (objects made later in that step are not in it).
 */
function trimLastStep(recording: Recording): Recording {
  const { stepKind } = recording.ref;
  const last = recording.steps.line.length - 1;
  let first = stepKind.length;
  while (first > 0 && (stepKind[first - 1] ?? 0) >> 1 >= last) first--;
  const n = Math.min(stepKind.length, first + SNAPSHOT_LAST_STEP_EVENTS);
  if (n === stepKind.length) return recording;
  const r = recording.ref;
  return { ...recording, ref: { stepKind: r.stepKind.slice(0, n), address: r.address.slice(0, n), type: r.type.slice(0, n), word: r.word.slice(0, n), ...(r.chunk ? { chunk: r.chunk.slice(0, n) } : {}) } };
}

function recorderCodes(prepared: Prepared, codes: CodeInfo[]) {
  const map = new Map<number, { index: number; info: CodeInfo; isFinalizer: boolean }>();
  prepared.codes.forEach((c, index) => {
    const info = codes[index]!;
    map.set(c.id, { index, info, isFinalizer: c.name === '__del__' && info.slotNames.length > 0 });
  });
  return map;
}
