/**
 * A window of a run as a trace of its own: "trim to steps A–B" for replays too long to
 * share whole. Pure: the input trace is not touched.
 *
 * Steps A…B become steps 0…B−A. Kept: every object alive at some step of the window (an
 * object made before it counts as existing before the run, born −1; one still alive after
 * it as alive at the end, died −1), its refcount samples in the window (the count it had
 * when the window opened becomes a sample at step 0), the name bindings and frames that
 * overlap the window (clipped the same way), the references between kept objects that
 * overlap it (clipped too), and the output printed in it.
 */
import { BlockFate, ObjectFlag, tookByObject, type TraceData } from './types';

/** The steps `from`…`to` (inclusive, clamped to the trace) of a trace, renumbered from 0. */
export function trimTrace(t: TraceData, from: number, to: number): TraceData {
  const n = t.steps.line.length;
  const a = Math.max(0, Math.min(Math.floor(from), n - 1));
  const b = Math.max(a, Math.min(Math.floor(to), n - 1));
  const last = b - a;
  /** A step inside the window, shifted; before it → `before`, after it → `after`. */
  const clip = (s: number, before: number, after: number): number => (s < 0 ? s : s < a ? before : s > b ? after : s - a);
  const overlaps = (start: number, end: number): boolean => (start < 0 || start <= b) && (end < 0 || end >= a);

  const keep: number[] = [];
  const newIndex = new Int32Array(t.objects.address.length).fill(-1);
  for (let o = 0; o < t.objects.address.length; o++) {
    if (!overlaps(t.objects.born[o] ?? -1, t.objects.died[o] ?? -1)) continue;
    newIndex[o] = keep.length;
    keep.push(o);
  }
  const m = keep.length;
  const objects: TraceData['objects'] = {
    address: new Uint32Array(m),
    type: new Int32Array(m),
    size: new Int32Array(m),
    born: new Int32Array(m),
    died: new Int32Array(m),
    finalized: new Int32Array(m),
    flags: new Uint8Array(m),
  };
  const chunk = t.objects.chunk;
  if (chunk) objects.chunk = Int32Array.from(keep, (o) => chunk[o] ?? 0);
  const { blockFate, blockValue, blockStep } = t.objects;
  if (blockFate && blockValue && blockStep) {
    // Where a block went is kept when it happened inside the window (and an object that
    // took it is kept too); a later or unknown fate is unknown in the window.
    objects.blockFate = new Uint8Array(m);
    objects.blockValue = new Int32Array(m);
    objects.blockStep = new Int32Array(m).fill(-1);
    keep.forEach((o, i) => {
      const fate = blockFate[o] ?? 0;
      const step = blockStep[o] ?? -1;
      const endsAfter = (t.objects.died[o] ?? -1) > b || (t.objects.died[o] ?? -1) < 0;
      const value = tookByObject(fate) ? (newIndex[blockValue[o] ?? -1] ?? -1) : (blockValue[o] ?? 0);
      if (fate === BlockFate.unknown || endsAfter || step > b || value < 0) return;
      // Still free / kept at the end of the run says nothing about the window's end.
      if (step < 0 && b !== n - 1) return;
      objects.blockFate![i] = fate;
      objects.blockValue![i] = value;
      objects.blockStep![i] = step < 0 ? -1 : step - a;
    });
  }
  const rcStart = new Int32Array(m + 1);
  const rcStep: number[] = [];
  const rcValue: number[] = [];
  keep.forEach((o, i) => {
    objects.address[i] = t.objects.address[o]!;
    objects.type[i] = t.objects.type[o]!;
    objects.size[i] = t.objects.size[o]!;
    objects.born[i] = clip(t.objects.born[o]!, -1, last);
    objects.died[i] = clip(t.objects.died[o]!, 0, -1);
    const fin = t.objects.finalized[o]!;
    objects.finalized[i] = fin >= a && fin <= b ? fin - a : -1;
    // The finalized bit says that `finalized` is a step; the others carry over.
    objects.flags[i] = (t.objects.flags[o]! & ~ObjectFlag.finalized) | (objects.finalized[i]! >= 0 ? ObjectFlag.finalized : 0);
    let opening: number | null = null;
    for (let k = t.refcounts.start[o]!; k < t.refcounts.start[o + 1]!; k++) {
      const s = t.refcounts.step[k]!;
      if (s < a) opening = t.refcounts.value[k]!;
      else if (s <= b) {
        if (opening !== null && s > a) {
          rcStep.push(0);
          rcValue.push(opening);
        }
        opening = null;
        rcStep.push(s - a);
        rcValue.push(t.refcounts.value[k]!);
      }
    }
    if (opening !== null) {
      rcStep.push(0);
      rcValue.push(opening);
    }
    rcStart[i + 1] = rcStep.length;
  });
  if (t.objects.preview) objects.preview = keep.map((o) => t.objects.preview?.[o] ?? null);

  const frameIndex = new Int32Array(t.frames.func.length).fill(-1);
  const frames = { func: [] as number[], depth: [] as number[], enter: [] as number[], exit: [] as number[] };
  for (let f = 0; f < t.frames.func.length; f++) {
    const enter = t.frames.enter[f]!;
    const exit = t.frames.exit[f]!;
    if (!overlaps(enter, exit)) continue;
    frameIndex[f] = frames.func.length;
    frames.func.push(t.frames.func[f]!);
    frames.depth.push(t.frames.depth[f]!);
    frames.enter.push(clip(enter, 0, last));
    frames.exit.push(clip(exit, 0, -1));
  }

  const bindings = { obj: [] as number[], name: [] as number[], frame: [] as number[], from: [] as number[], to: [] as number[] };
  for (let i = 0; i < t.bindings.obj.length; i++) {
    const obj = newIndex[t.bindings.obj[i]!] ?? -1;
    const start = t.bindings.from[i]!;
    const end = t.bindings.to[i]!;
    if (obj < 0 || !overlaps(start, end)) continue;
    const frame = t.bindings.frame[i]!;
    bindings.obj.push(obj);
    bindings.name.push(t.bindings.name[i]!);
    bindings.frame.push(frame < 0 ? -1 : (frameIndex[frame] ?? -1));
    bindings.from.push(clip(start, 0, last));
    bindings.to.push(clip(end, 0, -1));
  }

  let references: TraceData['references'];
  const r = t.references;
  if (r) {
    const rows: number[] = [];
    for (let i = 0; i < r.holder.length; i++) {
      const holder = newIndex[r.holder[i]!] ?? -1;
      const target = newIndex[r.target[i]!] ?? -1;
      if (holder >= 0 && target >= 0 && overlaps(r.from[i]!, r.to[i]!)) rows.push(i);
    }
    references = {
      holder: Int32Array.from(rows, (i) => newIndex[r.holder[i]!]!),
      label: Int32Array.from(rows, (i) => r.label[i]!),
      target: Int32Array.from(rows, (i) => newIndex[r.target[i]!]!),
      from: Int32Array.from(rows, (i) => clip(r.from[i]!, 0, last)),
      to: Int32Array.from(rows, (i) => clip(r.to[i]!, 0, -1)),
    };
  }

  const whole = a === 0 && b === n - 1;
  return {
    meta: whole ? t.meta : { ...t.meta, status: b === n - 1 ? t.meta.status : 'stopped', error: b === n - 1 ? t.meta.error : null },
    strings: t.strings,
    steps: {
      line: t.steps.line.slice(a, b + 1),
      func: t.steps.func.slice(a, b + 1),
      depth: t.steps.depth.slice(a, b + 1),
      event: t.steps.event.slice(a, b + 1),
    },
    objects,
    refcounts: { start: rcStart, step: Int32Array.from(rcStep), value: Int32Array.from(rcValue) },
    bindings: {
      obj: Int32Array.from(bindings.obj),
      name: Int32Array.from(bindings.name),
      frame: Int32Array.from(bindings.frame),
      from: Int32Array.from(bindings.from),
      to: Int32Array.from(bindings.to),
    },
    frames: { func: Int32Array.from(frames.func), depth: Int32Array.from(frames.depth), enter: Int32Array.from(frames.enter), exit: Int32Array.from(frames.exit) },
    output: t.output.filter((c) => c.step >= a && c.step <= b).map((c) => ({ ...c, step: c.step - a })),
    ...(references ? { references } : {}),
    ...(t.bytecode ? { bytecode: { codes: t.bytecode.codes, stepCode: t.bytecode.stepCode.slice(a, b + 1) } } : {}),
  };
}
