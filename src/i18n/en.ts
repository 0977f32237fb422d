/**
 * English: the reference catalog. Its shape is the `Messages` type every other language
 * must satisfy, so a key missing from a translation fails the typecheck.
 */
import type { RunError } from '../trace/types';
import type { FrameEnd, NarrationMessages, ObjectOrigin } from '../trace/narrate';
import { IMMORTAL_REFCOUNT } from '../trace/query';

const number = new Intl.NumberFormat('en');
const steps = (n: number): string => `${number.format(n)} step${n === 1 ? '' : 's'}`;
/** A refcount as people should read it: immortal objects carry a huge constant, not a count. */
const refcount = (value: number | null): string => (value === null ? '—' : value >= IMMORTAL_REFCOUNT ? 'immortal' : String(value));
const where = (line: number | null, step: number): string => (line === null ? `step ${step}` : `line ${line}, step ${step}`);

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
  ended: (func, how: FrameEnd) =>
    how === 'yielded' ? `${func}() paused at yield` : how === 'raised' ? `${func}() was left by the exception` : `${func}() returned`,
  raised: 'an exception was raised',
  printed: (text) => `printed ${text}`,
  temporaries: (created, destroyed) => {
    const what = (n: number) => `${n} temporar${n === 1 ? 'y' : 'ies'}`;
    if (!destroyed) return `${what(created)} created`;
    return created ? `${what(created)} created, ${destroyed} freed` : `${what(destroyed)} freed`;
  },
  nothing: 'no object created or destroyed',
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
  run: {
    run: '▶ Run',
    runTitle: (key: string) => `Run (${key}+Enter)`,
    stop: '■ Stop',
  },
  status: {
    loading: 'Loading Python…',
    loadingQueued: 'Loading Python… the program runs when it is ready',
    ready: (python: string | null) => (python ? `Ready · Python ${python}` : 'Ready'),
    starting: 'Starting a fresh interpreter…',
    running: (n: number) => (n > 0 ? `Running… ${steps(n)}` : 'Running…'),
    completed: (n: number) => `Completed · ${steps(n)}`,
    stepLimit: (n: number) => `Ended at the step limit · ${steps(n)}`,
    timeLimit: (n: number) => `Ended at the time limit · ${steps(n)}`,
    stopped: (n: number) => `Stopped · ${steps(n)}`,
    error: 'Error',
  },
  notice: {
    brokenLink: 'The program in this link could not be read (the link may be cut short). Showing the default example instead.',
    dismiss: 'Dismiss',
  },
  error: {
    format: (e: RunError) => `${e.message ? `${e.type}: ${e.message}` : e.type}${e.line !== null ? ` (line ${e.line})` : ''}`,
  },
  editor: {
    label: 'Python program',
    errorMarker: 'error on this line',
  },
  output: {
    label: 'Program output',
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
  },
  narration,
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
  refcount,
  refcountNote: (python: string, borrows: boolean) =>
    borrows
      ? `On CPython ${python}, sys.getrefcount(x) of a local reports 1 where older versions reported 2: locals are now passed as borrowed references.`
      : `On CPython ${python}, sys.getrefcount(x) counts its own argument (a local reports 2); from 3.14 on it reports 1.`,
  objects: {
    label: 'Objects',
    title: 'Objects',
    showAll: 'Show all objects (temporaries, pre-existing)',
    columns: {
      address: 'Address',
      type: 'Type',
      born: 'Born (line)',
      died: 'Died (line)',
      maxRefcount: 'Max refcount',
      reuses: 'Reuses',
    },
    caption: (shown: number, total: number, all: boolean, column: string, ascending: boolean) =>
      `${shown} of ${total} object lifetimes${all ? '' : ' (objects bound to a name)'}; sorted by ${column.toLowerCase()}, ${ascending ? 'ascending' : 'descending'}.`,
    beforeRun: 'before the run',
    alive: 'alive',
    id: (address: number) => `id() ${address}`,
    reuseTitle: 'Select the earlier lifetime at this address',
    showing: (shown: number, total: number) => `Showing ${shown} of ${total}.`,
    showMore: 'Show more',
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
      preexisting: 'pre-existing · immortal',
    },
    explain: 'What the marks mean',
    why: {
      created: 'Created: CPython allocated the object during this step, at the address of its lane; id() is that address.',
      destroyed:
        "Destroyed: the object's refcount fell to 0 (or the cyclic garbage collector found it unreachable), so CPython deallocated it on the spot and its memory block went back to the allocator.",
      finalized: "__del__: the object's finalizer ran just before the object was destroyed.",
      reused:
        "Address reused: the freed block went back to the allocator's free list for its size (C malloc in this browser build, which has no pymalloc, or the type's own free list) and was handed out to the next object of that size, so the new object has the same address and the same id().",
      preexisting:
        'Pre-existing or immortal: the object existed before your program ran (a constant, a module, a small int…). Immortal objects such as None, True and small ints are never freed, and their refcount never changes.',
      refcount:
        'Refcount: how many references point at the object, drawn as a step line inside its bar. When it reaches 0 the object is destroyed at once.',
    },
    groups: { run: 'created by the run', preexisting: 'pre-existing · immortal', output: 'output' },
    empty: 'Run a program to see its objects live and die.',
    corner: 'step',
    overview: 'overview',
    axis: 'Step axis: click to move the cursor',
    summary: (lifetimes: number, lanes: number, n: number, reuses: number) =>
      `${lifetimes} lifetimes in ${lanes} address lanes over ${n} steps; ${reuses} reuse an address. The objects table lists the same lifetimes.`,
    noTrace: 'No trace yet.',
    plot: (summary: string) => `Object timeline. ${summary} Use + and − to zoom, 0 to fit, drag or shift+wheel to pan.`,
  },
  tooltip: {
    streamAt: (stream: string, line: number | null, step: number) => `${stream} at ${where(line, step)}`,
    address: 'Address',
    size: 'Size',
    bytes: (n: number) => `${n} bytes`,
    born: 'Born',
    died: 'Died',
    finalized: '__del__',
    names: 'Names',
    refcount: 'Refcount',
    reuses: 'Reuses',
    reusesValue: (label: string) => `the address of ${label}`,
    beforeRun: 'before the run',
    stillAlive: 'still alive at the end',
    notAlive: 'not alive',
    atStep: (step: number) => `at step ${step}`,
    where,
    why: 'Why',
  },
  examples: {
    menu: 'Examples',
    menuTitle: 'Load an example program (it does not run until you press Run)',
    seedGroup: 'From the blog post',
    moreGroup: 'More to explore',
    about: 'About this example',
    hide: 'Hide',
    edited: 'edited since it was loaded',
    ends: { completed: 'runs to the end', 'step-limit': 'endless: stops at the step limit', error: 'ends with an error' },
  },
  bytecode: {
    title: 'Bytecode',
    label: 'Bytecode of the current step',
    code: (name: string, line: number) => `dis of ${name} (from line ${line})`,
    none: 'Run the program to see its bytecode.',
    unavailable: 'This run has no bytecode.',
    noSteps: 'No line of the program ran, so there is no step to disassemble.',
    offset: 'Offset',
    line: 'Line',
    instruction: 'Instruction',
    argument: 'Argument',
    creates: 'can create',
    releases: 'can release',
    note: 'Marks are by instruction kind: when objects were created or destroyed at this step, the instructions of this line that can create (+) or release (−) an object are marked.',
    currentLine: 'current line',
  },
  present: {
    toggle: 'Present',
    exit: 'Exit presentation',
    title: 'Presentation mode: large type, high contrast, keyboard only (P toggles, Esc leaves)',
    keys: '← → step · Space play · Home/End · P presentation · Esc leave',
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
    embedHint: 'The script sets the frame’s height to its content; leave it out for a fixed height.',
    close: 'Close',
    saveTrace: 'Save trace',
    saveTraceTitle: 'Download this run’s trace as JSON (docs/trace-format.md)',
    openTrace: 'Open trace…',
    openTraceTitle: 'Open a trace JSON saved from Refscope (or drop one on the page)',
    drop: 'Drop a Refscope trace (JSON) to open it',
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
  },
};

export type Messages = typeof en;
