import type { OutputChunk, TraceData } from '../trace/types';

/**
 * The ArrayBuffers behind every typed-array column of a trace, each once, so the
 * worker can hand them to the page without copying. Shared buffers cannot be
 * transferred and are left out.
 */
export function traceBuffers(trace: TraceData): ArrayBuffer[] {
  const groups: object[] = [trace.steps, trace.objects, trace.refcounts, trace.bindings, trace.frames];
  if (trace.references) groups.push(trace.references);
  if (trace.bytecode) groups.push({ stepCode: trace.bytecode.stepCode });
  const seen = new Set<ArrayBuffer>();
  for (const group of groups) {
    for (const column of Object.values(group) as unknown[]) {
      if (ArrayBuffer.isView(column) && column.buffer instanceof ArrayBuffer) {
        seen.add(column.buffer);
      }
    }
  }
  return [...seen];
}

/**
 * The ArrayBuffers behind every typed array found in `value` (plain objects, arrays, Maps and
 * Sets walked), each once: what can be transferred when sending derived indices.
 */
export function buffersIn(value: unknown, into = new Set<ArrayBuffer>()): ArrayBuffer[] {
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) into.add(v.buffer);
      return;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) {
        walk(k);
        walk(x);
      }
    } else if (v instanceof Set || Array.isArray(v)) for (const x of v) walk(x);
    else for (const x of Object.values(v)) walk(x);
  };
  walk(value);
  return [...into];
}

/**
 * A trace's output as columns and one string, the form it crosses threads in: the seed run's
 * 25,000 output chunks as objects took 30–55 ms to post in the worker and 17–50 ms to
 * receive on the page (Chromium, measured); as columns, under 3 ms and 6–15 ms to rebuild.
 */
export interface PackedOutput {
  step: Int32Array;
  /** 1 for stderr, 0 for stdout. */
  stderr: Uint8Array;
  /** Where each chunk's text ends in `text`. */
  ends: Uint32Array;
  text: string;
}

/** A trace as it travels from a worker to the page: everything as is but the output, packed. */
export type WireTrace = Omit<TraceData, 'output'> & { output: PackedOutput };

export function packOutput(output: readonly OutputChunk[]): PackedOutput {
  const n = output.length;
  const step = new Int32Array(n);
  const stderr = new Uint8Array(n);
  const ends = new Uint32Array(n);
  const texts: string[] = new Array<string>(n);
  let end = 0;
  for (let i = 0; i < n; i++) {
    const chunk = output[i]!;
    step[i] = chunk.step;
    stderr[i] = chunk.stream === 'stderr' ? 1 : 0;
    texts[i] = chunk.text;
    end += chunk.text.length;
    ends[i] = end;
  }
  return { step, stderr, ends, text: texts.join('') };
}

export function unpackOutput(packed: PackedOutput): OutputChunk[] {
  const { step, stderr, ends, text } = packed;
  const out = new Array<OutputChunk>(ends.length);
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    const to = ends[i]!;
    out[i] = { step: step[i]!, stream: stderr[i] ? 'stderr' : 'stdout', text: text.slice(from, to) };
    from = to;
  }
  return out;
}

/** The trace in its travelling form, with every buffer to transfer (the trace's columns are given away). */
export function toWire(trace: TraceData): { wire: WireTrace; transfer: ArrayBuffer[] } {
  const output = packOutput(trace.output);
  const transfer = traceBuffers(trace);
  transfer.push(output.step.buffer as ArrayBuffer, output.stderr.buffer as ArrayBuffer, output.ends.buffer as ArrayBuffer);
  return { wire: { ...trace, output }, transfer };
}

/** The trace a `WireTrace` carries (its columns adopted, not copied). */
export function fromWire(wire: WireTrace): TraceData {
  return { ...wire, output: unpackOutput(wire.output) };
}
