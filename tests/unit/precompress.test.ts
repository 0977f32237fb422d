// The build's precompressed siblings (scripts/precompress.ts) and the service worker's
// precache list, which must leave them out.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress.ts';
import { serviceWorkerSource } from '../../scripts/serviceWorker.ts';

const BIG = 'print("hello")\n'.repeat(400);
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'refscope-precompress-'));
  await mkdir(path.join(dir, 'pyodide'));
  await mkdir(path.join(dir, 'recordings'));
  await writeFile(path.join(dir, 'index.html'), `<!doctype html><p>${'x'.repeat(2000)}</p>`);
  await writeFile(path.join(dir, 'pyodide', 'big.mjs'), BIG);
  await writeFile(path.join(dir, 'tiny.js'), 'export {};');
  await writeFile(path.join(dir, 'recordings', 'a.refscope'), zlib.gzipSync(BIG));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('writes .br and .gz siblings that decode to the original, for compressible files only', async () => {
  const cache = path.join(dir, '..', `${path.basename(dir)}-cache`);
  const result = await precompressDir(dir, cache);
  expect(zlib.brotliDecompressSync(await readFile(path.join(dir, 'pyodide', 'big.mjs.br'))).toString()).toBe(BIG);
  expect(zlib.gunzipSync(await readFile(path.join(dir, 'pyodide', 'big.mjs.gz'))).toString()).toBe(BIG);
  expect((await readdir(dir)).sort()).toEqual(['index.html', 'index.html.br', 'index.html.gz', 'pyodide', 'recordings', 'tiny.js']);
  expect(await readdir(path.join(dir, 'recordings'))).toEqual(['a.refscope']);
  expect(result.brotli).toBeLessThan(result.raw);

  // A second build takes the results from the cache: same bytes.
  const before = await readFile(path.join(dir, 'pyodide', 'big.mjs.br'));
  await rm(path.join(dir, 'pyodide', 'big.mjs.br'));
  await precompressDir(dir, cache);
  expect((await readFile(path.join(dir, 'pyodide', 'big.mjs.br'))).equals(before)).toBe(true);
  await rm(cache, { recursive: true, force: true });
});

it('keeps the siblings out of the service worker precache list', async () => {
  await precompressDir(dir);
  const { files } = await serviceWorkerSource(dir, '/* template */');
  expect(files).toEqual(['index.html', 'pyodide/big.mjs', 'recordings/a.refscope', 'tiny.js']);
});
