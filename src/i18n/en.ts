/**
 * English: the reference catalog. Its shape is the `Messages` type every other language
 * must satisfy, so a key missing from a translation fails the typecheck.
 */
import type { RunError } from '../trace/types';
import { CRASH_MESSAGES, CRASH_TYPE } from '../runtime/crash';
import type { FrameEnd, NarrationMessages, ObjectOrigin } from '../trace/narrate';
import type { BlockMessages, BlockNext } from '../trace/blocks';
import { IMMORTAL_REFCOUNT } from '../trace/query';

const number = new Intl.NumberFormat('en');
const steps = (n: number): string => `${number.format(n)} step${n === 1 ? '' : 's'}`;
/** A refcount as people should read it: immortal objects carry a huge constant, not a count. */
const refcount = (value: number | null): string => (value === null ? '—' : value >= IMMORTAL_REFCOUNT ? 'immortal' : String(value));
const where = (line: number | null, step: number): string => (line === null ? `step ${step}` : `line ${line}, step ${step}`);

/**
 * The interpreter crashed (runtime/crash.ts, error type `StackOverflow`): the engine words
 * it in English; the page says it in the reader's language. `freeing` when a chain of
 * objects was being freed (the engine's message starts with "Freeing"), `deep` otherwise.
 */
export function crashMessage(e: RunError, texts: { freeing: string; deep: string }): string {
  if (e.type !== CRASH_TYPE) return e.message;
  return e.message.startsWith('Freeing') ? texts.freeing : texts.deep;
}

/** In English the page says what the engine says. */
const crash: { freeing: string; deep: string } = CRASH_MESSAGES;

/** Where freed blocks went, and why an object did not get one (trace/blocks.ts, docs/allocator.md). */
const block: BlockMessages = {
  next: (address, chunk, next: BlockNext) => {
    const its = `its block (${address}${chunk > 0 ? `, ${chunk} B` : ''})`;
    switch (next.kind) {
      case 'object':
        return next.freeList
          ? `${its} stayed on ${next.freeList}'s free list and went to ${next.label} at ${where(next.line, next.step)}`
          : `${its} went to ${next.label} at ${where(next.line, next.step)}`;
      case 'allocation':
        return `${its} went to a non-object allocation of ${next.bytes} B at ${where(next.line, next.step)}`;
      case 'merged':
        return `${its} was merged into a free chunk of ${next.bytes > 0 ? `${next.bytes} B` : 'a larger size'} at ${where(next.line, next.step)}`;
      case 'free':
        return `${its} was still free at the end`;
      case 'kept':
        return next.freeList ? `${its} stayed on ${next.freeList}'s own free list (CPython's, not malloc's)` : `${its} was not given back to malloc by the end`;
    }
  },
  short: (next) => {
    switch (next.kind) {
      case 'object':
        return next.freeList ? `${next.label} (step ${next.step}, via ${next.freeList}'s free list)` : `${next.label} (step ${next.step})`;
      case 'allocation':
        return `non-object, ${next.bytes} B (step ${next.step})`;
      case 'merged':
        return `merged${next.bytes > 0 ? `, ${next.bytes} B` : ''} (step ${next.step})`;
      case 'free':
        return 'still free';
      case 'kept':
        return next.freeList ? `${next.freeList} free list` : 'not freed';
    }
  },
  whyNot: (previous, address, chunk, reason) => {
    const head = `it did not get ${previous}'s block (${address}${chunk > 0 ? `, ${chunk} B` : ''}): `;
    switch (reason.kind) {
      case 'object':
        return `${head}${reason.label} took it first`;
      case 'allocation':
        return `${head}a non-object allocation of ${reason.bytes} B took it first`;
      case 'merged':
        return `${head}malloc had merged it with a free neighbour into a chunk of ${reason.bytes > 0 ? `${reason.bytes} B` : 'a larger size'}`;
      case 'sizes':
        return `${head}this one asks malloc for ${reason.need} B, and malloc looks for a free block of the requested size first`;
      case 'kept':
        return `${head}${reason.type} keeps its own free list, and it handed out another one`;
      case 'order':
        return `${head}malloc handed out another free block of that size first`;
    }
  },
  fromFreeList: (type, previous) => `came from ${type}'s free list (not from malloc): ${previous}'s block`,
};

/** The block history of one address (trace/laneHistory.ts), opened from a lane label. */
const blockHistory = {
  title: (address: string) => `Block history of ${address}`,
  close: 'Close',
  /** The lane labels as one keyboard stop. */
  lanes: 'Addresses (lane labels)',
  lanesKeys: 'Press ↑ or ↓ to pick an address, Enter or Space to show its block history. Clicking a label does the same.',
  picked: (address: string, lifetimes: number) => `${address}, ${lifetimes} lifetime${lifetimes === 1 ? '' : 's'}`,
  summary: (occupants: number) => `${occupants} object${occupants === 1 ? '' : 's'} lived in this block, in order; between them, what the allocator did with it.`,
  size: (size: number, chunk: number) => (chunk > 0 ? `${size} B in a ${chunk} B chunk` : `${size} B`),
  span: (born: number, bornLine: number | null, died: number, diedLine: number | null) =>
    `${born < 0 ? 'existed before the run' : `created at ${where(bornLine, born)}`}; ${died < 0 ? 'alive at the end' : `destroyed at ${where(diedLine, died)}`}`,
  more: (objects: number) => `Show more (${objects} more object${objects === 1 ? '' : 's'})`,
  hidden: 'not drawn (a temporary: tick “all objects” to see it)',
  /** On an occupant whose block came off its type's free list (read from the run). */
  fromFreeList: (type: string) => `came from ${type}'s free list (not from malloc)`,
  event: (next: BlockNext) => {
    switch (next.kind) {
      case 'object':
        return next.freeList
          ? `stayed on ${next.freeList}'s free list and went to ${next.label} at ${where(next.line, next.step)}`
          : `went to ${next.label} at ${where(next.line, next.step)}`;
      case 'allocation':
        return `went to a non-object allocation of ${next.bytes} B at ${where(next.line, next.step)}`;
      case 'merged':
        return `merged into a free chunk of ${next.bytes > 0 ? `${next.bytes} B` : 'a larger size'} at ${where(next.line, next.step)}`;
      case 'free':
        return 'stayed free to the end';
      case 'kept':
        return next.freeList ? `stayed on ${next.freeList}'s own free list (CPython's, not malloc's)` : 'not given back to malloc by the end';
    }
  },
};

const narration: NarrationMessages = {
  where: (line, func, inClass) => `line ${line}${func ? (inClass ? ` in class ${func}` : ` in ${func}()`) : ''}`,
  created: (label, address, rc) => `${label} created at ${address}${rc === null ? '' : `, refcount ${refcount(rc)}`}`,
  reuses: (previous) => ` (the address ${previous} had)`,
  boundTo: (names) => `, bound to ${names}`,
  bound: (name, label, origin: ObjectOrigin) =>
    `${name} → ${label}${origin === 'immortal' ? ' (immortal)' : origin === 'preexisting' ? ' (existed before the run)' : ''}`,
  finalized: (labels) => `__del__ of ${labels} ran`,
  destroyed: (labels, address) =>
    address === null
      ? `${labels} destroyed, their blocks go back to the allocator`
      : `${labels} at ${address} destroyed, its block goes back to the allocator`,
  destroyedBlock: (label, address, text) => `${label} at ${address} destroyed; ${text}`,
  blockOf: (label, text) => `${label}: ${text}`,
  block,
  ended: (func, how: FrameEnd) =>
    how === 'yielded' ? `${func}() paused at yield` : how === 'raised' ? `${func}() was left by the exception` : `${func}() returned`,
  raised: 'an exception was raised',
  printed: (text) => `printed "${text}"`,
  temporaries: (created, destroyed) => {
    const what = (n: number) => `${n} temporar${n === 1 ? 'y' : 'ies'}`;
    if (!destroyed) return `${what(created)} created`;
    return created ? `${what(created)} created, ${destroyed} freed` : `${what(destroyed)} freed`;
  },
  nothing: 'no object created or destroyed',
  exit: (phase) =>
    phase === 'atexit'
      ? 'after the last line, Python exits: first the functions registered with atexit run'
      : "Python exits, freeing the program's module and what only its globals kept alive",
  list: (items, more) => {
    const all = more > 0 ? [...items, `${more} more`] : items;
    return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
  },
  sentence: (place, parts) => `${place}: ${parts.join('; ')}`,
};

export const en = {
  lang: 'en',
  app: {
    title: 'Refscope',
    program: 'Program',
    trace: 'Memory timeline',
    output: 'Output',
    language: 'Language',
  },
  /** The splitters between the panes on a wide screen (ui/Splitter). */
  panes: {
    output: 'Resize the output pane',
    editor: 'Resize the program pane',
    keysRows: 'drag, or ↑ ↓; double-click or Enter: the default size',
    keysColumns: 'drag, or ← →; double-click or Enter: the default size',
    outputValue: (percent: number) => `output ${percent}% of the window's height`,
    editorValue: (percent: number) => `program ${percent}% of the width`,
  },
  /** Tabs that show one panel at a time on a phone. */
  panels: {
    label: 'Panels',
    code: 'Code',
    timeline: 'Timeline',
    variables: 'Variables',
    objects: 'Objects',
    output: 'Output',
  },
  run: {
    run: '▶ Run',
    runTitle: (key: string) => `Run (${key}+Enter)`,
    stop: '■ Stop',
  },
  budget: {
    button: 'Limits',
    /** The button once limits differ from the defaults: "1,000 steps · 2 s". */
    custom: (maxSteps: number, maxSeconds: number) => `${steps(maxSteps)} · ${number.format(maxSeconds)} s`,
    title: (maxSteps: number, maxSeconds: number) => `Run limits: at most ${steps(maxSteps)} and ${number.format(maxSeconds)} seconds per run`,
    label: 'Run limits',
    steps: 'Steps',
    seconds: 'Seconds',
    stepsInvalid: (min: number, max: number) => `A whole number of steps from ${number.format(min)} to ${number.format(max)}.`,
    secondsInvalid: (min: number, max: number) => `Seconds from ${number.format(min)} to ${number.format(max)}.`,
    note: 'For the next run; Share and Embed links carry them.',
    reset: 'Defaults',
    close: 'Close',
    replayOther: (maxSteps: number) => `This run had a limit of ${steps(maxSteps)}: run again to replay the new limits.`,
    rerun: 'Run again',
  },
  status: {
    loading: 'Loading Python…',
    loadingQueued: 'Loading Python… the program runs when it is ready',
    ready: (python: string | null) => (python ? `Ready · Python ${python}` : 'Ready'),
    starting: 'Starting a fresh interpreter…',
    running: (n: number) => (n > 0 ? `Running… ${steps(n)}` : 'Running…'),
    completed: (n: number) => `Completed · ${steps(n)}`,
    stepLimit: (n: number) => `Step limit reached · ${steps(n)}`,
    timeLimit: (n: number) => `Time limit reached · ${steps(n)}`,
    stopped: (n: number) => `Stopped · ${steps(n)}`,
    error: 'Error',
  },
  notice: {
    brokenLink: 'The program in this link could not be read (the link may be cut short). Showing the default example instead.',
    dismiss: 'Dismiss',
  },
  error: {
    crash,
    format: (e: RunError) =>
      `${e.message ? `${e.type}: ${crashMessage(e, crash)}` : e.type}${e.line !== null ? ` (line ${e.line})` : ''}`,
    previousRun: 'Previous run (the program has changed since):',
    previousRunBytecode: 'Bytecode of the previous run: the program has changed since. Run it again to update.',
    notRun: 'The program did not run, so there is no timeline:',
    hints: {
      asyncio:
        'asyncio.run() and run_until_complete() wait for the browser, and a traced run cannot: Refscope runs the program from start to end in one go. Coroutines can still be made and watched, and stepped by hand with coro.send(None) as long as they wait for no timer or task of asyncio.',
    },
  },
  editor: {
    label: 'Python program',
    errorMarker: 'error on this line',
  },
  output: {
    label: 'Program output',
    empty: 'The program printed nothing.',
    linkHint: 'Click a line, or move to it with the arrow keys and press Enter, to go to the step that printed it.',
    truncated: (max: number) =>
      `Output truncated: a run keeps the first ${number.format(max)} characters of output; the rest was not recorded (the program kept running).`,
  },
  steps: {
    group: 'Step through the run',
    first: 'First step',
    firstTitle: 'First step (Home)',
    previous: 'Previous step',
    previousTitle: 'Previous step (←)',
    next: 'Next step',
    nextTitle: 'Next step (→)',
    last: 'Last step',
    lastTitle: 'Last step (End)',
    play: 'Play',
    pause: 'Pause',
    playTitle: 'Play / pause (Space)',
    speed: 'Speed',
    perSecond: (n: number) => `${n}/s`,
    slider: 'Step',
    sliderValue: (step: number, line: number | null) => (line === null ? `step ${step}` : `step ${step}, line ${line}`),
    position: 'step',
    jumpTo: 'Jump to',
    jumpLabel: 'Jump to step',
    go: 'Go',
    narration: 'What this step did to memory',
    previousEvent: 'Previous event',
    previousEventTitle: 'Previous step that created or destroyed an object (Shift+←)',
    nextEvent: 'Next event',
    nextEventTitle: 'Next step that created or destroyed an object (Shift+→)',
    playEventsTitle: 'Play / pause (Space): goes from event to event, skipping steps that create or destroy nothing',
    landing: (reason: 'reuse' | 'creation'): string =>
      reason === 'reuse' ? 'Jumped to the first reuse of an address.' : 'Jumped to the first object created.',
    stateAfter: (line: number | null): string =>
      line === null ? 'Variables and objects: the state after this step.' : `Variables and objects: the state after line ${line} ran.`,
  },
  narration,
  blockHistory,
  variables: {
    label: 'Variables at the cursor',
    title: 'Variables',
    noTrace: 'No trace yet.',
    globals: 'globals',
    module: 'module',
    noNames: 'no names bound',
    select: "Select this object's lifetime on the timeline",
    refcount: (rc: number | null) => `refcount ${refcount(rc)}`,
  },
  heap: {
    label: 'Heap at the cursor',
    title: 'Heap',
    views: 'Variables or heap',
    variablesView: 'Variables',
    heapView: 'Heap',
    noTrace: 'No trace yet.',
    noReferences: 'This trace records names only (it predates references): arrows between objects are not shown.',
    empty: 'Nothing in the heap at this step.',
    globals: 'globals',
    more: (n: number) => `Show ${n} more`,
    hidden: (n: number) => `${n} more object${n === 1 ? '' : 's'} not drawn`,
    select: 'Select this object (timeline lane and table row)',
    whyAlive: 'Why alive?',
    whyTitle: (label: string) => `Why ${label} is alive`,
    name: (name: string) => `name ${name}`,
    localName: (name: string, func: string) => `${name} in ${func}()`,
    refcountIs: (rc: string) => `refcount ${rc}`,
    immortal: 'immortal: CPython never counts its references',
    sum: (rc: number, parts: string[]) => `refcount ${rc} = ${parts.length ? parts.join(' + ') : 'nothing drawn'}`,
    getrefcount: '+1 held by the interpreter: the argument being passed to getrefcount',
    rest: (n: number) => `+${n} from CPython's caches or objects not shown`,
    restShort: (n: number) => `${n} not shown`,
    /** A tuple's preview. */
    tupleItems: (n: number) => `(${n} item${n === 1 ? '' : 's'})`,
    lagging: (n: number) => `${n} drawn references are not in this count yet (the count was sampled before them)`,
    nothing: 'Nothing the trace shows refers to it.',
    referrers: 'Referred to by:',
    freed: 'It is freed during the next line, when this ends:',
    causes: {
      del: 'the name is deleted (del)',
      rebind: 'the name is bound to another object',
      return: 'its frame returns',
      'holder-freed': 'its holder is freed',
      removed: 'the holder lets go of it',
    },
    close: 'Close',
    svg: 'SVG',
    svgTitle: 'Download the heap at this step as SVG (frames, objects, references and their labels)',
    png: 'PNG',
    pngTitle: 'Download the heap at this step as a PNG image (for slides and documents)',
  },
  refcount,
  refcountNote: (python: string, borrows: boolean) =>
    borrows
      ? `On CPython ${python}, sys.getrefcount(x) of a local reports 1 where older versions reported 2: locals are now passed as borrowed references.`
      : `On CPython ${python}, sys.getrefcount(x) counts its own argument (a local reports 2); from 3.14 on it reports 1.`,
  objects: {
    label: 'Objects',
    title: 'Objects',
    showAll: 'Show all objects (temporaries, pre-existing)',
    /** In place of a line number: the object was born or died as Python exited, after the last line. */
    atExit: 'exit',
    pending: 'Listing the objects…',
    columns: {
      address: 'Address',
      type: 'Type',
      size: 'Size / block',
      born: 'Born (line)',
      died: 'Died (line)',
      maxRefcount: 'Max refcount',
      reuses: 'Reuses',
      blockNext: 'Block went to',
    },
    caption: (shown: number, total: number, all: boolean, column: string, ascending: boolean) =>
      `${shown} of ${total} object lifetimes${all ? '' : ' (objects bound to a name)'}; sorted by ${column.toLowerCase()}, ${ascending ? 'ascending' : 'descending'}.`,
    beforeRun: 'before the run',
    alive: 'alive',
    id: (address: number) => `id() ${address}`,
    reuseTitle: 'Select the earlier lifetime at this address',
    /** The object's size and, when known, the malloc chunk it sits in (docs/allocator.md). */
    sizeCell: (size: number, block: number) => (block > 0 ? `${size} / ${block} B` : `${size} B`),
    showing: (shown: number, total: number) => `Showing ${shown} of ${total}.`,
    showMore: 'Show more',
    showEarlier: 'Show earlier',
    showingRange: (first: number, last: number, total: number) =>
      `Showing ${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${total.toLocaleString('en')}, around the cursor.`,
    outputPathTag: 'print',
    outputPathTitle:
      "Made by print itself, not by your program: print's own temporaries (the text, the bytes, the buffer's memoryview), the same as desktop CPython's print makes.",
  },
  timeline: {
    label: 'Timeline',
    zoom: 'Zoom',
    zoomIn: 'Zoom in',
    zoomInTitle: 'Zoom in (+)',
    zoomOut: 'Zoom out',
    zoomOutTitle: 'Zoom out (−)',
    fit: 'Fit',
    fitTitle: 'Fit the whole run (0)',
    lanesBy: 'Lanes by',
    sort: { reuse: 'most reused', 'first-use': 'first use', address: 'address' },
    allObjects: 'all objects',
    legend: 'Legend',
    moreTypes: (n: number) => `+${n} types`,
    marks: {
      created: 'created',
      destroyed: 'destroyed',
      finalized: '__del__',
      reused: 'address reused',
      refcount: 'refcount',
      preexisting: 'existed before · immortal',
    },
    explain: 'What the marks mean',
    why: {
      created: 'Created: CPython allocated the object during this step, at the address of its lane; id() is that address.',
      destroyed:
        "Destroyed: the object's refcount fell to 0 (or the cyclic garbage collector found it unreachable), so CPython deallocated it on the spot and its memory block went back to the allocator.",
      finalized: "__del__: the object's finalizer ran just before the object was destroyed.",
      reused:
        "Address reused: the freed block went back to the allocator's free list for its size (C malloc in this browser build, which has no pymalloc, or the type's own free list) and was handed out to the next object of that size, so the new object has the same address and the same id().",
      outputPath:
        "Made by print, not by your program: CPython's print turns the value into text, and sys.stdout (io.TextIOWrapper → BufferedWriter → FileIO) encodes it to bytes and hands the buffer on as a memoryview. Desktop CPython's print to a terminal makes the same temporaries; your program never sees them.",
      preexisting:
        'Existed before your program: the object was already there when your program started (a module such as sys, a constant); its refcount still goes up and down. Immortal: objects such as None, True and small ints, which CPython never frees and whose refcount never changes; they have a group of their own.',
      refcount:
        'Refcount: how many references point at the object, drawn as a step line inside its bar. When it reaches 0 the object is destroyed at once.',
    },
    groups: {
      run: 'created by your program',
      preexisting: 'existed before your program',
      immortal: 'immortal (refcount never changes)',
      output: 'output',
      exit: 'Python exits',
    },
    empty: 'Run a program to see its objects live and die.',
    corner: 'step',
    overview: 'overview',
    axis: 'Step axis: click to move the cursor',
    summary: (lifetimes: number, lanes: number, n: number, reuses: number) =>
      `${lifetimes} lifetimes in ${lanes} address lanes over ${n} steps; ${reuses} reuse an address. The objects table lists the same lifetimes.`,
    noTrace: 'No trace yet.',
    plot: (summary: string) => `Object timeline. ${summary} Use + and − to zoom, 0 to fit, drag or shift+wheel to pan.`,
    // Keyboard picking on the timeline and its text twin (accessibility).
    keys: 'Press ↑ or ↓ to pick a lifetime, ← or → for the lifetime before or after it at the same address, Enter to select it, Escape to let go.',
    active: (label: string, type: string, address: string, born: string | null, died: string | null, reuses: string | null, nth: number, count: number) =>
      `${label} (${type}) at ${address}, lifetime ${nth} of ${count} at this address; ${born === null ? 'born before the run' : `born at ${born}`}, ${died === null ? 'still alive at the end' : `died at ${died}`}${reuses ? `; reuses the address of ${reuses}` : ''}. Enter selects it.`,
    toTable: 'Objects table: this timeline as text',
  },
  tooltip: {
    streamAt: (stream: string, line: number | null, step: number) => `${stream} at ${where(line, step)}`,
    address: 'Address',
    size: 'Size',
    bytes: (n: number) => `${n} bytes`,
    bytesInBlock: (size: number, block: number) => `${size} B object in a ${block} B block`,
    born: 'Born',
    died: 'Died',
    finalized: '__del__',
    names: 'Names',
    refcount: 'Refcount',
    reuses: 'Reuses',
    reusesValue: (label: string) => `the address of ${label}`,
    blockNext: 'Block went to',
    blockFrom: 'Block came from',
    beforeRun: 'before the run',
    stillAlive: 'still alive at the end',
    notAlive: 'not alive',
    atStep: (step: number) => `after step ${step}`,
    where,
    why: 'Why',
  },
  examples: {
    menu: 'Examples',
    menuTitle: 'Load an example program with its recorded run (press Run to run it live)',
    seedGroup: 'From the blog post',
    moreGroup: 'More to explore',
    about: 'About this example',
    hide: 'Hide',
    edited: 'edited since it was loaded',
    ends: { completed: 'runs to the end', 'step-limit': 'endless: stops at the step limit', error: 'ends with an error' },
    // The first view: the question in one line, and the recorded run shown before Python loads.
    puzzle: 'The puzzle, from a blog post: why does id() of a fresh object() print the same number on every call? Each bar below is an object, each lane a memory address.',
    puzzleLabel: 'The question',
    recorded: (n: number) => `Recorded run · ${steps(n)}`,
    recordedTitle: (python: string) =>
      `Recorded with Refscope's own engine (Python ${python}) when this app was built, and shown before Python has loaded. Press Run to run the program live; editing it clears the recording.`,
  },
  bytecode: {
    title: 'Bytecode',
    label: 'Bytecode of the current step',
    code: (name: string, line: number) => `dis of ${name} (from line ${line})`,
    none: 'Run the program to see its bytecode.',
    pending: 'Reading the bytecode…',
    unavailable: 'This run has no bytecode.',
    noSteps: 'No line of the program ran, so there is no step to disassemble.',
    offset: 'Offset',
    line: 'Line',
    instruction: 'Instruction',
    argument: 'Argument',
    creates: 'can create',
    releases: 'can release',
    note: 'Marks are by instruction kind: when objects were created or destroyed at this step, the instructions of this line that can create (+) or release (−) an object are marked.',
    currentLine: 'current line.',
  },
  present: {
    toggle: 'Present',
    exit: 'Exit presentation',
    title: 'Presentation mode: large type, high contrast, keyboard only (P toggles, Esc leaves)',
    keys: '? all keys · ← → step · Space play · Home/End · P presentation · Esc leave',
  },
  /** The list of keyboard shortcuts (ui/KeysHelp): each row is the keys, then what they do. */
  keys: {
    button: '?',
    buttonTitle: 'Keyboard shortcuts (?)',
    title: 'Keyboard shortcuts',
    close: 'Close',
    groups: (mod: string): KeyGroup[] => [
      {
        title: 'Stepping (anywhere but the editor and text fields)',
        rows: [
          [['←', '→'], 'previous / next step'],
          [['Shift+←', 'Shift+→'], 'previous / next step that creates or destroys an object'],
          [['Home', 'End'], 'first / last step'],
          [['Space'], 'play / pause'],
        ],
      },
      {
        title: 'Program',
        rows: [
          [[`${mod}+Enter`], 'run (in the editor)'],
          [['Esc', 'Tab'], 'leave the editor (Esc, then Tab)'],
        ],
      },
      {
        title: 'Timeline (when it has focus)',
        rows: [
          [['↑', '↓'], 'pick a lifetime'],
          [['←', '→', 'Home', 'End'], 'the lifetime before / after it at the same address, the first / last'],
          [['Enter'], 'select it and go to its birth'],
          [['Esc'], 'let go'],
          [['+', '−', '0'], 'zoom in / out / fit'],
        ],
      },
      {
        title: 'Lane addresses and the objects table (when they have focus)',
        rows: [
          [['↑', '↓'], 'previous / next address or row'],
          [['Enter', 'Space'], "an address's block history; a row's lifetime, at its birth"],
        ],
      },
      {
        title: 'Page',
        rows: [
          [['P'], 'presentation mode on / off'],
          [['Esc'], 'leave presentation mode'],
          [['↑', '↓', '←', '→'], 'on a gap between panes (Tab to it): resize the pane; Enter: the default size'],
          [['?'], 'this list'],
        ],
      },
    ],
  },
  share: {
    share: 'Share',
    shareTitle: 'Copy a link that opens this program and this view (step included)',
    linkLabel: 'Link to this view',
    copied: 'Copied',
    copyFailed: 'Select the text and copy it',
    copy: 'Copy',
    embed: 'Embed',
    embedTitle: 'HTML that puts this program in a web page',
    embedLabel: 'Embed code',
    copyEmbed: 'Copy embed code',
    embedLive: 'Live: runs Python in the reader’s browser',
    embedReplay: 'Static replay of this run: no Python download',
    embedReplayNeedsRun: 'Run the program first to embed a replay of it.',
    embedReplayTooBig: (kb: number) =>
      `This run is too long to put in a link (${kb} KB). Save the trace, put the file next to Refscope and use #trace=URL (see the README).`,
    embedTrim: 'Trim to steps',
    embedTrimFrom: 'First step',
    embedTrimTo: 'Last step',
    embedReplayFile: (kb: number) =>
      `This recording (${kb} KB) is too long for a link. Download it, put it on the site that serves Refscope (the embed reads files from its own site), and the snippet below points at it; or trim the run.`,
    embedDownload: (name: string) => `Download ${name}`,
    embedFileURL: 'Address of the file (relative to the embed page, or a full URL)',
    embedHint: 'The script sets the frame’s height to its content; leave it out for a fixed height.',
    embedTheme: 'Colours',
    embedThemes: { system: 'as the reader’s system', light: 'light', dark: 'dark' },
    close: 'Close',
    saveTrace: 'Save trace',
    saveTraceTitle: 'Download this run’s recording in the compact format (.refscope, docs/trace-format.md)',
    saveTraceJson: 'JSON',
    saveTraceJsonTitle: 'Download this run’s trace as readable JSON (docs/trace-format.md)',
    openTrace: 'Open…',
    openTraceTitle: 'Open a recording saved from Refscope, compact or JSON (or drop one on the page)',
    drop: 'Drop a Refscope recording (.refscope or JSON) to open it',
    replayProgress: (percent: number) => `Loading the recorded run… ${percent}%`,
    download: 'Download',
    svg: 'SVG',
    png: 'PNG',
    svgTitle: 'Download the timeline as on screen (axis and legend included), as SVG',
    pngTitle: 'Download the timeline as on screen (axis and legend included), as PNG',
    exportCaption: (step: number, steps: number) => `step ${step} of ${steps}`,
    replayLoading: 'Loading the recorded run…',
    replay: 'Recorded run',
    replayTitle: (python: string) => `A saved trace of Python ${python}, replayed without Python. Run runs the program live.`,
    openIn: 'Open in Refscope',
    openInTitle: 'Open this program and view in Refscope (new tab)',
    codeTooLong: (max: number) =>
      `The program in this link is longer than ${number.format(max)} characters and was not loaded. Showing the default example instead.`,
    badValue: (key: string, value: string) => `Ignored in this link: ${key}=${value || '(empty)'}`,
    traceFetch: (detail: string) => `The trace in this link could not be downloaded (${detail}).`,
    traceUnreadable: 'The trace in this link could not be read (the link may be cut short).',
    traceFormat: (detail: string) => `The trace in this link could not be read: ${detail}`,
    badFile: (name: string, detail: string) => `${name} could not be opened. ${detail}`,
    downloadFailed: (name: string, detail: string) => `${name} could not be made. ${detail}`,
  },
};

export type Messages = typeof en;
/** A group of keyboard shortcuts: its title and its rows of [the keys, what they do]. */
export interface KeyGroup {
  title: string;
  rows: [string[], string][];
}
