/**
 * `npm run bench [-- --quick]`: measures Refscope against its budgets and prints one JSON
 * object per line ({"metric", "value", "unit", "budget"}), then a readable table.
 * Figures only, never assertions: the machines are shared and noisy.
 *
 * Node: trace overhead on three workloads, capacity at ~1,000,000 events, transfer of a
 * 1,000,000-event trace. Chromium (Debian's /usr/bin/chromium): startup against a bare
 * Pyodide page, and timeline drawing; skipped with a note when Chromium is missing.
 */
import { existsSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { createEngine } from '../src/runtime/engine';
import { pyodideIndexURL } from '../src/cli/pyodidePath';
import { DEFAULT_LIMITS } from '../src/protocol/messages';
import { traceBuffers } from '../src/runtime/transfer';
import { floorRunMs } from './bench-floor';
import type { TraceData } from '../src/trace/types';

const quick = process.argv.includes('--quick');
/** `--only overhead|capacity|chromium`: one section. */
const only = process.argv[process.argv.indexOf('--only') + 1] ?? '';
const wanted = (section: string) => !process.argv.includes('--only') || only === section;

interface Figure {
  metric: string;
  value: number;
  unit: string;
  budget: number | null;
  note?: string;
}
const figures: Figure[] = [];
function report(metric: string, value: number, unit: string, budget: number | null, note?: string): void {
  const f: Figure = { metric, value: Math.round(value * 1000) / 1000, unit, budget };
  if (note) f.note = note;
  figures.push(f);
  console.log(JSON.stringify(f));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const indexURL = pyodideIndexURL();
const LIMITS = { ...DEFAULT_LIMITS, maxSteps: 50_000_000, maxSeconds: 600 };

async function traced(source: string) {
  const engine = await createEngine({ indexURL, seed: 0 });
  const trace = engine.run(source, LIMITS);
  return { trace, stats: engine.stats! };
}

const n = (full: number, q: number) => (quick ? q : full);
const WORKLOADS: Record<string, string> = {
  seed: `
def test():
    ins = object()
    x = id(ins)

for _ in range(${n(200_000, 50_000)}):
    test()
`,
  containers: `
def work(i):
    items = [i, i + 1, str(i)]
    table = {'items': items, 'n': len(items)}
    pair = (items, table)
    return pair

for i in range(${n(60_000, 15_000)}):
    work(i)
`,
  recursion: `
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

fib(${n(22, 19)})
`,
};

async function overhead(): Promise<void> {
  const runs = quick ? 1 : 3;
  for (const [name, source] of Object.entries(WORKLOADS)) {
    const plain: number[] = [];
    const ratios: number[] = [];
    const line: number[] = [];
    const hooks: number[] = [];
    for (let r = 0; r < runs; r++) {
      // Interleaved so that machine noise hits every variant alike.
      const p = await floorRunMs(indexURL, source, 'plain');
      const { stats } = await traced(source);
      plain.push(p);
      ratios.push(stats.execMs / p);
      line.push((await floorRunMs(indexURL, source, 'line')) / p);
      hooks.push((await floorRunMs(indexURL, source, 'hooks')) / p);
    }
    report(`plain_ms_${name}`, median(plain), 'ms', null);
    report(`trace_overhead_ratio_${name}`, median(ratios), 'x', 1.5);
    report(`floor_line_ratio_${name}`, median(line), 'x', null, 'LINE events only, callback a WebAssembly no-op');
    report(`floor_hooks_ratio_${name}`, median(hooks), 'x', null, "Refscope's hooks, every callback a WebAssembly no-op");
  }
}

async function capacity(): Promise<TraceData> {
  // Each iteration creates and frees a list and an int: ~4 tracer events plus a step.
  const source = `
for i in range(${n(200_000, 50_000)}):
    x = [i]
`;
  global.gc?.();
  const before = process.memoryUsage();
  const { trace, stats } = await traced(source);
  const after = process.memoryUsage();
  report('recorded_events', stats.events, 'events', quick ? null : 1_000_000);
  report('bytes_per_event', stats.recordedBytes / stats.events, 'B', 32, 'typed-array capacity held while recording');
  const modelBytes = traceBuffers(trace).reduce((s, b) => s + b.byteLength, 0);
  report('model_bytes_per_event', modelBytes / stats.events, 'B', 32, 'the finished trace model');
  report('capacity_exec_ms', stats.execMs, 'ms', null);
  report('build_trace_ms', stats.buildMs, 'ms', null);
  report('peak_rss_mb', Math.max(before.rss, after.rss) / 2 ** 20, 'MB', null);
  report('array_buffers_mb', after.arrayBuffers / 2 ** 20, 'MB', null);
  return trace;
}

async function transfer(trace: TraceData): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  const received = () => new Promise<void>((resolve) => port2.once('message', () => resolve()));
  let t = performance.now();
  let got = received();
  port1.postMessage(trace);
  await got;
  report('copy_ms_1m', performance.now() - t, 'ms', null, 'structured clone without transfer');
  t = performance.now();
  got = received();
  port1.postMessage(trace, traceBuffers(trace));
  await got;
  report('transfer_ms_1m', performance.now() - t, 'ms', null, 'typed arrays transferred, not copied');
  port1.close();
  port2.close();
}

async function chromium(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    console.error('bench: /usr/bin/chromium not found; skipping browser figures (apt-get install chromium)');
    return;
  }
  const timeline = (await import('./bench-timeline.mjs')) as { benchTimeline: () => Promise<Record<string, number>> };
  const r = await timeline.benchTimeline();
  for (const [k, v] of Object.entries(r)) {
    const budget = k === 'first_draw_ms_100k' ? 200 : k === 'zoom_frame_median_ms_1m' ? 16 : k === 'zoom_frame_max_ms_1m' ? 50 : null;
    if (typeof v === 'number') report(k, v, k.includes('ms') ? 'ms' : '', budget);
  }
  if (existsSync(new URL('./measure-startup.mjs', import.meta.url))) {
    const startup = (await import('./measure-startup.mjs')) as { measureStartup?: (o: { quick: boolean }) => Promise<Record<string, number>> };
    if (startup.measureStartup) {
      const s = await startup.measureStartup({ quick });
      for (const [k, v] of Object.entries(s)) {
        const budget = k === 'editor_usable_ms' ? 300 : k === 'startup_ready_ratio' ? 1.05 : null;
        report(k, v, k.endsWith('ratio') ? 'x' : 'ms', budget);
      }
    }
  }
}

const started = performance.now();
if (wanted('overhead')) await overhead();
if (wanted('capacity')) await transfer(await capacity());
if (wanted('chromium')) await chromium();
console.log('');
console.log('metric'.padEnd(34), 'value'.padStart(12), 'budget'.padStart(10), ' status');
for (const f of figures) {
  const over = f.budget !== null && (f.metric.endsWith('ratio') || f.unit === 'ms' || f.unit === 'B' || f.unit === 'x') ? f.value > f.budget : false;
  console.log(
    f.metric.padEnd(34),
    `${f.value} ${f.unit}`.padStart(12),
    (f.budget === null ? '' : String(f.budget)).padStart(10),
    f.budget === null ? '' : over ? ' OVER' : ' ok',
  );
}
console.log(`\n(${quick ? 'quick' : 'full'} run, ${((performance.now() - started) / 1000).toFixed(0)} s, ${(await import('node:os')).cpus().length} cores)`);
process.exit(0);
