import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileWasm } from './wasmHandoff';

/** The app's own folder for Pyodide, as the page passes it: same origin, never a CDN. */
const INDEX_URL = new URL('/pyodide/', 'file:///refscope/').href;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('compileWasm', () => {
  it('starts the download at once and the compile only once `after` settles', async () => {
    const response = new Response(new Uint8Array([0, 97, 115, 109]));
    const fetch = vi.fn((_url: URL | string) => Promise.resolve(response));
    vi.stubGlobal('fetch', fetch);
    const module = {} as WebAssembly.Module;
    const compile = vi.spyOn(WebAssembly, 'compileStreaming').mockImplementation(async (source) => {
      expect(await source).toBe(response);
      return module;
    });
    let release = (): void => undefined;
    const compiled = compileWasm(INDEX_URL, new Promise<void>((resolve) => (release = resolve)));
    expect(String(fetch.mock.calls[0]?.[0])).toBe(`${INDEX_URL}pyodide.asm.wasm`);
    // compileStreaming is called at once with a promise of the response, which waits.
    let settled = false;
    void (compile.mock.calls[0]?.[0] as Promise<Response>).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    release();
    await expect(compiled).resolves.toBe(module);
  });

  it('gives null when the download fails, whether or not it waits', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('offline'))));
    vi.spyOn(WebAssembly, 'compileStreaming').mockImplementation(async (source) => {
      await source;
      return {} as WebAssembly.Module;
    });
    await expect(compileWasm(INDEX_URL)).resolves.toBeNull();
    await expect(compileWasm(INDEX_URL, Promise.resolve())).resolves.toBeNull();
  });
});
