/**
 * Vite plugin: writes precompressed siblings (`file.br`, `file.gz`) next to the build's
 * large text and binary files, once everything else is written, so a static server can
 * send them as they are (scripts/serve.mjs; nginx `brotli_static`/`gzip_static`). Pyodide's
 * runtime is ~13 MB raw and ~3.5 MB as brotli: on a classroom's shared Wi-Fi that is most
 * of a first visit.
 *
 * Brotli quality 9: the wasm in 7 s (3.10 MB) where quality 11 takes ~100 s for 2.7 MB, which
 * a fresh CI machine would pay on every build. Every result is still kept in a cache folder
 * keyed by the file's content: Pyodide's files, pinned to its
 * version, are compressed once per machine; the app's small chunks take milliseconds.
 * The service worker's precache list (scripts/serviceWorker.ts) leaves the siblings out:
 * the browser asks for the original URL and the server picks the encoding.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

/** Extensions worth compressing. The recordings (`.refscope`) are compressed already. */
export const COMPRESSIBLE = /\.(wasm|zip|mjs|js|css|html|json|svg|txt|bin)$/;
/** The sibling files' suffixes, in the order a server prefers them. */
export const ENCODINGS = [
  { suffix: '.br', encoding: 'br' },
  { suffix: '.gz', encoding: 'gzip' },
] as const;
/** Below this a response fits a few packets anyway; not worth a sibling. */
const MIN_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const compressors = {
  br: (data: Buffer) =>
    brotli(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gzip: (data: Buffer) => gzip(data, { level: 9 }),
};

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(file)));
    else out.push(file);
  }
  return out;
}

/** `data` compressed with `encoding`, from `cacheDir` when it was compressed before. */
async function compressCached(data: Buffer, encoding: keyof typeof compressors, cacheDir: string | null): Promise<Buffer> {
  const key = `${createHash('sha256').update(data).digest('hex')}.${encoding}`;
  const cached = cacheDir ? await fs.readFile(path.join(cacheDir, key)).catch(() => null) : null;
  if (cached) return cached;
  const out = await compressors[encoding](data);
  if (cacheDir) {
    await fs.mkdir(cacheDir, { recursive: true });
    // Write then rename, so a build stopped halfway never leaves a truncated entry.
    const tmp = path.join(cacheDir, `${key}.${process.pid}.tmp`);
    await fs.writeFile(tmp, out);
    await fs.rename(tmp, path.join(cacheDir, key));
  }
  return out;
}

/**
 * Writes `.br` and `.gz` siblings for the compressible files of `dir` (a sibling that
 * would not be smaller is not written). Returns the raw and brotli byte totals.
 */
export async function precompressDir(dir: string, cacheDir: string | null = null): Promise<{ files: number; raw: number; brotli: number }> {
  const files = (await listFiles(dir)).filter((file) => COMPRESSIBLE.test(file));
  let raw = 0;
  let brotliTotal = 0;
  await Promise.all(
    files.map(async (file) => {
      const data = await fs.readFile(file);
      raw += data.length;
      if (data.length < MIN_BYTES) {
        brotliTotal += data.length;
        return;
      }
      for (const { suffix, encoding } of ENCODINGS) {
        const out = await compressCached(data, encoding, cacheDir);
        const smaller = out.length < data.length;
        if (smaller) await fs.writeFile(file + suffix, out);
        if (encoding === 'br') brotliTotal += smaller ? out.length : data.length;
      }
    }),
  );
  return { files: files.length, raw, brotli: brotliTotal };
}

export function precompress(cacheDir: string): Plugin {
  let outDir = 'dist';
  let log = (message: string) => console.log(message);
  return {
    name: 'refscope:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      log = (message) => config.logger.info(message);
    },
    // After Pyodide's files are copied (writeBundle) and the service worker is written.
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const { files, raw, brotli: br } = await precompressDir(outDir, cacheDir);
        const mb = (n: number) => (n / 1e6).toFixed(1);
        log(`precompressed ${files} files: ${mb(raw)} MB raw, ${mb(br)} MB as brotli`);
      },
    },
  };
}
