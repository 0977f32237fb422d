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
import { loadPyodide, version as pyodideVersion } from 'pyodide';
import type { RunLimits } from '../protocol/messages';
import { buildTrace, type TypeInfo } from '../trace/build';
import type { CodeInfo } from '../trace/raw';
import type { OutputChunk, RunEnd, RunError, TraceData } from '../trace/types';
import { makePreviewReader, type PreviewTypes } from './preview';
import { Recorder, type ContainerTypes } from './recorder';
import { SETUP_PY } from './setup.py';
import { Layout, makeBuiltin, untag, type WasmModule } from './wasm';

export interface EngineOptions {
  /** Folder (URL or, in Node, path) holding pyodide.asm.wasm, python_stdlib.zip... */
  indexURL: string;
  /** PYTHONHASHSEED. */
  seed: number;
  /**
   * A memory snapshot from `makeSnapshot` with the same seed: restoring it takes a
   * fraction of a full load, and every engine restored from one snapshot starts from
   * the very same heap (so the same program prints the same ids). Engines loaded with
   * and without a snapshot have different heaps: use one kind for runs to compare.
   */
  snapshot?: Uint8Array;
}

function pyodideOptions(options: EngineOptions) {
  return {
    indexURL: options.indexURL,
    env: { PYTHONHASHSEED: String(options.seed), HOME: '/home/pyodide' },
    fullStdLib: false,
  };
}

/** Load an interpreter once and capture its memory, for fast fresh engines afterwards. */
export async function makeSnapshot(options: Omit<EngineOptions, 'snapshot'>): Promise<Uint8Array> {
  const py = await loadPyodide({ ...pyodideOptions(options), _makeSnapshot: true });
  return py.makeMemorySnapshot();
}

export interface RunHooks {
  /** Output so far, delivered in batches while the program runs (every ~100 ms). */
  onOutput?: (chunks: OutputChunk[]) => void;
  onProgress?: (steps: number) => void;
  /** Stop flag: the page writes a non-zero value to index 0 to end the run. */
  interrupt?: Int32Array | null;
}

/** Figures of the last run, for benchmarks. */
export interface RunStats {
  /** Wall time of the user's program under the tracer. */
  execMs: number;
  /** Time to turn the recording into the trace model. */
  buildMs: number;
  /** Reference-tracer events, steps, binding changes and refcount samples recorded. */
  events: number;
  /** Bytes the recording occupied in typed arrays (capacity, not just use). */
  recordedBytes: number;
}

export interface Engine {
  readonly python: string;
  readonly pyodide: string;
  readonly loadMs: number;
  /** Set after `run`. */
  readonly stats: RunStats | null;
  /** Run `source` once, traced. Synchronous: blocks until the program ends. */
  run(source: string, limits: RunLimits, hooks?: RunHooks): TraceData;
}

export const ALLOCATOR =
  "C malloc (Pyodide's CPython is built without pymalloc) plus CPython's per-type free lists";

interface PyApi {
  runPython(code: string, options?: { globals?: unknown }): unknown;
  globals: { get(name: string): unknown };
  setStdout(options: { write: (buffer: Uint8Array) => number }): void;
  setStderr(options: { write: (buffer: Uint8Array) => number }): void;
  setStdin(options: { stdin: () => string | null }): void;
  setInterruptBuffer(buffer: Int32Array | undefined): void;
  toPy(x: unknown): unknown;
  _module: unknown;
}

type PyFunction = ((...args: unknown[]) => unknown) & { destroy?: () => void };

interface Prepared {
  codes: Array<{ id: number; name: string; names: string[]; cells: number[] }>;
  globals: number;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const t0 = performance.now();
  const py = (await loadPyodide({
    ...pyodideOptions(options),
    ...(options.snapshot ? { _loadSnapshot: options.snapshot } : {}),
  })) as unknown as PyApi;
  const m = py._module as WasmModule;

  let active: Recorder | null = null;
  let frameOffset = -1;
  let probeExpect = 0;
  let ids = { none: 0, stop: 0, cell: 0, valueError: 0 };
  /** When the user's program ended (the `_rs_end` call), to time it without Refscope's own bookkeeping. */
  let programEnded = 0;
  const stopMessage = m.stringToNewUTF8('Refscope ended the program (budget or Stop)');
  const sleepMessage = m.stringToNewUTF8('sleep length must be non-negative');
  /** Out-parameter for _PyRefTracer_GetTracer (4 bytes, allocated once, before any run). */
  const tracerData = m._malloc(4);

  // The JS-backed builtins. They are created before any user code, once per interpreter.
  makeBuiltin(m, '_rs_line', (_self, args) => active?.onLine(args, ids.none, ids.stop, stopMessage) ?? ids.none);
  makeBuiltin(m, '_rs_start', (_self, args) => active?.onStart(args, ids.none, ids.stop, stopMessage) ?? ids.none);
  makeBuiltin(m, '_rs_jump', (_self, args) => active?.onJump(args, ids.none, ids.stop, stopMessage) ?? ids.none);
  makeBuiltin(m, '_rs_raise', (_self, args) => active?.onRaise(args, ids.none) ?? ids.none);
  makeBuiltin(m, '_rs_end', () => {
    // The program is over: a Stop arriving from now on must not interrupt Refscope's own
    // bookkeeping (Pyodide would raise KeyboardInterrupt in it).
    py.setInterruptBuffer(undefined);
    programEnded = performance.now();
    if (active) active.tracerWasIntact = active.tracerIntact();
    m._PyRefTracer_SetTracer(0, 0);
    active?.finish();
    return ids.none;
  });
  makeBuiltin(m, '_rs_sleep', (_self, args) => {
    const seconds = m._PyFloat_AsDouble(m.HEAPU32[args >>> 2] ?? 0);
    if (seconds === -1 && m._PyErr_Occurred()) return 0;
    if (seconds < 0 || Number.isNaN(seconds)) {
      m._PyErr_SetString(ids.valueError, sleepMessage);
      return 0;
    }
    if (!active) return ids.none;
    return active.sleep(seconds) ? ids.none : (m._PyErr_SetString(ids.stop, stopMessage), 0);
  });
  makeBuiltin(m, '_rs_probe', (_self, args) => {
    // Find where the thread state keeps its current frame: the word that points to a
    // frame whose code is the probe's, and whose first local slot is the probe's argument.
    const heap = m.HEAPU32;
    const code = heap[args >>> 2] ?? 0;
    const tstate = m._PyThreadState_GetUnchecked();
    for (let w = 0; w < 128; w++) {
      const f = heap[(tstate >>> 2) + w] ?? 0;
      if (f === 0 || f >= m.HEAPU8.length || f % 4 !== 0) continue;
      if (untag(heap[(f + Layout.frameExecutable) >>> 2] ?? 0) !== code) continue;
      if (untag(heap[(f + Layout.frameLocalsplus) >>> 2] ?? 0) !== probeExpect) continue;
      frameOffset = w * 4;
      break;
    }
    return ids.none;
  });

  const ns = py.toPy({}) as { get(name: string): unknown; destroy(): void };
  py.runPython(SETUP_PY, { globals: ns });
  const info = JSON.parse(String((ns.get('ids') as PyFunction)())) as typeof ids & {
    version: string;
    preview: PreviewTypes;
    containers: { list: number; tuple: number; probeTuple: number; probeItem: number };
  };
  const containers = containerTypes(m, info.containers);
  const preview = makePreviewReader(m, info.preview);
  ids = info;
  // Proxies are destroyed here, not left to JavaScript's GC: a proxy collected later frees
  // its Python object at an unpredictable moment, and that block would go to the next
  // object() of the user's program (different ids from run to run).
  const probeArg = py.runPython('object()') as { destroy(): void };
  const probeGlobals = py.toPy({ _x: probeArg }) as { destroy(): void };
  probeExpect = Number(py.runPython('id(_x)', { globals: probeGlobals }));
  probeGlobals.destroy();
  (ns.get('probe') as PyFunction)(probeArg);
  probeArg.destroy();
  if (frameOffset < 0) throw new Error("Refscope could not find CPython's frame layout in this Pyodide build");

  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const sink = (stream: 'stdout' | 'stderr') => (buffer: Uint8Array) => {
    active?.write(stream, decoders[stream].decode(buffer, { stream: true }));
    return buffer.length;
  };
  py.setStdout({ write: sink('stdout') });
  py.setStderr({ write: sink('stderr') });
  // input() has nowhere to read from in a worker: EOF, which Python reports as EOFError.
  py.setStdin({ stdin: () => null });

  const globalsWatcher = m._PyDict_AddWatcher(
    m.addFunction((e: number, d: number, k: number, v: number) => (active ? active.onGlobal(e, d, k, v) : 0), 'iiiii'),
  );

  const loadMs = performance.now() - t0;
  let used = false;
  let stats: RunStats | null = null;
  let execMs = 0;

  const typeInfo = (ptr: number): TypeInfo => {
    const heap = m.HEAPU32;
    const namePtr = heap[(ptr + Layout.tpName) >>> 2] ?? 0;
    const full = namePtr ? m.UTF8ToString(namePtr, 200) : '?';
    return {
      // Static types carry their module in tp_name ("collections.OrderedDict"): show the short name.
      name: full.slice(full.lastIndexOf('.') + 1),
      basicsize: m.HEAP32[(ptr + Layout.tpBasicsize) >>> 2] ?? 0,
      itemsize: m.HEAP32[(ptr + Layout.tpItemsize) >>> 2] ?? 0,
    };
  };

  return {
    python: info.version,
    pyodide: pyodideVersion,
    loadMs,
    get stats() {
      return stats;
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
      const recorder = new Recorder(
        m,
        failed ? new Map() : recorderCodes(prepared, codes),
        m._PyThreadState_GetUnchecked(),
        frameOffset,
        ids.cell,
        limits,
        hooks.interrupt ?? null,
        (fresh, steps) => {
          if (fresh.length) hooks.onOutput?.(fresh);
          hooks.onProgress?.(steps);
        },
      );
      let status: RunEnd = 'completed';
      let bytecode: Outcome['bytecode'] = null;
      let error: RunError | null = null;
      let text = '';

      if (failed) {
        status = 'error';
        error = prepared.error;
        text = prepared.text;
      } else {
        m._PyDict_Watch(globalsWatcher, prepared.globals);
        // Long C-level work (sum(range(10**10))) runs no lines: let Pyodide's own interrupt
        // check see Stop too (it raises KeyboardInterrupt, reported as "stopped").
        if (hooks.interrupt && hooks.interrupt.buffer instanceof SharedArrayBuffer) py.setInterruptBuffer(hooks.interrupt);
        active = recorder;
        recorder.start();
        // The tracer is the recorder's own method: no dispatch closure on a path taken
        // once per object created or destroyed.
        const refTracer = m.addFunction(recorder.onRef, 'iiii');
        m._PyRefTracer_SetTracer(refTracer, 0);
        recorder.preview = preview;
        recorder.containers = containers;
        recorder.tracerIntact = () => m._PyRefTracer_GetTracer(tracerData) === refTracer;
        let result: unknown;
        const runUser = ns.get('run') as PyFunction;
        const execStart = performance.now();
        try {
          result = runUser();
        } catch (e) {
          // A Stop that Pyodide turned into KeyboardInterrupt between the program's end
          // and Refscope's own bookkeeping: the program was stopped all the same.
          if ((e as { type?: string }).type !== 'KeyboardInterrupt') throw e;
          py.setInterruptBuffer(undefined);
          result = JSON.stringify({ interrupted: true });
        } finally {
          // The program's own run time: up to its end, not the disassembly and checks after it.
          execMs = (programEnded > execStart ? programEnded : performance.now()) - execStart;
          m._PyRefTracer_SetTracer(0, 0);
          m.removeFunction(refTracer);
          recorder.finish();
        }
        const outcome = JSON.parse(String(result)) as Outcome;
        bytecode = outcome.bytecode ?? null;
        const disturbed = [...(outcome.disturbed ?? [])];
        if (recorder.stopReason === 'disturbed' || !recorder.tracerWasIntact) {
          disturbed.unshift("replaced CPython's reference tracer (tracemalloc.start() does this)");
        }
        if (disturbed.length > 0) {
          status = 'error';
          error = {
            type: 'RefscopeError',
            message: `The program ${disturbed.join('; ')}. Refscope listens there, so the trace ends at that point and may be incomplete.`,
            line: outcome.error?.line ?? null,
            traceback: outcome.error?.traceback ?? [],
          };
          text = `${outcome.text ?? ''}RefscopeError: ${error.message}\n`;
        } else if (outcome.stop || outcome.interrupted) status = (recorder.stopReason as RunEnd | null) ?? 'stopped';
        else if (outcome.error) {
          status = 'error';
          error = outcome.error;
          text = outcome.text ?? '';
        }
      }
      active = recorder;
      if (text) recorder.write('stderr', text);
      recorder.flush();
      active = null;

      const recording = recorder.toRecording(codes, status, error, execMs);
      const buildStart = performance.now();
      const trace = buildTrace(recording, typeInfo, meta);
      if (bytecode) {
        trace.bytecode = {
          codes: bytecode.map((c) => ({
            name: c.name,
            firstLine: c.firstLine,
            instructions: c.instructions.map(([offset, opname, argrepr, line]) => ({ offset, opname, argrepr, line })),
          })),
          stepCode: recording.steps.code,
        };
      }
      stats = { execMs, buildMs: performance.now() - buildStart, ...recorder.size() };
      return trace;
    },
  };
}

/** Where a tuple keeps its items: found by looking for a known item in a known tuple. */
function containerTypes(
  m: WasmModule,
  c: { list: number; tuple: number; probeTuple: number; probeItem: number },
): ContainerTypes {
  for (let offset = 12; offset <= 24; offset += 4) {
    if (m.HEAPU32[(c.probeTuple + offset) >>> 2] === c.probeItem) return { list: c.list, tuple: c.tuple, tupleItems: offset };
  }
  return { list: c.list, tuple: 0, tupleItems: 0 };
}

interface Outcome {
  bytecode?: Array<{ name: string; firstLine: number; instructions: Array<[number, string, string, number | null]> }> | null;
  disturbed?: string[];
  stop?: boolean;
  interrupted?: boolean;
  exit?: number;
  error?: RunError;
  text?: string;
}

function recorderCodes(prepared: Prepared, codes: CodeInfo[]) {
  const map = new Map<number, { index: number; info: CodeInfo; isFinalizer: boolean }>();
  prepared.codes.forEach((c, index) => {
    const info = codes[index]!;
    map.set(c.id, { index, info, isFinalizer: c.name === '__del__' && info.slotNames.length > 0 });
  });
  return map;
}
