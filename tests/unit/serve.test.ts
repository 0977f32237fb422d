// The static server's content negotiation (scripts/serve.mjs) against a temporary folder
// holding a file with precompressed siblings, one without, and a .wasm.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, serve } from '../../scripts/serve.mjs';

const SCRIPT = 'export const answer = 42;\n'.repeat(200);
const WASM = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...new Array(2000).fill(0)]);

/** A raw GET (fetch would decode the body and hide Content-Encoding's effect). */
function get(url: string, acceptEncoding?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

let dir = '';
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'refscope-serve-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(path.join(dir, 'app.js'), SCRIPT);
  await writeFile(path.join(dir, 'app.js.br'), zlib.brotliCompressSync(SCRIPT));
  await writeFile(path.join(dir, 'app.js.gz'), zlib.gzipSync(SCRIPT));
  await writeFile(path.join(dir, 'only-gzip.css'), 'a{}'.repeat(500));
  await writeFile(path.join(dir, 'only-gzip.css.gz'), zlib.gzipSync('a{}'.repeat(500)));
  await writeFile(path.join(dir, 'module.wasm'), WASM);
  await writeFile(path.join(dir, 'module.wasm.br'), zlib.brotliCompressSync(WASM));
  server = await serve({ dir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('acceptedEncodings', () => {
  it('reads tokens, q-values and the wildcard', () => {
    expect([...acceptedEncodings('gzip, deflate, br, zstd')].sort()).toEqual(['br', 'deflate', 'gzip', 'zstd']);
    expect(acceptedEncodings('br;q=0, gzip;q=0.5').has('br')).toBe(false);
    expect(acceptedEncodings('br;q=0, gzip;q=0.5').has('gzip')).toBe(true);
    expect([...acceptedEncodings('*')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*, br;q=0')]).toEqual(['gzip']);
    expect(acceptedEncodings('identity').size).toBe(1);
    expect(acceptedEncodings(undefined).size).toBe(0);
  });
});

describe('serve: precompressed siblings', () => {
  it('sends brotli when the client accepts it, with the original Content-Type and the isolation headers', async () => {
    const res = await get(`${server.url}app.js`, 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['content-security-policy']).toBeTruthy();
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends gzip when brotli is not accepted', async () => {
    const res = await get(`${server.url}app.js`, 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends the file itself when nothing is accepted, or an encoding is refused with q=0', async () => {
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const res = await get(`${server.url}app.js`, accept);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['vary']).toBe('Accept-Encoding');
      expect(res.body.toString()).toBe(SCRIPT);
    }
  });

  it('falls back to the sibling that exists', async () => {
    const res = await get(`${server.url}only-gzip.css`, 'br, gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('keeps application/wasm on a compressed .wasm (streaming compilation needs it)', async () => {
    const res = await get(`${server.url}module.wasm`, 'br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('application/wasm');
    expect(zlib.brotliDecompressSync(res.body).equals(WASM)).toBe(true);
  });

  it('sends no Vary for a file without siblings', async () => {
    const res = await get(server.url, 'br, gzip');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toBeUndefined();
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('serve: revalidation', () => {
  it('answers 304 to a matching If-None-Match, per encoding', async () => {
    const first = await get(`${server.url}app.js`, 'br');
    const etag = String(first.headers['etag']);
    expect(etag).toMatch(/^".+"$/);
    const again = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${server.url}app.js`, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } }, resolve).on('error', reject);
    });
    again.resume();
    expect(again.statusCode).toBe(304);
    // The gzip body is another representation: its validator differs, so it is sent in full.
    const gzip = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${server.url}app.js`, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag } }, resolve).on('error', reject);
    });
    gzip.resume();
    expect(gzip.statusCode).toBe(200);
    expect(gzip.headers['etag']).not.toBe(etag);
  });
});
