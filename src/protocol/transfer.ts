import type { TraceData } from '../trace/types';

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
