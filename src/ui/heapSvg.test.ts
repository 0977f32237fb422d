// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { A, B, D, L, nodesTrace } from '../../tests/fixtures/heapTrace';
import { heapScene } from '../trace/heap';
import { heapPlaces } from '../trace/heapPlace';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { accountLine, previewLine } from './HeapDiagram';
import { layoutHeap } from './heapLayout';
import { heapSVG } from './heapSvg';
import type { TraceData } from '../trace/types';
import type { HeapScene } from '../trace/heap';

function draw(t: TraceData, scene: HeapScene): Document {
  const geo = layoutHeap(scene, heapPlaces(t), 700);
  const svg = heapSVG(scene, geo, { globals: en.heap.globals, caption: 'Refscope · step 6 of 10', account: (b) => accountLine(t, b, scene.step, scene, en.heap), preview: (b) => previewLine(b, en.heap) });
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  expect(doc.documentElement.nodeName).toBe('svg');
  return doc;
}

const texts = (doc: Document) => [...doc.querySelectorAll('text, tspan')].map((e) => e.textContent ?? '');

describe('heapSVG', () => {
  it('draws every frame name, box address and arrow label of the scene, with arrowheads and a caption', () => {
    const t = nodesTrace();
    const scene = heapScene(t, 6);
    const doc = draw(t, scene);
    const all = texts(doc);
    for (const b of scene.boxes) expect(all).toContain(b.hex);
    expect(scene.boxes.map((b) => b.obj)).toEqual(expect.arrayContaining([A, B, L, D]));
    for (const label of ['.nxt', '[0]', "['first']"]) expect(all).toContain(label);
    expect(all).toEqual(expect.arrayContaining(['globals', 'a', 'b', 'L', 'd', 'Refscope · step 6 of 10']));
    // a's refcount account, wrapped over lines in its box.
    expect(all.join(' ')).toContain('refcount 4 = a + b.nxt +');
    // One path with an arrowhead per arrow of the layout (names and references).
    const heads = [...doc.getElementsByTagName('path')].filter((p) => p.getAttribute('marker-end') === 'url(#heap-head)');
    expect(heads).toHaveLength(layoutHeap(scene, heapPlaces(t), 700).arrows.length);
    expect(heads.length).toBeGreaterThanOrEqual(4 + 3);
    // Inside Node.__init__: the function's frame is drawn, titled as on screen.
    expect(texts(draw(t, heapScene(t, 3)))).toContain('__init__()');
  });

  it("says a tuple's preview in the page's language, and leaves a str's as it is", () => {
    const t = nodesTrace();
    const scene = heapScene(t, 6);
    const [tuple, str] = scene.boxes;
    if (!tuple || !str) throw new Error('two boxes expected');
    tuple.preview = '(2 items)';
    str.preview = "'(2 items)'";
    const geo = layoutHeap(scene, heapPlaces(t), 700);
    const svg = heapSVG(scene, geo, { globals: zhCN.heap.globals, caption: '', account: () => '', preview: (b) => previewLine(b, zhCN.heap) });
    const all = texts(new DOMParser().parseFromString(svg, 'image/svg+xml'));
    expect(all).toContain('（2 项）');
    expect(all).toContain("'(2 items)'");
    expect(all).not.toContain('(2 items)');
  });

  it('escapes hostile previews, type names and names', () => {
    const t = nodesTrace();
    const scene = heapScene(t, 6);
    const hostile = '<script>alert("x")</script>&';
    const box = scene.boxes.find((b) => b.obj === A);
    if (!box) throw new Error('no box for a');
    box.preview = hostile;
    box.type = '<b>T';
    const frame = scene.frames[0];
    if (!frame?.names[0]) throw new Error('no name');
    frame.names[0].name = '<x&y>';
    const doc = draw(t, scene);
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(doc.getElementsByTagName('b')).toHaveLength(0);
    const all = texts(doc);
    expect(all.some((s) => s.startsWith('<script>'))).toBe(true);
    expect(all).toContain('<b>T');
    expect(all).toContain('<x&y>');
  });
});
