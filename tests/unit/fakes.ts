/**
 * Fakes for the worker boundary: a scripted PythonClient for store and component tests,
 * and a minimal TraceData (from the one trace factory, tests/fixtures/makeTrace.ts). No
 * Pyodide, no Worker.
 */
import type { RunLimits } from '../../src/protocol/messages';
import type { ClientStatus, PythonClient, RunCallbacks } from '../../src/runtime/client';
import type { OutputChunk, RunEnd, RunError, TraceData } from '../../src/trace/types';
import { makeTrace } from '../fixtures/makeTrace';

/** A trace of `lines` steps and no objects, for store and component tests (built by `makeTrace`). */
export function fakeTrace(options: {
  status?: RunEnd;
  lines?: number[];
  output?: OutputChunk[];
  error?: RunError | null;
  source?: string;
} = {}): TraceData {
  return makeTrace({
    steps: (options.lines ?? [1]).map((line) => ({ line })),
    objects: [],
    frames: [],
    output: options.output ?? [],
    meta: {
      source: options.source ?? '',
      status: options.status ?? 'completed',
      error: options.error ?? null,
      allocator: 'C malloc',
    },
  });
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

  whenWarm(): Promise<void> {
    return Promise.resolve();
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
    this.setStatus({ state: 'ready', info: { python: '3.14.2', pyodide: '314.0.7', loadMs: 1234, boot: 'restored' } });
  }

  /** The interpreter starts the run; `startedAt`: when, as the worker reports it (ms since the epoch). */
  start(startedAt?: number): void {
    this.current?.callbacks.onStart?.(startedAt);
  }

  print(text: string, stream: OutputChunk['stream'] = 'stdout', step = 0): void {
    this.current?.callbacks.onOutput?.([{ step, stream, text }]);
  }

  finish(trace: TraceData): void {
    this.current?.callbacks.onDone({ status: trace.meta.status, trace, error: trace.meta.error });
  }
}
