import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useStore } from '../store';
import { hexAddress, stepCount } from '../trace/query';
import { eventsAt, funcAt, lifetimeLabel, lineAt } from '../trace/lifetimes';
import { formatRefcount, refcountAt } from '../trace/query';
import type { TraceData } from '../trace/types';
import './timeline.css';

export interface StepControlsViewProps {
  trace: TraceData | null;
  cursor: number;
  onCursor: (step: number) => void;
}

/** Steps per second offered for playback. */
export const PLAY_SPEEDS = [1, 2, 5, 10, 30, 100] as const;

/** True when a key press belongs to whatever has focus (the editor, a text field...), not to stepping. */
export function keyBelongsToFocus(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('.cm-editor, [contenteditable="true"], textarea, select')) return true;
  if (target instanceof HTMLInputElement) return true;
  // Space on a button presses it.
  if (key === ' ' && target.closest('button, a, summary, [role="button"]')) return true;
  return false;
}

/** One sentence on what happened during `step`, e.g. "line 11 in test(): Son #2 created at 0x00c3d4e8 (refcount 1)". */
export function describeStep(t: TraceData, step: number): string {
  const line = lineAt(t, step);
  if (line === null) return '';
  const func = funcAt(t, step);
  const ev = eventsAt(t, step);
  const parts: string[] = [];
  const at = (o: number): string => hexAddress(t.objects.address[o] ?? 0);
  const few = (list: number[], f: (o: number) => string): string => list.slice(0, 3).map(f).join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
  const rc = (o: number): string => {
    const v = refcountAt(t, o, step);
    return v === null ? '' : ` (refcount ${formatRefcount(v)})`;
  };
  if (ev.born.length) parts.push(`${few(ev.born, (o) => `${lifetimeLabel(t, o)} created at ${at(o)}${rc(o)}`)}`);
  if (ev.finalized.length) parts.push(`__del__ of ${few(ev.finalized, (o) => lifetimeLabel(t, o))}`);
  if (ev.died.length) parts.push(`${few(ev.died, (o) => `${lifetimeLabel(t, o)} destroyed, freeing ${at(o)}`)}`);
  if (ev.output.length) parts.push(`printed ${JSON.stringify(ev.output.map((c) => c.text).join('').trimEnd().slice(0, 60))}`);
  const where = `line ${line}${func === '<module>' ? '' : ` in ${func}()`}`;
  return parts.length ? `${where}: ${parts.join('; ')}` : where;
}

/** First / previous / next / last, slider, jump-to and playback over the trace's steps. */
export function StepControlsView({ trace, cursor, onCursor }: StepControlsViewProps) {
  const n = trace ? stepCount(trace) : 0;
  const last = Math.max(0, n - 1);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(5);
  const [jump, setJump] = useState('');
  const state = useRef({ cursor, last, onCursor });
  useEffect(() => {
    state.current = { cursor, last, onCursor };
  }, [cursor, last, onCursor]);

  const go = useCallback((step: number): void => {
    const s = state.current;
    const next = Math.max(0, Math.min(Math.round(step), s.last));
    // Keep the ref ahead of React: several presses (or ticks) may land before the next render.
    s.cursor = next;
    s.onCursor(next);
  }, []);

  const [prevTrace, setPrevTrace] = useState(trace);
  if (trace !== prevTrace) {
    setPrevTrace(trace);
    setPlaying(false);
  }

  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => {
      const s = state.current;
      if (s.cursor >= s.last) {
        setPlaying(false);
        return;
      }
      go(s.cursor + 1);
    }, 1000 / speed);
    return () => clearInterval(id);
  }, [playing, speed, go]);

  useEffect(() => {
    if (!trace) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (keyBelongsToFocus(e.target, e.key)) return;
      const s = state.current;
      const by = e.shiftKey ? 10 : 1;
      if (e.key === 'ArrowRight') go(s.cursor + by);
      else if (e.key === 'ArrowLeft') go(s.cursor - by);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(s.last);
      else if (e.key === ' ') setPlaying((p) => !p && s.cursor < s.last);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [trace, go]);

  const onJump = (e: FormEvent): void => {
    e.preventDefault();
    const v = Number.parseInt(jump, 10);
    if (Number.isFinite(v)) go(v);
  };

  const disabled = !trace || n === 0;
  const line = trace ? lineAt(trace, cursor) : null;
  return (
    <div className="step-controls" role="group" aria-label="Step through the run">
      <button type="button" onClick={() => go(0)} disabled={disabled || cursor <= 0} aria-label="First step" title="First step (Home)">
        |◀
      </button>
      <button type="button" data-testid="step-prev" onClick={() => go(cursor - 1)} disabled={disabled || cursor <= 0} aria-label="Previous step" title="Previous step (←)">
        ◀
      </button>
      <input
        type="range"
        data-testid="step-slider"
        min={0}
        max={last}
        step={1}
        value={Math.min(cursor, last)}
        disabled={disabled}
        aria-label="Step"
        aria-valuetext={line === null ? `step ${cursor}` : `step ${cursor}, line ${line}`}
        onChange={(e) => go(Number(e.target.value))}
      />
      <button type="button" data-testid="step-next" onClick={() => go(cursor + 1)} disabled={disabled || cursor >= last} aria-label="Next step" title="Next step (→)">
        ▶
      </button>
      <button type="button" onClick={() => go(last)} disabled={disabled || cursor >= last} aria-label="Last step" title="Last step (End)">
        ▶|
      </button>
      <button type="button" onClick={() => setPlaying((p) => !p && cursor < last)} disabled={disabled} aria-pressed={playing} title="Play / pause (Space)">
        {playing ? 'Pause' : 'Play'}
      </button>
      <label>
        Speed{' '}
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {PLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}/s
            </option>
          ))}
        </select>
      </label>
      <span className="step-position" aria-live="off">
        step <output data-testid="step-current">{disabled ? 0 : cursor}</output> / {last}
      </span>
      <form className="step-jump" onSubmit={onJump}>
        <label>
          Jump to{' '}
          <input type="number" inputMode="numeric" value={jump} onChange={(e) => setJump(e.target.value)} disabled={disabled} aria-label="Jump to step" />
        </label>{' '}
        <button type="submit" disabled={disabled}>
          Go
        </button>
      </form>
      <p className="step-summary" aria-live={playing ? 'off' : 'polite'}>
        {trace ? describeStep(trace, cursor) : ''}
      </p>
    </div>
  );
}

/** Step controls following the store's cursor. */
export function StepControls() {
  const trace = useStore((s) => s.trace);
  const cursor = useStore((s) => s.cursor);
  const setCursor = useStore((s) => s.setCursor);
  return <StepControlsView trace={trace} cursor={cursor} onCursor={setCursor} />;
}
