// Browser entry of the timeline benchmark (scripts/bench-timeline.mjs loads it in Chromium).
// Results land on `window.__benchTimeline` for the runner to read.
import { syntheticTrace } from '../tests/fixtures/makeTrace';
import { median, timeFirstDraw, timeZoomFrames, type Surface } from './timelineBench';
import { GUTTER_WIDTH } from '../src/timeline/viewport';

const WIDTH = 1100;
const HEIGHT = 560;

function surface(): Surface {
  const get = (id: string): HTMLCanvasElement => document.getElementById(id) as HTMLCanvasElement;
  const canvas = get('plot');
  const gutter = get('gutter');
  const overview = get('overview');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  gutter.width = GUTTER_WIDTH;
  gutter.height = HEIGHT;
  overview.width = WIDTH;
  overview.height = 36;
  const axis = document.getElementById('axis') as unknown as SVGSVGElement;
  return { canvas, gutter, overview, axis, width: WIDTH, height: HEIGHT };
}

async function run() {
  const s = surface();
  // Warm the JIT on a small trace so the first measured draw is not a cold-start outlier of the engine.
  timeFirstDraw(syntheticTrace(5_000), s);
  timeZoomFrames(syntheticTrace(5_000), s, 20);

  const small = syntheticTrace(100_000);
  const first = timeFirstDraw(small, s);

  // 1,000,000 events: 500,000 lifetimes = 500,000 creations + 500,000 destructions,
  // plus 2 refcount samples each.
  const big = syntheticTrace(500_000, { lanes: 4000, samples: 2 });
  const firstBig = timeFirstDraw(big, s);
  // Let the collector settle after building a million-event trace, as it would before a user zooms.
  await new Promise((r) => setTimeout(r, 1000));
  const frames = timeZoomFrames(big, s, 120);
  return {
    first_draw_ms_100k: first.totalMs,
    first_draw_layout_ms_100k: first.layoutMs,
    first_draw_canvas_ms_100k: first.drawMs,
    first_draw_ms_1m: firstBig.totalMs,
    zoom_frame_median_ms_1m: median(frames),
    zoom_frame_max_ms_1m: Math.max(...frames),
    zoom_frames: frames.length,
  };
}

const w = window as unknown as { __benchTimeline?: unknown; __benchTimelineError?: string };
run().then(
  (r) => (w.__benchTimeline = r),
  (e: unknown) => (w.__benchTimelineError = String(e instanceof Error ? e.stack : e)),
);
