import { useEffect, useMemo, useState } from 'react';
import { encodeTracez } from '../share/tracez';
import type { TraceData } from '../trace/types';
import type { ReplaySource } from '../store/types';

/** Inline replays longer than this (base64url characters) go into a file instead: the snippet would be unwieldy. */
export const MAX_INLINE_TRACE_CHARS = 512_000;

/** A replay for the embed snippet: inline in the link, or a recording to download and serve. */
export type ReplayEmbed =
  | { kind: 'inline'; tracez: string }
  | { kind: 'url'; url: string }
  | { kind: 'file'; bytes: Uint8Array; kb: number }
  | { kind: 'pending' };

/**
 * What the Static replay embed carries, for the trace on screen or the window `trim` of it:
 * the compact recording inline (`tracez=`) when it fits in a link, else the recording as a
 * file for the `trace=` form. A replay that came from a URL keeps its URL (untrimmed).
 */
export function useReplayEmbed(active: boolean, trace: TraceData | null, replay: ReplaySource | null, trim: [number, number] | null): ReplayEmbed | null {
  const [from, to] = trim ?? [-1, -1];
  const trimmed = trim !== null;
  // What needs no work: nothing to embed, or a replay that already carries its link.
  const direct = useMemo((): ReplayEmbed | null | 'encode' => {
    if (!active || !trace) return null;
    if (!trimmed && replay?.from === 'inline') return { kind: 'inline', tracez: replay.tracez };
    if (!trimmed && replay?.from === 'url') return { kind: 'url', url: replay.url };
    return 'encode';
  }, [active, trace, replay, trimmed]);
  const [encoded, setEncoded] = useState<{ trace: TraceData; from: number; to: number; value: ReplayEmbed } | null>(null);
  useEffect(() => {
    if (direct !== 'encode' || !trace) return;
    let live = true;
    void (async () => {
      const [{ traceToCompact }, { trimTrace }] = await Promise.all([import('../trace/compact'), import('../trace/trim')]);
      const bytes = await traceToCompact(trimmed ? trimTrace(trace, from, to) : trace);
      if (!live) return;
      const tracez = encodeTracez(bytes);
      const value: ReplayEmbed =
        tracez.length <= MAX_INLINE_TRACE_CHARS ? { kind: 'inline', tracez } : { kind: 'file', bytes, kb: Math.ceil(bytes.length / 1024) };
      setEncoded({ trace, from, to, value });
    })();
    return () => {
      live = false;
    };
  }, [direct, trace, trimmed, from, to]);
  if (direct !== 'encode') return direct;
  return encoded && encoded.trace === trace && encoded.from === from && encoded.to === to ? encoded.value : { kind: 'pending' };
}
