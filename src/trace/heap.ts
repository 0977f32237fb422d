/**
 * The heap at a step, as the heap view draws it: the frames on the stack with their names,
 * the objects those names reach through recorded references (`TraceData.references`), and
 * the references between them. Read, like every panel, as the state once line `step` has run
 * (trace/steps): names from `framesAfter`, references and refcounts at the following line
 * event. Boxes keep their slot for the trace's whole length (trace/heapPlace), so stepping
 * moves arrows and counts, not boxes.
 */
import { referencesLiveAt, referencesFrom, referencesTo } from './heapIndex';
import { heapSlots } from './heapPlace';
import { hexAddress, IMMORTAL_REFCOUNT, typeName } from './query';
import { framesAfter, isAliveAfter, refcountAfter } from './steps';
import { ObjectFlag, type TraceData } from './types';

/** A frame drawn on the left: module globals (frame -1) or a function frame on the stack. */
export interface HeapFrame {
  frame: number;
  function: string;
  depth: number;
  names: Array<{ name: string; obj: number }>;
}

export interface HeapBox {
  obj: number;
  type: string;
  /** Decimal `id()`. */
  address: number;
  /** `0x…` hex, as the rest of the page writes addresses. */
  hex: string;
  preview: string | null;
  /** Refcount once the step's line has run; null when never sampled. */
  refcount: number | null;
  immortal: boolean;
  /** The box's place, kept from step to step (trace/heapPlace). */
  slot: number;
}

/** An arrow between two objects (names' arrows come from `HeapFrame.names`). */
export interface HeapArrow {
  /** Index into `references`. */
  ref: number;
  holder: number;
  label: string;
  target: number;
}

export interface HeapScene {
  step: number;
  frames: HeapFrame[];
  /** The boxes drawn, at most `limit`, in slot order. */
  boxes: HeapBox[];
  /** Arrows between drawn boxes. */
  arrows: HeapArrow[];
  /** Objects in the heap at the step but not drawn (over the limit). */
  hidden: number;
  /** True when the trace carries references (older traces: names only). */
  hasReferences: boolean;
}

/** How many boxes are drawn at once before "show more". */
export const HEAP_PAGE = 30;

/** The step whose line event shows the state after `step` ran (as trace/steps reads it). */
export function heapReadStep(t: TraceData, step: number): number {
  return Math.min(step + 1, Math.max(0, t.steps.line.length - 1));
}

function referenceLabel(t: TraceData, r: number): string {
  return t.strings[t.references?.label[r] ?? -1] ?? '';
}

/** The references live once line `step` has run, with their labels, in reference order. */
export function referencesAfter(t: TraceData, step: number): HeapArrow[] {
  const refs = t.references;
  if (!refs) return [];
  return referencesLiveAt(t, heapReadStep(t, step)).map((r) => ({
    ref: r,
    holder: refs.holder[r] ?? -1,
    label: referenceLabel(t, r),
    target: refs.target[r] ?? -1,
  }));
}

/** The frames on the stack once line `step` has run, innermost first, globals last. */
export function heapFrames(t: TraceData, step: number): HeapFrame[] {
  return (
    framesAfter(t, step)
      // The module's frame holds no names of its own (they are the globals): skip it when empty, as Variables does.
      .filter((f) => !(f.frame >= 0 && f.function === '<module>' && f.names.length === 0))
      .map((f) => ({ frame: f.frame, function: f.function, depth: f.depth, names: f.names }))
  );
}

/**
 * Every object in the heap at `step`, in the order the view prefers them: those the names
 * reach (breadth first, frames innermost first, names in binding order, then what they hold),
 * then holders of live references no name reaches (cycles waiting for the collector).
 */
function heapObjects(t: TraceData, step: number, frames: HeapFrame[], live: HeapArrow[]): { order: number[]; out: Map<number, HeapArrow[]> } {
  const out = new Map<number, HeapArrow[]>();
  for (const r of live) {
    const list = out.get(r.holder);
    if (list) list.push(r);
    else out.set(r.holder, [r]);
  }
  const seen = new Set<number>();
  const order: number[] = [];
  const queue: number[] = [];
  const visit = (o: number) => {
    if (seen.has(o) || !isAliveAfter(t, o, step)) return;
    seen.add(o);
    order.push(o);
    queue.push(o);
  };
  const drain = () => {
    while (queue.length) for (const r of out.get(queue.shift() ?? -1) ?? []) visit(r.target);
  };
  for (const f of frames) for (const n of f.names) visit(n.obj);
  drain();
  for (const h of out.keys()) visit(h);
  drain();
  return { order, out };
}

/**
 * The heap at `step` with at most `limit` boxes. With a `focus` object, it and its neighbours
 * (what refers to it and what it refers to) are drawn first, so that a large heap still shows
 * the selected object's surroundings.
 */
export function heapScene(t: TraceData, step: number, limit = HEAP_PAGE, focus: number | null = null): HeapScene {
  const frames = heapFrames(t, step);
  const live = referencesAfter(t, step);
  const { order, out } = heapObjects(t, step, frames, live);
  let chosen = order;
  if (focus !== null && order.includes(focus)) {
    const near = [focus];
    for (const r of out.get(focus) ?? []) near.push(r.target);
    for (const r of live) if (r.target === focus) near.push(r.holder);
    const first = new Set(near.filter((o) => order.includes(o)));
    chosen = [...first, ...order.filter((o) => !first.has(o))];
  }
  const drawn = chosen.slice(0, Math.max(0, limit));
  const slots = heapSlots(t);
  const boxes = drawn
    .map((o): HeapBox => {
      const rc = refcountAfter(t, o, step);
      return {
        obj: o,
        type: typeName(t, o),
        address: t.objects.address[o] ?? 0,
        hex: hexAddress(t.objects.address[o] ?? 0),
        preview: t.objects.preview?.[o] ?? null,
        refcount: rc,
        immortal: ((t.objects.flags[o] ?? 0) & ObjectFlag.immortal) !== 0 || (rc ?? 0) >= IMMORTAL_REFCOUNT,
        slot: slots[o] ?? 0,
      };
    })
    .sort((a, b) => a.slot - b.slot || a.obj - b.obj);
  const inView = new Set(drawn);
  const arrows = live.filter((r) => inView.has(r.holder) && inView.has(r.target));
  return { step, frames, boxes, arrows, hidden: order.length - drawn.length, hasReferences: t.references !== undefined };
}

/** One reference to an object: a name in a frame, or another object's attribute, item, entry... */
export type Referrer =
  | { kind: 'name'; name: string; frame: number; function: string }
  | { kind: 'ref'; ref: number; holder: number; label: string; path: string };

/** How an object's refcount is made up at a step. */
export interface RefcountAccount {
  obj: number;
  refcount: number | null;
  immortal: boolean;
  referrers: Referrer[];
  /** refcount − referrers: references the trace does not show (negative when the sample lags). */
  rest: number;
  /** The step's line calls `getrefcount(`: one of the rest may be its argument. */
  getrefcount: boolean;
}

/**
 * How a holder reads in an explanation: a name bound to it (`b` → `b.nxt`), else its type and
 * address (`Node 0x00a0…`).
 */
export function holderPath(t: TraceData, holder: number, label: string, frames: HeapFrame[]): string {
  for (const f of frames) for (const n of f.names) if (n.obj === holder) return label === '' ? `${n.name} ∋` : `${n.name}${label}`;
  const who = `${typeName(t, holder)}@${hexAddress(t.objects.address[holder] ?? 0)}`;
  return label === '' ? `${who} ∋` : `${who}${label}`;
}

/** What refers to `obj` once line `step` has run: names first (innermost frame first), then references. */
export function referrersAt(t: TraceData, obj: number, step: number, frames?: HeapFrame[]): Referrer[] {
  const fs = frames ?? heapFrames(t, step);
  const out: Referrer[] = [];
  for (const f of fs) for (const n of f.names) if (n.obj === obj) out.push({ kind: 'name', name: n.name, frame: f.frame, function: f.function });
  const at = heapReadStep(t, step);
  const refs = t.references;
  for (const r of referencesTo(t, obj)) {
    const to = refs?.to[r] ?? -1;
    if ((refs?.from[r] ?? 0) > at || (to >= 0 && to < at)) continue;
    const holder = refs?.holder[r] ?? -1;
    const label = referenceLabel(t, r);
    out.push({ kind: 'ref', ref: r, holder, label, path: holderPath(t, holder, label, fs) });
  }
  return out;
}

/** The step's source line, when the trace carries the source. */
function sourceLine(t: TraceData, step: number): string {
  const line = t.steps.line[step] ?? 0;
  return t.meta.source.split('\n')[line - 1] ?? '';
}

/** The refcount of `obj` after line `step`, and the references that make it up. */
export function accountRefcount(t: TraceData, obj: number, step: number, frames?: HeapFrame[]): RefcountAccount {
  const rc = refcountAfter(t, obj, step);
  const immortal = ((t.objects.flags[obj] ?? 0) & ObjectFlag.immortal) !== 0 || (rc ?? 0) >= IMMORTAL_REFCOUNT;
  const referrers = referrersAt(t, obj, step, frames);
  const rest = rc === null || immortal ? 0 : rc - referrers.length;
  return { obj, refcount: rc, immortal, referrers, rest, getrefcount: /\bgetrefcount\s*\(/.test(sourceLine(t, step)) };
}

/** Why a reference ended: the name deleted or rebound, its frame returned, its holder freed or changed. */
export type EndCause = 'del' | 'rebind' | 'return' | 'holder-freed' | 'removed';

export interface FreedBy {
  referrer: Referrer;
  /** Last step after which the reference was there (in "after line N" terms, trace/steps). */
  to: number;
  cause: EndCause;
}

/**
 * When `step` is the last step after which `obj` is alive (it dies during the next line), the
 * references that ended last before it died: the `del`, the rebinding, the frame's return
 * that freed it. Null at any other step, or when nothing recorded referred to it.
 */
export function freedBy(t: TraceData, obj: number, step: number): FreedBy[] | null {
  const died = t.objects.died[obj] ?? -1;
  if (died < 0 || step !== died - 1) return null;
  const b = t.bindings;
  const refs = t.references;
  // In "after line N" terms (trace/steps): globals are read at N, locals and references at N + 1.
  const after = (s: number, global: boolean) => (s < 0 || global ? s : s - 1);
  let last = -1;
  const ends: Array<{ kind: 'name'; i: number } | { kind: 'ref'; r: number }> = [];
  const consider = (to: number, e: (typeof ends)[number]) => {
    if (to < 0 || to > died) return;
    if (to > last) {
      last = to;
      ends.length = 0;
    }
    if (to === last) ends.push(e);
  };
  for (let i = 0; i < b.obj.length; i++) if (b.obj[i] === obj) consider(after(b.to[i] ?? -1, (b.frame[i] ?? -1) < 0), { kind: 'name', i });
  for (const r of referencesTo(t, obj)) consider(after(refs?.to[r] ?? -1, false), { kind: 'ref', r });
  if (ends.length === 0) return null;
  const followsAt = (from: number, global: boolean) => {
    const f = after(from, global);
    return f >= last && f <= last + 1;
  };
  return ends.map((e): FreedBy => {
    if (e.kind === 'name') {
      const frame = b.frame[e.i] ?? -1;
      const name = b.name[e.i] ?? -1;
      const fn = frame < 0 ? '<globals>' : (t.strings[t.frames.func[frame] ?? -1] ?? '?');
      const exit = frame < 0 ? -1 : (t.frames.exit[frame] ?? -1);
      let cause: EndCause = 'del';
      if (exit >= 0 && exit <= last + 1) cause = 'return';
      else for (let j = 0; j < b.obj.length; j++) if (j !== e.i && b.name[j] === name && b.frame[j] === frame && followsAt(b.from[j] ?? 0, frame < 0)) cause = 'rebind';
      return { referrer: { kind: 'name', name: t.strings[name] ?? '?', frame, function: fn }, to: last, cause };
    }
    const holder = refs?.holder[e.r] ?? -1;
    const label = referenceLabel(t, e.r);
    const hd = t.objects.died[holder] ?? -1;
    let cause: EndCause = 'removed';
    if (hd >= 0 && hd <= last + 1) cause = 'holder-freed';
    else for (const r of referencesFrom(t, holder)) if (r !== e.r && refs?.label[r] === refs?.label[e.r] && followsAt(refs?.from[r] ?? 0, false)) cause = 'rebind';
    return { referrer: { kind: 'ref', ref: e.r, holder, label, path: holderPath(t, holder, label, heapFrames(t, last)) }, to: last, cause };
  });
}
