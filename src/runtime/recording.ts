/**
 * What the recorder kept, turned into right-sized arrays for the trace builder. Runs after
 * the program (or, for a snapshot, while it is stuck in C), never on the hot path.
 */
import type { CodeInfo, Recording } from '../trace/raw';
import type { RunEnd, RunError } from '../trace/types';
import type { Recorder } from './recorder';

const u32 = (a: Int32Array) => new Uint32Array(a.buffer);

/** Everything `rec` recorded, ended with `status`. */
export function toRecording(
  rec: Recorder,
  codes: CodeInfo[],
  status: RunEnd,
  error: RunError | null,
  elapsedMs: number,
): Recording {
  rec.settlePending();
  const { ref, steps, frames, bindings: b, refcounts: rc, held, previews } = rec;
  return {
    codes,
    ref: { stepKind: ref.field(0), address: u32(ref.field(1)), type: u32(ref.field(2)), word: ref.field(3), chunk: ref.field(4) },
    steps: { line: steps.field(0), code: steps.field(1), depth: steps.field(2), event: Uint8Array.from(steps.field(3)) },
    frames: { code: frames.field(0), depth: frames.field(1), enter: frames.field(2), exit: frames.field(3) },
    bindings: {
      seq: b.field(0),
      step: b.field(1),
      frame: b.field(2),
      name: b.field(3),
      address: u32(b.field(4)),
      type: u32(b.field(5)),
    },
    globalNames: rec.globalNames,
    previews: {
      binding: previews.field(0),
      kind: previews.field(1),
      a: previews.field(2),
      b: previews.field(3),
      texts: rec.previewTexts,
    },
    ...(rec.references ? { references: referencesOf(rec) } : {}),
    held: { seq: held.field(0), step: held.field(1), type: u32(held.field(2)), item: u32(held.field(3)) },
    refcounts: { seq: rc.field(0), step: rc.field(1), address: u32(rc.field(2)), value: rc.field(3) },
    finalizers: {
      seq: rec.finSeq.toInt32(),
      step: rec.finStep.toInt32(),
      address: rec.finAddress.toUint32(),
      frame: rec.finFrame.toInt32(),
      type: rec.finType.toUint32(),
    },
    outputWindows: rec.outputWindows(),
    blocks: { seq: rec.blocks.out.field(0), fate: rec.blocks.out.field(1), value: rec.blocks.out.field(2), step: rec.blocks.out.field(3) },
    freedTypes: rec.freedTypes,
    output: rec.out.chunks,
    outputTruncated: rec.out.truncated,
    status,
    error,
    elapsedMs,
  };
}

function referencesOf(rec: Recorder): NonNullable<Recording['references']> {
  const r = rec.refs;
  const p = rec.refPreviews;
  return {
    seq: r.field(0),
    step: r.field(1),
    holder: u32(r.field(2)),
    label: r.field(3),
    target: u32(r.field(4)),
    holderType: u32(r.field(5)),
    targetType: u32(r.field(6)),
    open: r.field(7),
    labels: rec.references?.labels.texts ?? [],
    previews: { ref: p.field(0), kind: p.field(1), a: p.field(2), b: p.field(3) },
  };
}

/** Events recorded and the bytes held for them (capacity, as allocated), for benchmarks. */
export function recordingSize(rec: Recorder): { events: number; recordedBytes: number; referenceChanges: number } {
  const streams = [rec.ref, rec.steps, rec.frames, rec.bindings, rec.refcounts, rec.refs, rec.refPreviews];
  return {
    referenceChanges: rec.refs.count,
    events: rec.ref.count + rec.steps.count + rec.bindings.count + rec.refcounts.count + rec.refs.count,
    recordedBytes: streams.reduce((sum, r) => sum + r.byteLength, 0),
  };
}
