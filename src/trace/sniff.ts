/**
 * What a recording's first bytes say, and the error for bytes that are no recording: small
 * enough for the entry chunk, which starts reading a link's recording (./readOffThread)
 * before the decoders (./compact, ./json, in their own chunk) have even been fetched.
 */

/** "RSCT": the first bytes of every compact recording (./compact.ts). */
export const COMPACT_MAGIC = Uint8Array.of(0x52, 0x53, 0x43, 0x54);

/** Whether bytes start like a compact recording (any version). */
export function isCompact(bytes: Uint8Array): boolean {
  return COMPACT_MAGIC.every((b, i) => bytes[i] === b);
}

/** Thrown for a document that is not a Refscope trace this version can read. */
export class TraceFormatError extends Error {}
