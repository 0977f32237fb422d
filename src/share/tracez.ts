/**
 * The `tracez=` value: a compact recording (src/trace/compact.ts) in base64url, without
 * padding. Links written before the compact form carried lz-string-compressed JSON; those
 * are still read. The two never collide: every compact recording starts with "RSCT", whose
 * base64 is "UlNDV…", and lz-string's output never starts that way for a JSON text.
 */
import { decompressTrace } from './link';

/** How every compact `tracez` value starts (base64 of the magic "RSCT"). */
export const COMPACT_TRACEZ_PREFIX = 'UlNDV';

/** A recording's bytes as a `tracez` value. */
export function encodeTracez(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The recording a `tracez` value carries, as bytes for `readTraceFile` (compact, or the
 * UTF-8 JSON of an older link); null when it cannot be decoded.
 */
export function tracezBytes(tracez: string): Uint8Array | null {
  if (!tracez.startsWith(COMPACT_TRACEZ_PREFIX)) {
    const json = decompressTrace(tracez);
    return json === null ? null : new TextEncoder().encode(json);
  }
  try {
    const binary = atob(tracez.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
