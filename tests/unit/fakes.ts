/**
 * Fakes for the worker boundary: a scripted PythonClient for store and component tests,
 * and a minimal TraceData. No Pyodide, no Worker.
 */
import type { RunLimits } from '../../src/protocol/messages';
import type { ClientStatus, PythonClient, RunCallbacks } from '../../src/runtime/client';
import type { OutputChunk, RunEnd, RunError, TraceData } from '../../src/trace/types';

export function fakeTrace(options: {
  status?: RunEnd;
  lines?: number[];
  output?: OutputChunk[];
  error?: RunError | null;
  source?: string;
} = {}): TraceData {
  const lines = options.lines ?? [1];
  const n = lines.length;
  return {
    meta: {
      python: '3.14.2',
      pyodide: '314.0.7',
      seed: 0,
      source: options.source ?? '',
      status: options.status ?? 'completed',
      error: options.error ?? null,
      maxSteps: 100_000,
      maxSeconds: 10,
      allocator: 'C malloc',
      elapsedMs: 1,
      outputTruncated: false,
    },
    strings: ['<module>'],
    steps: {
      line: Int32Array.from(lines),
      func: new Int32Array(n),
      depth: new Int32Array(n),
      event: new Uint8Array(n),
    },
    objects: {
      address: new Uint32Array(0),
      type: new Int32Array(0),
      size: new Int32Array(0),
      born: new Int32Array(0),
      died: new Int32Array(0),
      finalized: new Int32Array(0),
      flags: new Uint8Array(0),
    },
    refcounts: { start: new Int32Array(1), step: new Int32Array(0), value: new Int32Array(0) },
    bindings: {
      obj: new Int32Array(0),
      name: new Int32Array(0),
      frame: new Int32Array(0),
      from: new Int32Array(0),
      to: new Int32Array(0),
    },
    frames: { func: new Int32Array(0), depth: new Int32Array(0), enter: new Int32Array(0), exit: new Int32Array(0) },
    output: options.output ?? [],
  };
}

export interface FakeRun {
  source: string;
  limits: RunLimits;
  callbacks: RunCallbacks;
}

/** A PythonClient driven by the test: make it ready, feed output, end runs. */
export class FakeClient implements PythonClient {
  status: ClientStatus = { state: 'loading' };
  runs: FakeRun[] = [];
  stops = 0;
  disposed = false;
  private listeners = new Set<(status: ClientStatus) => void>();

  subscribe(listener: (status: ClientStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(source: string, limits: RunLimits, callbacks: RunCallbacks): void {
    this.runs.push({ source, limits, callbacks });
  }

  stop(): void {
    this.stops++;
    this.current?.callbacks.onDone({ status: 'stopped', trace: null, error: null });
  }

  dispose(): void {
    this.disposed = true;
  }

  get current(): FakeRun | undefined {
    return this.runs[this.runs.length - 1];
  }

  setStatus(status: ClientStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }

  becomeReady(): void {
    this.setStatus({ state: 'ready', info: { python: '3.14.2', pyodide: '314.0.7', loadMs: 1234 } });
  }

  start(): void {
    this.current?.callbacks.onStart?.();
  }

  print(text: string, stream: OutputChunk['stream'] = 'stdout', step = 0): void {
    this.current?.callbacks.onOutput?.([{ step, stream, text }]);
  }

  finish(trace: TraceData): void {
    this.current?.callbacks.onDone({ status: trace.meta.status, trace, error: trace.meta.error });
  }
}
