/**
 * The interpreter snapshot that ships with the build (issue 18): Pyodide loaded in full once,
 * here in Node, with the options every interpreter of the page uses (runtime/boot.ts's
 * `pyodideOptions`) and the default hash seed, and its memory dumped (`makeSnapshot`). The
 * page's first interpreter restores it instead of loading Pyodide in full, so a first visit
 * is ready in about 0.5–0.6x a bare Pyodide page's time; every interpreter of every page
 * then starts from the same heap, whatever the browser, and so do the recordings that ship
 * with the app (./record.ts) and the `trace` command line: the same program prints the same
 * ids in all of them. Why it is a faithful start in a browser: runtime/boot.ts
 * (`matchRuntime`), docs/performance.md.
 *
 * Making it takes ~4 s; it is kept in `node_modules/.cache/refscope-snapshot` under a key of
 * everything it is made from (Pyodide's files, the boot options' source), so a build only
 * pays that once per machine, and the precompressed siblings (./precompress.ts, cached by
 * content) with it.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { SHIPPED_SNAPSHOT } from '../runtime/snapshotCache.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pyodideDir = path.join(root, 'node_modules', 'pyodide');
const cacheDir = path.join(root, 'node_modules', '.cache', 'refscope-snapshot');

/** Everything the snapshot's bytes depend on. */
const INPUTS = [
  path.join(pyodideDir, 'pyodide.asm.wasm'),
  path.join(pyodideDir, 'pyodide.asm.mjs'),
  path.join(pyodideDir, 'pyodide.mjs'),
  path.join(pyodideDir, 'python_stdlib.zip'),
  path.join(root, 'src', 'runtime', 'boot.ts'),
  path.join(root, 'src', 'cli', 'snapshot.ts'),
  path.join(root, 'src', 'runtime', 'timeZone.ts'),
  path.join(root, 'src', 'protocol', 'messages.ts'),
];

async function inputKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of INPUTS) hash.update(await fs.readFile(file));
  return hash.digest('hex').slice(0, 24);
}

/**
 * The path of the snapshot for the current inputs, made now if the cache has none. Made in a
 * child process: loading Pyodide pins the process's time zone and keeps 60 MB of memory.
 */
export async function shippedSnapshot(): Promise<string> {
  const file = path.join(cacheDir, `${await inputKey()}.bin`);
  if (await fs.stat(file).then((s) => s.size > 0, () => false)) return file;
  await fs.mkdir(cacheDir, { recursive: true });
  const { execFileSync } = await import('node:child_process');
  const partial = `${file}.${process.pid}.part`;
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), partial], { cwd: root, stdio: 'inherit' });
  await fs.rename(partial, file);
  // Older inputs' snapshots (31 MB each) are of no further use.
  for (const name of await fs.readdir(cacheDir)) if (name.endsWith('.bin') && path.join(cacheDir, name) !== file) await fs.rm(path.join(cacheDir, name), { force: true });
  return file;
}

/** The snapshot's bytes (see `shippedSnapshot`), for Node callers that start engines from it. */
export async function readShippedSnapshot(): Promise<Uint8Array> {
  return new Uint8Array(await fs.readFile(await shippedSnapshot()));
}

/** `node --import tsx src/cli/snapshot.ts OUT`: makes the snapshot and writes it to OUT. */
async function main(out: string): Promise<void> {
  const { makeSnapshot, RUNTIME_PLACEHOLDER_LENGTH } = await import('../runtime/boot');
  const { DEFAULT_SEED } = await import('../protocol/messages');
  // CPython keeps the name of the JavaScript engine it starts in (sys._emscripten_info.runtime,
  // from navigator.userAgent where there is one): a placeholder with room for any engine's
  // name, which every interpreter restored from the snapshot rewrites in place (runtime/boot.ts).
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: '.'.repeat(RUNTIME_PLACEHOLDER_LENGTH) },
    configurable: true,
  });
  const started = performance.now();
  const bytes = await makeSnapshot({ indexURL: `${pyodideDir}/`, seed: DEFAULT_SEED });
  await fs.writeFile(out, bytes);
  // On stderr: the `trace` command's stdout is its trace.
  process.stderr.write(`interpreter snapshot: ${(bytes.length / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: src/cli/snapshot.ts OUT');
  await main(out);
}
