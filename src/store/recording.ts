/**
 * The examples' recordings on screen (public/recordings/, src/examples/recordings.ts): a
 * fresh page, or an example picked from the menu, shows the example's recorded run at once,
 * without Python. Plain functions, like ./actions.
 *
 * A recording never holds Python up: it is fetched after the runtime has started, and it
 * leaves the run status alone (loading → ready is still the interpreter's), so Run is
 * queued or started exactly as on a page without one. It gives way to anything the reader
 * does: a run (its trace replaces the recording's), an edit of the program (the recording
 * is no longer of the program in the editor, so it goes), another example or link.
 */
import { exampleById } from '../examples';
import { recordingFile, RECORDINGS_DIR } from '../examples/recordings';
import { startingStep } from '../trace/steps';
import { mark, noTrace } from './actions';
import { prepareTrace } from './prepare';
import { clampStep } from './traceSlice';
import { useStore } from './store';
import type { StoreState } from './types';

let token = 0;
/** What decoding waits for (see `deferRecordings`). */
let decodeAfter: Promise<unknown> = Promise.resolve();
/** The latest `showExampleRecording`. */
let latest: Promise<boolean> = Promise.resolve(false);

/**
 * Recordings fetched from now on are decoded only once `until` settles: at start-up the
 * editor comes first (main.tsx), and decoding would hold the one main thread it needs.
 */
export function deferRecordings(until: Promise<unknown>): void {
  decodeAfter = until.catch(() => undefined);
}

/** Settles when the latest example recording asked for is on screen (true) or given up. */
export function latestRecording(): Promise<boolean> {
  return latest;
}

/** Marks on the page's performance timeline (scripts/measure-startup.mjs). */
export const RecordingMarks = { fetched: 'refscope:recording-fetched', decoded: 'refscope:recording-decoded' } as const;

/** Where the page fetches an example's recording (beside the page, whatever its base path). */
export function recordingURL(id: string): URL {
  const base = typeof document === 'undefined' ? 'http://localhost/' : document.baseURI;
  return new URL(RECORDINGS_DIR + recordingFile(id), base);
}

/**
 * Fetches the example's recording and shows it, if by then the editor still holds that
 * example's program and nothing else has been put on screen (no run, no trace, no replay).
 * Resolves to whether it is shown; a missing or unreadable recording leaves the page as it
 * was (a live page whose Run works), so it is not reported to the reader.
 */
export function showExampleRecording(id: string): Promise<boolean> {
  latest = show(id);
  return latest;
}

async function show(id: string): Promise<boolean> {
  const mine = ++token;
  const example = exampleById(id);
  if (!example) return false;
  try {
    const [response, { readTraceFile }] = await Promise.all([
      fetch(recordingURL(id), { credentials: 'same-origin' }),
      import('../trace/file'),
    ]);
    if (!response.ok) return false;
    const bytes = new Uint8Array(await response.arrayBuffer());
    mark(RecordingMarks.fetched);
    await decodeAfter;
    const trace = await readTraceFile(bytes);
    mark(RecordingMarks.decoded);
    const wanted = (): boolean => {
      const s = useStore.getState();
      const free = s.trace === null && s.replay === null && s.status !== 'running' && !s.runQueued;
      return mine === token && free && s.source === example.code && trace.meta.source === example.code;
    };
    if (!(await prepareTrace(trace, wanted))) return false;
    const s = useStore.getState();
    const start = startingStep(trace);
    useStore.setState({
      trace,
      output: trace.output,
      error: trace.meta.error,
      steps: trace.steps.line.length,
      cursor: s.pendingStep === null ? start.step : clampStep(trace, s.pendingStep),
      landing: s.pendingStep === null ? start.landing : null,
      pendingStep: null,
      selectedObject: null,
      exampleId: id,
      replay: { from: 'example', id, state: 'ready' },
    });
    return true;
  } catch {
    return false;
  }
}

/** The recording is of the program in the editor only until the program changes. */
function follow(s: StoreState, prev: StoreState): void {
  if (s.replay?.from !== 'example' || s.source === prev.source) return;
  token++;
  useStore.setState({ ...noTrace(), replay: null });
}

useStore.subscribe(follow);
