// @vitest-environment jsdom
import '../../tests/unit/jsdomLayout';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { SEED_SOURCE, useStore } from '../store';
import { freshStore } from '../../tests/unit/store';
import { buildLink, parseLink } from '../share/link';
import { readTraceFile } from '../trace/file';
import { traceFromJSON, traceToJSON } from '../trace/json';
import { trimTrace } from '../trace/trim';
import { tracezBytes } from '../share/tracez';
import { Notice } from './Notice';
import { ShareMenu } from './ShareMenu';
import { TimelinePanel } from './TimelinePanel';
import { TraceFileMenu } from './TraceFile';

const PROGRAM = 'a = object()\nprint(id(a))\n';
let writeText: ReturnType<typeof vi.fn>;
let saved: Array<{ name: string; blob: Blob }>;

beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

beforeEach(() => {
  freshStore();
  useStore.setState({
    source: PROGRAM,
    trace: fakeTrace({ lines: [1, 2, 2], source: PROGRAM }),
    cursor: 1,
    lang: 'en',
    exampleId: null,
  });
  writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  // Downloads: catch what the <a download> would save.
  saved = [];
  let last: Blob | null = null;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    last = blob;
    return 'blob:test';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (last) saved.push({ name: this.download, blob: last });
  });
});
afterEach(() => vi.restoreAllMocks());

const hashOf = (url: string) => url.slice(url.indexOf('#'));

/** jsdom's Blob has no arrayBuffer(). */
function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.readAsArrayBuffer(blob);
  });
}

/** The link inside the embed snippet, once the replay is encoded (asynchronously). */
async function embeddedView(): Promise<ReturnType<typeof parseLink>['view']> {
  let src = '';
  await waitFor(() => {
    const code = (screen.getByTestId('embed-code') as HTMLTextAreaElement).value;
    src = /<iframe src="([^"]+)"/.exec(code)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(src).not.toBe('');
  });
  return parseLink(hashOf(src)).view;
}

/** jsdom's Blob has no text(). */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

describe('Share', () => {
  it('copies a link to the program and the view, step included', async () => {
    useStore.setState({ showAllObjects: true, lang: 'zh-CN' });
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('share-button'));
    const link = (screen.getByTestId('share-link') as HTMLInputElement).value;
    expect(link.startsWith(location.origin)).toBe(true);
    expect(parseLink(hashOf(link))).toMatchObject({ view: { source: PROGRAM, run: true, step: 1, all: true, lang: 'zh-CN' }, problems: [] });
    expect(writeText).toHaveBeenCalledWith(link);
    expect(screen.getByTestId('share-copied')).toHaveTextContent('已复制');
  });

  it('without a run, the link does not run; budgets and seed are carried when not the defaults', async () => {
    useStore.setState({ trace: null, seed: 42, limits: { maxSteps: 500, maxSeconds: 10, maxOutputBytes: 1_000_000 } });
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('share-button'));
    const { view } = parseLink(hashOf((screen.getByTestId('share-link') as HTMLInputElement).value));
    expect(view).toMatchObject({ source: PROGRAM, run: false, step: null, seed: 42, maxSteps: 500, maxSeconds: null });
  });

  it('shows the link to copy by hand when the clipboard is refused', async () => {
    writeText.mockImplementation(() => Promise.reject(new Error('denied')));
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('share-button'));
    await waitFor(() => expect(screen.getByTestId('share-copied')).toHaveTextContent('Select the text and copy it'));
    expect((screen.getByTestId('share-link') as HTMLInputElement).value).toContain('#check=');
  });

  it('a replayed trace is shared as the trace, not as a live run', async () => {
    const trace = fakeTrace({ lines: [1, 2], source: PROGRAM });
    useStore.setState({ trace, replay: { from: 'url', url: 'traces/a.json', state: 'ready' } });
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('share-button'));
    const { view } = parseLink(hashOf((screen.getByTestId('share-link') as HTMLInputElement).value));
    expect(view).toMatchObject({ source: null, run: false, trace: 'traces/a.json', step: 1 });
  });
});

describe('Embed code', () => {
  it('gives the live iframe snippet with the auto-height script, and copies it', async () => {
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('embed-button'));
    const code = (screen.getByTestId('embed-code') as HTMLTextAreaElement).value;
    const src = /<iframe src="([^"]+)"/.exec(code)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(new URL(src).pathname).toBe('/embed.html');
    expect(parseLink(hashOf(src)).view).toMatchObject({ source: PROGRAM, run: true, step: 1 });
    expect(code).toContain(`e.origin !== "${location.origin}"`);
    expect(code).toContain("e.data.type !== 'refscope:height'");
    await userEvent.click(screen.getByTestId('copy-embed'));
    expect(writeText).toHaveBeenCalledWith(code);
  });

  it("leaves the embed's colours to the reader's system, or fixes them light or dark, live and replayed", async () => {
    const trace = recordedSeedLoop();
    useStore.setState({ trace, source: trace.meta.source, cursor: 3 });
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('embed-button'));
    expect((await embeddedView()).theme).toBeNull();
    await userEvent.selectOptions(screen.getByTestId('embed-theme'), 'dark');
    expect(await embeddedView()).toMatchObject({ theme: 'dark', run: true });
    expect((screen.getByTestId('embed-code') as HTMLTextAreaElement).value).toContain('border:1px solid #3a3b40');
    await userEvent.click(screen.getByTestId('embed-replay'));
    await waitFor(async () => expect((await embeddedView()).tracez).not.toBeNull());
    expect((await embeddedView()).theme).toBe('dark');
    await userEvent.selectOptions(screen.getByTestId('embed-theme'), 'light');
    expect((await embeddedView()).theme).toBe('light');
    await userEvent.selectOptions(screen.getByTestId('embed-theme'), 'system');
    expect((await embeddedView()).theme).toBeNull();
  });

  it('gives a static replay snippet with the trace inline', async () => {
    const trace = recordedSeedLoop();
    useStore.setState({ trace, source: trace.meta.source, cursor: 3, inspectView: 'heap' });
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('embed-button'));
    await userEvent.click(screen.getByTestId('embed-replay'));
    const view = await embeddedView();
    expect(view).toMatchObject({ source: null, run: false, step: 3, view: 'heap' });
    expect(view.tracez?.startsWith('UlNDV')).toBe(true);
    expect(traceToJSON(await readTraceFile(tracezBytes(view.tracez ?? '')!))).toEqual(traceToJSON(trace));
  });

  it('trims a static replay to steps A–B: that window only, the cursor moved with it', async () => {
    const trace = recordedSeedLoop();
    useStore.setState({ trace, source: trace.meta.source, cursor: 12 });
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('embed-button'));
    await userEvent.click(screen.getByTestId('embed-replay'));
    await userEvent.click(screen.getByTestId('embed-trim-on'));
    fireEvent.change(screen.getByTestId('embed-trim-from'), { target: { value: '8' } });
    fireEvent.change(screen.getByTestId('embed-trim-to'), { target: { value: '15' } });
    await waitFor(async () => expect((await readTraceFile(tracezBytes((await embeddedView()).tracez ?? '')!)).steps.line.length).toBe(8));
    const view = await embeddedView();
    expect(view.step).toBe(4);
    expect(traceToJSON(await readTraceFile(tracezBytes(view.tracez ?? '')!))).toEqual(traceToJSON(trimTrace(trace, 8, 15)));
  });

  it('offers a run too long for a link as a file, with the snippet that points at it', async () => {
    // 100,000 objects at random addresses: incompressible, far over the link limit.
    const small = recordedSeedLoop();
    const m = 100_000;
    const random = (max: number) => Int32Array.from({ length: m }, () => Math.floor(Math.random() * max));
    const trace = {
      ...small,
      objects: {
        address: Uint32Array.from(random(2 ** 31)),
        type: new Int32Array(m),
        size: random(1000),
        born: new Int32Array(m).fill(-1),
        died: new Int32Array(m).fill(-1),
        finalized: new Int32Array(m).fill(-1),
        flags: new Uint8Array(m),
      },
      refcounts: { start: new Int32Array(m + 1), step: new Int32Array(0), value: new Int32Array(0) },
      bindings: { obj: new Int32Array(0), name: new Int32Array(0), frame: new Int32Array(0), from: new Int32Array(0), to: new Int32Array(0) },
    };
    useStore.setState({ trace, source: trace.meta.source, cursor: 2, exampleId: 'seed-loop' });
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('embed-button'));
    await userEvent.click(screen.getByTestId('embed-replay'));
    await screen.findByTestId('embed-file', {}, { timeout: 10_000 });
    let view = await embeddedView();
    expect(view.tracez).toBeNull();
    expect(view.trace).toBe('http://localhost:3000/refscope-seed-loop.refscope');
    expect(view.step).toBe(2);
    fireEvent.change(screen.getByTestId('embed-file-url'), { target: { value: 'recordings/run.refscope' } });
    view = await embeddedView();
    expect(view.trace).toBe('http://localhost:3000/recordings/run.refscope');
    await userEvent.click(screen.getByTestId('embed-download'));
    expect(saved[0]?.name).toBe('refscope-seed-loop.refscope');
    const back = await readTraceFile(await blobBytes(saved[0]!.blob));
    expect(Array.from(back.objects.address.subarray(0, 100))).toEqual(Array.from(trace.objects.address.subarray(0, 100)));
    expect(back.objects.address.length).toBe(m);
  });

  it('asks for a run before a replay can be embedded', async () => {
    useStore.setState({ trace: null });
    render(<ShareMenu />);
    await userEvent.click(screen.getByTestId('embed-button'));
    await userEvent.click(screen.getByTestId('embed-replay'));
    expect(screen.getByText('Run the program first to embed a replay of it.')).toBeInTheDocument();
    expect(screen.getByTestId('copy-embed')).toBeDisabled();
  });
});

describe('Trace files', () => {
  it('saves the trace compact by default, and as JSON in the documented format on request', async () => {
    const trace = recordedSeedLoop();
    useStore.setState({ trace, exampleId: 'seed-loop' });
    render(<TraceFileMenu />);
    await userEvent.click(screen.getByTestId('save-trace'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.name).toBe('refscope-seed-loop.refscope');
    const compact = await blobBytes(saved[0]!.blob);
    expect(traceToJSON(await readTraceFile(compact))).toEqual(traceToJSON(trace));
    saved.length = 0;
    await userEvent.click(screen.getByTestId('save-trace-json'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.name).toBe('refscope-seed-loop.json');
    expect(saved[0]?.blob.type).toBe('application/json');
    expect(traceToJSON(traceFromJSON(await blobText(saved[0]!.blob)))).toEqual(traceToJSON(trace));
  });

  it('Save is off without a trace', () => {
    useStore.setState({ trace: null });
    render(<TraceFileMenu />);
    expect(screen.getByTestId('save-trace')).toBeDisabled();
  });

  it('opens a trace file: its program, output and steps, cursor on its story (the first reuse), marked as a recording', async () => {
    useStore.setState({ trace: null, source: SEED_SOURCE });
    const json = JSON.stringify(traceToJSON(recordedSeedLoop()));
    render(<TraceFileMenu />);
    const input = screen.getByTestId('trace-file-input');
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([json], 'loop.json', { type: 'application/json' })] } });
    });
    await waitFor(() => expect(useStore.getState().replay).toMatchObject({ from: 'file', name: 'loop.json', state: 'ready' }));
    const s = useStore.getState();
    expect(s.trace?.steps.line.length).toBe(24);
    expect(s.cursor).toBe(8);
    expect(s.landing).toEqual({ step: 8, reason: 'reuse' });
    expect(s.status).toBe(s.trace?.meta.status);
    expect(s.output.length).toBeGreaterThan(0);
  });

  it('says why a file cannot be opened', async () => {
    render(
      <>
        <Notice />
        <TraceFileMenu />
      </>,
    );
    await act(async () => {
      fireEvent.change(screen.getByTestId('trace-file-input'), { target: { files: [new File(['not json'], 'x.json')] } });
    });
    await waitFor(() => expect(screen.getByTestId('notice')).toHaveTextContent('x.json could not be opened. Not a valid Refscope trace: the file is not JSON'));
    expect(useStore.getState().trace).not.toBeNull(); // what was on screen stays
  });
});

describe('Notice for links', () => {
  it('lists every problem, in the reader’s language', () => {
    useStore.setState({
      lang: 'zh-CN',
      problems: [
        { kind: 'broken-code' },
        { kind: 'bad-value', key: 'step', value: 'abc' },
        { kind: 'trace-failed', reason: 'fetch', detail: 'HTTP 404' },
      ],
    });
    render(<Notice />);
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['无法读取此链接中的程序（链接可能被截断了），改为显示默认示例。', '已忽略此链接中的 step=abc', '无法下载此链接中的轨迹（HTTP 404）。']);
    fireEvent.click(screen.getByRole('button'));
    expect(useStore.getState().problems).toEqual([]);
  });
});

describe('Timeline download', () => {
  it('downloads the timeline as on screen as SVG, with axis and legend', async () => {
    const trace = recordedSeedLoop();
    useStore.setState({ trace, cursor: 5 });
    render(<TimelinePanel />);
    await userEvent.click(screen.getByTestId('export-svg'));
    expect(saved[0]?.name).toBe('refscope-timeline-step5.svg');
    const svg = await blobText(saved[0]!.blob);
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['object', 'address reused', 'Refscope · step 5 of 24']));
    expect(texts.some((t) => /^0x/.test(t ?? ''))).toBe(true);
  });

  it('says in the notice when a picture cannot be made, and the button works again', async () => {
    // This test file's canvases have no 2D context (a locked-down browser).
    useStore.setState({ trace: recordedSeedLoop(), cursor: 5 });
    render(
      <>
        <Notice />
        <TimelinePanel />
      </>,
    );
    await userEvent.click(screen.getByTestId('export-png'));
    expect(await screen.findByTestId('notice')).toHaveTextContent('refscope-timeline-step5.png could not be made. This browser cannot draw on a canvas.');
    expect(saved).toEqual([]);
    expect(screen.getByTestId('export-png')).toBeEnabled();
    // In Chinese too; the SVG still downloads.
    act(() => useStore.setState({ lang: 'zh-CN' }));
    expect(screen.getByTestId('notice')).toHaveTextContent('无法生成 refscope-timeline-step5.png。');
    await userEvent.click(screen.getByTestId('export-svg'));
    expect(saved.map((f) => f.name)).toEqual(['refscope-timeline-step5.svg']);
  });

  it('is off without a trace', () => {
    useStore.setState({ trace: null });
    render(<TimelinePanel />);
    expect(screen.getByTestId('export-svg')).toBeDisabled();
    expect(screen.getByTestId('export-png')).toBeDisabled();
  });
});

it('buildLink is what Share writes', () => {
  expect(buildLink({ source: PROGRAM }).startsWith('#check=')).toBe(true);
});
