import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useStore } from '../store';
import { stepCount } from '../trace/query';
import { lineAt } from '../trace/lifetimes';
import { useT } from '../i18n/useT';
import { Narration } from './Narration';
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

/** First / previous / next / last, slider, jump-to and playback over the trace's steps. */
export function StepControlsView({ trace, cursor, onCursor }: StepControlsViewProps) {
  const t = useT();
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
    <div className="step-controls" role="group" aria-label={t.steps.group}>
      <button type="button" onClick={() => go(0)} disabled={disabled || cursor <= 0} aria-label={t.steps.first} title={t.steps.firstTitle}>
        |◀
      </button>
      <button type="button" data-testid="step-prev" onClick={() => go(cursor - 1)} disabled={disabled || cursor <= 0} aria-label={t.steps.previous} title={t.steps.previousTitle}>
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
        aria-label={t.steps.slider}
        aria-valuetext={t.steps.sliderValue(cursor, line)}
        onChange={(e) => go(Number(e.target.value))}
      />
      <button type="button" data-testid="step-next" onClick={() => go(cursor + 1)} disabled={disabled || cursor >= last} aria-label={t.steps.next} title={t.steps.nextTitle}>
        ▶
      </button>
      <button type="button" onClick={() => go(last)} disabled={disabled || cursor >= last} aria-label={t.steps.last} title={t.steps.lastTitle}>
        ▶|
      </button>
      <button type="button" onClick={() => setPlaying((p) => !p && cursor < last)} disabled={disabled} aria-pressed={playing} title={t.steps.playTitle}>
        {playing ? t.steps.pause : t.steps.play}
      </button>
      <label>
        {t.steps.speed}{' '}
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {PLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {t.steps.perSecond(s)}
            </option>
          ))}
        </select>
      </label>
      <span className="step-position" aria-live="off">
        {t.steps.position} <output data-testid="step-current">{disabled ? 0 : cursor}</output> / {last}
      </span>
      <form className="step-jump" onSubmit={onJump}>
        <label>
          {t.steps.jumpTo}{' '}
          <input type="number" inputMode="numeric" value={jump} onChange={(e) => setJump(e.target.value)} disabled={disabled} aria-label={t.steps.jumpLabel} />
        </label>{' '}
        <button type="submit" disabled={disabled}>
          {t.steps.go}
        </button>
      </form>
      <Narration trace={trace} cursor={cursor} live={!playing} />
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
