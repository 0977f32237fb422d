/**
 * Python in Refscope runs in UTC, wherever it starts.
 *
 * CPython's time module asks the C library for the time zone when it is imported (Refscope's
 * setup imports it), and Emscripten answers from the machine's JavaScript `Date`. Outside
 * UTC that answer is a few int objects that UTC's immortal 0 does not need, and every
 * address allocated after them moves (measured: the seed's loop prints 23281336 with
 * TZ=America/New_York or Asia/Shanghai, 22122096 with TZ=UTC). Pinned to UTC, one program
 * gives the same ids on every machine: a class in Shanghai and one in New York see the same
 * timeline, and the recordings that ship with the app are what a live run shows.
 *
 * How: Pyodide instantiates its WebAssembly with an imports object whose `env` holds
 * Emscripten's time-zone functions; `WebAssembly.instantiate` and `instantiateStreaming` are
 * wrapped (once per global scope) to swap those for UTC ones before the instance binds them.
 * Imports without `_tzset_js` (Refscope's own tracer module) pass through untouched.
 */

type Env = Record<string, unknown> & { memory?: WebAssembly.Memory };
type Memory = () => ArrayBuffer;

const PINNED = Symbol.for('refscope.utc');

/** struct tm as Emscripten lays it out: int fields, then tm_gmtoff (long), then tm_zone. */
const TM = { sec: 0, min: 1, hour: 2, mday: 3, mon: 4, year: 5, wday: 6, yday: 7, isdst: 8, gmtoff: 9 } as const;

/** The name Emscripten gives a zone at offset 0 ("UTC" with its sign rule), so UTC machines are unchanged. */
const UTC_NAME = new TextEncoder().encode('UTC-0000\0');

function utcFunctions(buffer: Memory) {
  const fill = (date: Date, tm: number) => {
    const h = new Int32Array(buffer());
    const b = tm >>> 2;
    h[b + TM.sec] = date.getUTCSeconds();
    h[b + TM.min] = date.getUTCMinutes();
    h[b + TM.hour] = date.getUTCHours();
    h[b + TM.mday] = date.getUTCDate();
    h[b + TM.mon] = date.getUTCMonth();
    h[b + TM.year] = date.getUTCFullYear() - 1900;
    h[b + TM.wday] = date.getUTCDay();
    h[b + TM.yday] = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000);
    h[b + TM.isdst] = 0;
    h[b + TM.gmtoff] = 0;
  };
  return {
    _tzset_js(timezone: number, daylight: number, stdName: number, dstName: number) {
      const h = new Int32Array(buffer());
      h[timezone >>> 2] = 0;
      h[daylight >>> 2] = 0;
      new Uint8Array(buffer()).set(UTC_NAME, stdName >>> 0);
      new Uint8Array(buffer()).set(UTC_NAME, dstName >>> 0);
    },
    _localtime_js(time: bigint | number, tm: number) {
      fill(new Date(Number(time) * 1000), tm);
    },
    _mktime_js(tm: number): bigint {
      const h = new Int32Array(buffer());
      const b = tm >>> 2;
      const ms = Date.UTC((h[b + TM.year] ?? 0) + 1900, h[b + TM.mon] ?? 0, h[b + TM.mday] ?? 0, h[b + TM.hour] ?? 0, h[b + TM.min] ?? 0, h[b + TM.sec] ?? 0);
      if (Number.isNaN(ms)) return -1n;
      fill(new Date(ms), tm);
      return BigInt(Math.floor(ms / 1000));
    },
  };
}

/**
 * Swaps the time-zone imports for UTC ones; returns what to call with the instantiation's
 * result (the interpreter exports its memory, which the UTC functions then write to).
 */
function pin(imports: WebAssembly.Imports | undefined): (result: unknown) => unknown {
  const env = imports?.env as Env | undefined;
  if (!env || typeof env._tzset_js !== 'function' || env[PINNED as unknown as string]) return (result) => result;
  let memory: WebAssembly.Memory | undefined = env.memory;
  Object.assign(env, utcFunctions(() => (memory as WebAssembly.Memory).buffer), { [PINNED]: true });
  return (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : (result as WebAssembly.WebAssemblyInstantiatedSource).instance;
    memory ??= instance.exports.memory as WebAssembly.Memory;
    return result;
  };
}

/** Makes every Emscripten interpreter instantiated from now on in this scope run in UTC. */
export function pinTimeZoneToUtc(): void {
  const wasm = WebAssembly as typeof WebAssembly & { [PINNED]?: true };
  if (wasm[PINNED]) return;
  wasm[PINNED] = true;
  const instantiate = WebAssembly.instantiate;
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiate = ((source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
    const bound = pin(imports);
    return instantiate.call(WebAssembly, source as BufferSource, imports).then(bound);
  }) as typeof WebAssembly.instantiate;
  if (typeof streaming === 'function') {
    WebAssembly.instantiateStreaming = (source, imports) => {
      const bound = pin(imports);
      return streaming.call(WebAssembly, source, imports).then(bound) as Promise<WebAssembly.WebAssemblyInstantiatedSource>;
    };
  }
}
