/**
 * Narration: one sentence on what the step under the cursor did to memory ("line 2 in
 * test(): object #1 created at 0x01733178, refcount 1, bound to ins"). Two layers:
 * `narrateStep` collects the facts from the trace (pure data, testable without words),
 * `narrationText` puts them into a sentence with a language's `NarrationMessages`.
 *
 * Step semantics (see the recorder): step k covers everything from the line event of k to
 * the line event of k + 1, so objects born or destroyed "during k" include those of a
 * return that ends the frame. Locals are read at line events, so a local assigned during
 * step k first shows at step k + 1; globals are watched as they are stored.
 */
import { blockNext, whyNot, type BlockFacts, type BlockMessages, type WhyNot } from './blocks';
import { eventsAt, exitAt, funcAt, lifetimeLabel, lineAt, objectOrigin, type ExitPhase, type ObjectOrigin } from './lifetimes';
import { previousOccupant } from './model';
import { hexAddress, isShownByDefault, refcountAt, stepCount } from './query';
import { StepEvent, type TraceData } from './types';
import { groupRows, rowOf, type Rows } from './rows';
import { shareIndex } from './memo';

export interface NarratedObject {
  obj: number;
  /** `Son #2` */
  label: string;
  /** `0x01733178` */
  address: string;
}

export interface NarratedCreation extends NarratedObject {
  /** Refcount once the step is over (null when never sampled). */
  refcount: number | null;
  /** Names bound to it during the step. */
  names: string[];
  /** The earlier named lifetime whose address it took, if any. */
  reuses: NarratedObject | null;
  /** Why it did not get the block the previous instance of its type had just left (./blocks). */
  whyNot: WhyNot | null;
}

export interface NarratedDeath extends NarratedObject {
  /** Where its block went (./blocks); null when not known. */
  block: BlockFacts | null;
}

export type { ObjectOrigin } from './lifetimes';

/** How a frame ended: it returned, paused at a `yield`, or was left by an exception. */
export type FrameEnd = 'returned' | 'yielded' | 'raised';

export interface NarratedBinding extends NarratedObject {
  name: string;
  origin: ObjectOrigin;
}

export interface Narration {
  step: number;
  /** Source line of the step, null outside the trace and at the steps of Python's exit. */
  line: number | null;
  /** Function of the step; null at module level. */
  func: string | null;
  /** The step runs the body of a class statement (`func` is the class name). */
  inClass: boolean;
  /** Objects shown by default (bound to a name at some step) created during the step. */
  created: NarratedCreation[];
  /** Names bound during the step to objects not created in it. */
  bound: NarratedBinding[];
  /** Objects whose `__del__` ran during the step. */
  finalized: NarratedObject[];
  /** Objects shown by default destroyed during the step. */
  destroyed: NarratedDeath[];
  /** Frames that ended during the step, innermost first, and how. */
  ended: Array<{ func: string; how: FrameEnd }>;
  /** An exception was raised during the step. */
  raised: boolean;
  /** Output written during the step (both streams), trimmed; null when none. */
  printed: string | null;
  /** Objects never bound to a name (temporaries) created and destroyed during the step. */
  temporaries: { created: number; destroyed: number };
  /** The step starts a part of Python's exit, after the program's last line (no line of its own); null for the program's steps. */
  exit: ExitPhase | null;
}

/** The words a narration is made of, in one language. */
export interface NarrationMessages {
  /** "line 5 in test()" (func null at module level), "line 2 in class Point". */
  where: (line: number, func: string | null, inClass: boolean) => string;
  /** "object #1 created at 0x…, refcount 1" */
  created: (label: string, address: string, refcount: number | null) => string;
  /** Appended to a creation: "at the address Son #1 had". */
  reuses: (previous: string) => string;
  /** Appended to a creation: "bound to ins". */
  boundTo: (names: string) => string;
  /** "a → int #1 (immortal)" */
  bound: (name: string, label: string, origin: ObjectOrigin) => string;
  /** "__del__ of Son #1 ran" */
  finalized: (labels: string) => string;
  /** "object #1 at 0x… destroyed, its block goes back to the allocator" (address when one object). */
  destroyed: (labels: string, address: string | null) => string;
  /** One object destroyed, and where its block went: "Son #2 at 0x… destroyed; its block … went to …". */
  destroyedBlock: (label: string, address: string, block: string) => string;
  /** Where one of several destroyed objects' block went: "Son #2: its block …". */
  blockOf: (label: string, block: string) => string;
  /** Where blocks went and why an object did not get one (./blocks). */
  block: BlockMessages;
  /** "test() returned", "numbers() paused at yield", "fail() was left by the exception" */
  ended: (func: string, how: FrameEnd) => string;
  raised: string;
  /** `printed "24326520"`: the output as text, quoted by the message itself (never escaped: it may hold newlines and quotes). */
  printed: (text: string) => string;
  /** Where a step of Python's exit happens: "Python exits: atexit's functions run", "Python exits and frees the program's module". */
  exit: (phase: ExitPhase) => string;
  /** "9 temporaries created, 10 freed" (either count may be 0, not both) */
  temporaries: (created: number, destroyed: number) => string;
  nothing: string;
  /** Joins list items: "a, b and 3 more". */
  list: (items: string[], more: number) => string;
  /** The whole sentence from its place and its parts. */
  sentence: (where: string, parts: string[]) => string;
}

/** Items named one by one before "and N more". */
export const NARRATION_LIST_LIMIT = 3;
/** Longest output quoted in a narration. */
export const NARRATION_OUTPUT_LIMIT = 60;

interface NarrationIndex {
  /** Binding indices by the step during which the name was bound. */
  boundDuring: Rows;
}

const indexCache = new WeakMap<TraceData, NarrationIndex>();
shareIndex('narration', indexCache);

function narrationIndex(t: TraceData): NarrationIndex {
  const cached = indexCache.get(t);
  if (cached) return cached;
  const b = t.bindings;
  const boundDuring = groupRows(b.obj.length, (i) => {
    const frame = b.frame[i] ?? -1;
    // Arguments, bound as a frame is entered, are part of the call, not something a line did.
    if (frame >= 0 && (t.frames.enter[frame] ?? -1) === (b.from[i] ?? 0)) return null;
    // Globals are recorded as they are stored; locals when the next line starts.
    return frame < 0 ? (b.from[i] ?? 0) : (b.from[i] ?? 0) - 1;
  });
  const index = { boundDuring };
  indexCache.set(t, index);
  return index;
}

const classCache = new WeakMap<TraceData, Set<string>>();
shareIndex('classBodies', classCache);

/** Names of code objects that are class bodies: those starting on a `class Name` line. */
function classBodies(t: TraceData): Set<string> {
  const cached = classCache.get(t);
  if (cached) return cached;
  const lines = t.meta.source.split('\n');
  const out = new Set<string>();
  for (const code of t.bytecode?.codes ?? []) {
    const short = code.name.slice(code.name.lastIndexOf('.') + 1);
    if (new RegExp(`^\\s*class\\s+${short}\\b`).test(lines[code.firstLine - 1] ?? '')) out.add(short);
  }
  classCache.set(t, out);
  return out;
}


/** The facts of one step: what it created, bound, printed, finalized and destroyed. */
export function narrateStep(t: TraceData, step: number): Narration {
  const n = stepCount(t);
  const line = lineAt(t, step);
  const empty: Narration = {
    step,
    line,
    func: null,
    inClass: false,
    created: [],
    bound: [],
    finalized: [],
    destroyed: [],
    ended: [],
    raised: false,
    printed: null,
    temporaries: { created: 0, destroyed: 0 },
    exit: null,
  };
  if (step < 0 || step >= n) return empty;
  const func = funcAt(t, step);
  const idx = narrationIndex(t);
  const previous = previousOccupant(t);
  const ev = eventsAt(t, step);
  const object = (o: number): NarratedObject => ({ obj: o, label: lifetimeLabel(t, o), address: hexAddress(t.objects.address[o] ?? 0) });

  const bindings = rowOf(idx.boundDuring, step);
  const namesFor = new Map<number, string[]>();
  for (const i of bindings) {
    const o = t.bindings.obj[i] ?? 0;
    const name = t.strings[t.bindings.name[i] ?? 0] ?? '?';
    const list = namesFor.get(o) ?? [];
    if (!list.includes(name)) list.push(name);
    namesFor.set(o, list);
  }

  const settled = (o: number): number | null => {
    const died = t.objects.died[o] ?? -1;
    const after = step + 1 < n && (died < 0 || died > step) ? refcountAt(t, o, step + 1) : null;
    return after ?? refcountAt(t, o, step);
  };

  const created: NarratedCreation[] = [];
  let tempCreated = 0;
  for (const o of ev.born) {
    if (!isShownByDefault(t, o)) {
      tempCreated++;
      continue;
    }
    const prev = previous[o] ?? -1;
    created.push({ ...object(o), refcount: settled(o), names: namesFor.get(o) ?? [], reuses: prev >= 0 ? object(prev) : null, whyNot: whyNot(t, o) });
  }
  const createdSet = new Set(ev.born);
  const bound: NarratedBinding[] = [];
  const seen = new Set<string>();
  for (const i of bindings) {
    const o = t.bindings.obj[i] ?? 0;
    if (createdSet.has(o)) continue;
    const name = t.strings[t.bindings.name[i] ?? 0] ?? '?';
    const key = `${name}:${o}`;
    if (seen.has(key)) continue;
    seen.add(key);
    bound.push({ ...object(o), name, origin: objectOrigin(t, o) });
  }

  const destroyed: NarratedDeath[] = [];
  let tempDestroyed = 0;
  for (const o of ev.died) {
    if (isShownByDefault(t, o)) destroyed.push({ ...object(o), block: blockNext(t, o) });
    else tempDestroyed++;
  }

  // Frames that ended during this step; at the last step frames are cut off, not returned.
  const raised = ((t.steps.event[step] ?? 0) & StepEvent.exception) !== 0;
  const source = line === null ? '' : (t.meta.source.split('\n')[line - 1] ?? '');
  const yields = /^\s*(\w+\s*=\s*)?(yield|await)\b/.test(source);
  const classes = classBodies(t);
  const ending: Array<{ func: string; depth: number }> = [];
  if (step < n - 1) {
    const f = t.frames;
    for (let i = 0; i < f.func.length; i++) {
      if ((f.exit[i] ?? -1) !== step || (f.depth[i] ?? 0) === 0) continue;
      const name = t.strings[f.func[i] ?? 0] ?? '?';
      // A class body ending is the class statement finishing; a __del__ ending is told by "finalized".
      if (name === '<module>' || classes.has(name) || (name === '__del__' && ev.finalized.length > 0)) continue;
      ending.push({ func: name, depth: f.depth[i] ?? 0 });
    }
  }
  ending.sort((x, y) => y.depth - x.depth);
  // Only the innermost frame runs the step's own line (a `yield` pauses just that one).
  const ended = ending.map(({ func: name }, i): Narration['ended'][number] => ({
    func: name,
    how: raised ? 'raised' : yields && i === 0 ? 'yielded' : 'returned',
  }));

  const text = ev.output.map((c) => c.text).join('').trim();
  const printed = text ? (text.length > NARRATION_OUTPUT_LIMIT ? `${text.slice(0, NARRATION_OUTPUT_LIMIT)}…` : text) : null;

  return {
    step,
    line,
    func: func === '<module>' || line === null ? null : func,
    inClass: line !== null && classes.has(func),
    created,
    bound,
    finalized: ev.finalized.map(object),
    destroyed,
    ended,
    raised,
    printed,
    temporaries: { created: tempCreated, destroyed: tempDestroyed },
    exit: exitAt(t, step),
  };
}

/** The narration as one sentence in the language of `m`. */
export function narrationText(n: Narration, m: NarrationMessages): string {
  if (n.line === null && n.exit === null) return '';
  const few = <T>(items: T[], f: (item: T) => string): string =>
    m.list(items.slice(0, NARRATION_LIST_LIMIT).map(f), Math.max(0, items.length - NARRATION_LIST_LIMIT));
  const parts: string[] = [];
  if (n.raised) parts.push(m.raised);
  for (const c of n.created.slice(0, NARRATION_LIST_LIMIT)) {
    let part = m.created(c.label, c.address, c.refcount);
    if (c.reuses) part += m.reuses(c.reuses.label);
    if (c.names.length) part += m.boundTo(m.list(c.names, 0));
    parts.push(part);
    if (c.whyNot) parts.push(m.block.whyNot(c.whyNot.label, c.whyNot.address, c.whyNot.chunk, c.whyNot.reason));
  }
  if (n.created.length > NARRATION_LIST_LIMIT) parts.push(m.list([], n.created.length - NARRATION_LIST_LIMIT));
  if (n.bound.length) parts.push(few(n.bound, (b) => m.bound(b.name, b.label, b.origin)));
  // The output as the program wrote it: quotes and newlines stay themselves (the narration is
  // shown as text with its line breaks kept), never JSON-escaped into `\n` and `\"`.
  if (n.printed !== null) parts.push(m.printed(n.printed));
  for (const e of n.ended) parts.push(m.ended(e.func, e.how));
  if (n.finalized.length) parts.push(m.finalized(few(n.finalized, (o) => o.label)));
  const blockText = (d: NarratedDeath): string | null => (d.block ? m.block.next(d.block.address, d.block.chunk, d.block.next) : null);
  const only = n.destroyed.length === 1 ? n.destroyed[0] : undefined;
  const onlyBlock = only ? blockText(only) : null;
  if (only && onlyBlock) parts.push(m.destroyedBlock(only.label, only.address, onlyBlock));
  else if (n.destroyed.length) {
    parts.push(m.destroyed(few(n.destroyed, (o) => o.label), only ? only.address : null));
    for (const d of n.destroyed.slice(0, NARRATION_LIST_LIMIT)) {
      const text = blockText(d);
      if (text) parts.push(m.blockOf(d.label, text));
    }
  }
  if (n.temporaries.created || n.temporaries.destroyed) parts.push(m.temporaries(n.temporaries.created, n.temporaries.destroyed));
  if (!parts.length) parts.push(m.nothing);
  return m.sentence(n.line === null ? m.exit(n.exit ?? 'exit') : m.where(n.line, n.func, n.inClass), parts);
}
