/**
 * The program's stdout and stderr as the worker keeps them: the one place the run's output
 * cap is applied. What is kept here goes into the trace (the authority once the run is
 * over); what arrived since the last flush is streamed to the page as a live preview.
 */
import type { OutputChunk } from '../trace/types';
import { dropOwnStopReports } from './ownStop';

export type OutputStream = OutputChunk['stream'];

/**
 * The prefix of `text` that fits in `room` characters. Also used by the page (./client) to
 * hold a worker to the cap whatever it sends.
 */
export function fitText(text: string, room: number): string {
  return text.length > room ? text.slice(0, Math.max(room, 0)) : text;
}

export class OutputBuffer {
  readonly chunks: OutputChunk[] = [];
  /** Characters kept so far (the cap counts characters, as the page shows them). */
  chars = 0;
  /** Output was cut at the cap; everything written afterwards is dropped. */
  truncated = false;

  private heldStderr = '';
  private stopOutputClosed = false;
  private sentChunks = 0;
  private sentChars = 0;

  constructor(private readonly maxChars: number) {}

  /**
   * The part of `text` to write now, counted against the cap; null when nothing is to be
   * written. After Refscope's stop (`stopped`), stderr is held back until `releaseHeld`:
   * CPython may report the stop itself ("Exception ignored … RefscopeStop", from a __del__).
   */
  accept(stream: OutputStream, text: string, stopped: boolean): string | null {
    if (this.truncated) return null;
    if (stream === 'stderr' && stopped && !this.stopOutputClosed) {
      this.heldStderr += text;
      return null;
    }
    const kept = fitText(text, this.maxChars - this.chars);
    if (kept.length < text.length) this.truncated = true;
    this.chars += kept.length;
    return kept;
  }

  /** Append text `accept` let through, stamped with the step that wrote it. */
  append(step: number, stream: OutputStream, text: string): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.step === step && last.stream === stream) last.text += text;
    else if (text) this.chunks.push({ step, stream, text });
  }

  /**
   * The program is out: what it sent to stderr after Refscope's stop, without CPython's
   * reports of that stop (./ownStop), to be written now. Later writes are not held.
   */
  releaseHeld(): string {
    this.stopOutputClosed = true;
    const kept = dropOwnStopReports(this.heldStderr);
    this.heldStderr = '';
    return kept;
  }

  /** Output since the last call, for the page's live view; the last chunk may have grown since it was sent. */
  takeNew(): OutputChunk[] {
    const fresh: OutputChunk[] = [];
    for (let i = Math.max(this.sentChunks - 1, 0); i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      const from = i === this.sentChunks - 1 ? this.sentChars : 0;
      if (c.text.length > from) fresh.push({ step: c.step, stream: c.stream, text: c.text.slice(from) });
    }
    this.sentChunks = this.chunks.length;
    this.sentChars = this.chunks[this.chunks.length - 1]?.text.length ?? 0;
    return fresh;
  }
}
