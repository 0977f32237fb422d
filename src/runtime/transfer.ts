import type { TraceData } from '../trace/types';

/**
 * The ArrayBuffers behind every typed-array column of a trace, each once, so the
 * worker can hand them to the page without copying. Shared buffers cannot be
 * transferred and are left out.
 */
export function traceBuffers(trace: TraceData): ArrayBuffer[] {
  const groups: object[] = [trace.steps, trace.objects, trace.refcounts, trace.bindings, trace.frames];
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
