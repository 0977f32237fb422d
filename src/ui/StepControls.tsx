import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useStore } from '../store';
import { stepCount } from '../trace/query';
import { lineAt } from '../trace/lifetimes';
import { useT } from './useT';
import { Narration } from './Narration';
import { eventSteps, nextEventStep, previousEventStep, type StoryStep } from '../trace/steps';
import type { TraceData } from '../trace/types';
import './timeline.css';

export interface StepControlsViewProps {
  trace: TraceData | null;
  cursor: number;
  onCursor: (step: number) => void;
  /** Count every object's creation and destruction as an event, not only those shown by default. */
  showAll?: boolean;
  /** Where the cursor was put when the trace arrived, and why: said in the narration at that step. */
  landing?: StoryStep | null;
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
export function StepControlsView({ trace, cursor, onCursor, showAll = false, landing = null }: StepControlsViewProps) {
  const t = useT();
  const n = trace ? stepCount(trace) : 0;
  const last = Math.max(0, n - 1);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(5);
  const [jump, setJump] = useState('');
  const state = useRef({ cursor, last, onCursor, trace, showAll });
  useEffect(() => {
    state.current = { cursor, last, onCursor, trace, showAll };
  }, [cursor, last, onCursor, trace, showAll]);

  const go = useCallback((step: number): void => {
    const s = state.current;
    const next = Math.max(0, Math.min(Math.round(step), s.last));
    // Keep the ref ahead of React: several presses (or ticks) may land before the next render.
    s.cursor = next;
    s.onCursor(next);
  }, []);

  /** The next (or previous) step that created or destroyed something; null when there is none. */
  const eventFrom = useCallback((dir: 1 | -1): number | null => {
    const s = state.current;
    if (!s.trace) return null;
    return dir > 0 ? nextEventStep(s.trace, s.cursor, s.showAll) : previousEventStep(s.trace, s.cursor, s.showAll);
  }, []);
  /** Where Play goes next: the next event, or the next step in a run that has no events at all. */
  const playNext = useCallback((): number | null => {
    const s = state.current;
    if (!s.trace || s.cursor >= s.last) return null;
    return eventSteps(s.trace, s.showAll).length === 0 ? s.cursor + 1 : eventFrom(1);
  }, [eventFrom]);
  const goEvent = useCallback(
    (dir: 1 | -1): void => {
      const step = eventFrom(dir);
      if (step !== null) go(step);
    },
    [eventFrom, go],
  );

  const [prevTrace, setPrevTrace] = useState(trace);
  if (trace !== prevTrace) {
    setPrevTrace(trace);
    setPlaying(false);
  }

  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => {
      // Play goes from event to event: most steps create or destroy nothing.
      const next = playNext();
      if (next === null) {
        setPlaying(false);
        return;
      }
      go(next);
    }, 1000 / speed);
    return () => clearInterval(id);
  }, [playing, speed, go, playNext]);

  useEffect(() => {
    if (!trace) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (keyBelongsToFocus(e.target, e.key)) return;
      const s = state.current;
      if (e.key === 'ArrowRight') {
        if (e.shiftKey) goEvent(1);
        else go(s.cursor + 1);
      } else if (e.key === 'ArrowLeft') {
        if (e.shiftKey) goEvent(-1);
        else go(s.cursor - 1);
      }
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(s.last);
      else if (e.key === ' ') setPlaying((p) => !p && playNext() !== null);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [trace, go, goEvent, playNext]);

  const onJump = (e: FormEvent): void => {
    e.preventDefault();
    const v = Number.parseInt(jump, 10);
    if (Number.isFinite(v)) go(v);
  };

  const disabled = !trace || n === 0;
  const line = trace ? lineAt(trace, cursor) : null;
  // Cheap binary searches; the buttons are disabled where there is no event to go to.
  const prevEvent = trace ? previousEventStep(trace, cursor, showAll) : null;
  const nextEvent = trace ? nextEventStep(trace, cursor, showAll) : null;
  return (
    <div className="step-controls" role="group" aria-label={t.steps.group}>
      <button type="button" onClick={() => go(0)} disabled={disabled || cursor <= 0} aria-label={t.steps.first} title={t.steps.firstTitle}>
        |◀
      </button>
      <button type="button" data-testid="step-prev" onClick={() => go(cursor - 1)} disabled={disabled || cursor <= 0} aria-label={t.steps.previous} title={t.steps.previousTitle}>
        ◀
      </button>
      <button
        type="button"
        data-testid="step-prev-event"
        onClick={() => goEvent(-1)}
        disabled={disabled || prevEvent === null}
        aria-label={t.steps.previousEvent}
        title={t.steps.previousEventTitle}
      >
        ◀◆
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
      <button
        type="button"
        data-testid="step-next-event"
        onClick={() => goEvent(1)}
        disabled={disabled || nextEvent === null}
        aria-label={t.steps.nextEvent}
        title={t.steps.nextEventTitle}
      >
        ◆▶
      </button>
      <button type="button" data-testid="step-next" onClick={() => go(cursor + 1)} disabled={disabled || cursor >= last} aria-label={t.steps.next} title={t.steps.nextTitle}>
        ▶
      </button>
      <button type="button" onClick={() => go(last)} disabled={disabled || cursor >= last} aria-label={t.steps.last} title={t.steps.lastTitle}>
        ▶|
      </button>
      <button
        type="button"
        data-testid="step-play"
        onClick={() => setPlaying((p) => !p && playNext() !== null)}
        disabled={disabled}
        aria-pressed={playing}
        title={t.steps.playEventsTitle}
      >
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
      {/* Both lines keep their place when empty, so nothing below moves when a run ends or the cursor moves. */}
      {landing && landing.step === cursor && trace ? (
        <p className="narration-note" data-testid="narration-note">
          {t.steps.landing(landing.reason)}
        </p>
      ) : (
        <p className="narration-note" aria-hidden="true" />
      )}
      <Narration trace={trace} cursor={cursor} live={!playing} />
      {trace && !disabled ? (
        <p className="step-state" data-testid="step-state">
          {t.steps.stateAfter(line)}
        </p>
      ) : (
        <p className="step-state" aria-hidden="true" />
      )}
    </div>
  );
}

/** Step controls following the store's cursor. */
export function StepControls() {
  const trace = useStore((s) => s.trace);
  const cursor = useStore((s) => s.cursor);
  const setCursor = useStore((s) => s.setCursor);
  const showAll = useStore((s) => s.showAllObjects);
  const landing = useStore((s) => s.landing);
  return <StepControlsView trace={trace} cursor={cursor} onCursor={setCursor} showAll={showAll} landing={landing} />;
}
