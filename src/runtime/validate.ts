import type { WorkerToPage } from '../protocol/messages';
import type { OutputChunk, RunEnd } from '../trace/types';

const RUN_ENDS: readonly RunEnd[] = ['completed', 'step-limit', 'time-limit', 'stopped', 'error'];

type Data = Record<string, unknown>;

const isObject = (x: unknown): x is Data => typeof x === 'object' && x !== null;
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function isChunk(x: unknown): x is OutputChunk {
  return (
    isObject(x) &&
    isNumber(x.step) &&
    (x.stream === 'stdout' || x.stream === 'stderr') &&
    typeof x.text === 'string'
  );
}

/**
 * Checks the shape of a message from a worker before the page trusts it. The port is
 * private, but a worker runs arbitrary user code, so nothing is taken on faith.
 */
export function parseWorkerMessage(data: unknown): WorkerToPage | null {
  if (!isObject(data) || typeof data.type !== 'string') return null;
  switch (data.type) {
    case 'ready':
      return typeof data.python === 'string' && typeof data.pyodide === 'string' && isNumber(data.loadMs)
        ? (data as unknown as WorkerToPage)
        : null;
    case 'output':
      return isNumber(data.runId) && Array.isArray(data.chunks) && data.chunks.every(isChunk)
        ? (data as unknown as WorkerToPage)
        : null;
    case 'progress':
      return isNumber(data.runId) && isNumber(data.steps) ? (data as unknown as WorkerToPage) : null;
    case 'done': {
      if (!isNumber(data.runId) || !isObject(data.trace)) return null;
      const meta = data.trace.meta;
      if (!isObject(meta) || !RUN_ENDS.includes(meta.status as RunEnd)) return null;
      if (meta.error !== null && !isObject(meta.error)) return null;
      if (!Array.isArray(data.trace.output) || !data.trace.output.every(isChunk)) return null;
      return data as unknown as WorkerToPage;
    }
    case 'failed':
      return typeof data.message === 'string' ? (data as unknown as WorkerToPage) : null;
    default:
      return null;
  }
}
