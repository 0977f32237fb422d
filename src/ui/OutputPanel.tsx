import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from '../store';
import { useT } from './useT';
import { OutputLines } from './outputLines';
import './output.css';

/** Line height before the first line has been measured (0.85rem × 1.4 at 16 px). */
const DEFAULT_LINE_HEIGHT = 19;
/** Lines drawn above and below the visible ones. */
const OVERSCAN = 20;
/**
 * Lines drawn when the viewport has no height yet (first render, tests without layout): as
 * many as the window is tall, the most the panel can show.
 */
function unmeasuredLines(lineHeight: number): number {
  const height = typeof window === 'undefined' ? 0 : window.innerHeight;
  return Math.min(200, Math.max(20, Math.ceil(height / lineHeight)));
}

/** The index of the store's output, extended (not rebuilt) as chunks arrive. */
function useOutputLines(): OutputLines {
  const output = useStore((s) => s.output);
  const [lines, setLines] = useState(() => OutputLines.EMPTY.extend(output));
  if (lines.chunks === output) return lines;
  const next = lines.extend(output);
  setLines(next);
  return next;
}

/**
 * The program's stdout and stderr, always as text (never as HTML), one row per line. Only
 * the rows on screen are in the DOM, so a run printing half a million lines keeps the page
 * responsive. A line links to the step that printed it: click it, or move to it with the
 * arrow keys and press Enter. Lines printed after the cursor's step are dimmed.
 */
export function OutputPanel() {
  const t = useT();
  const lines = useOutputLines();
  const runId = useStore((s) => s.runId);
  const cursor = useStore((s) => s.cursor);
  const hasTrace = useStore((s) => s.trace !== null);
  const truncatedInTrace = useStore((s) => s.trace?.meta.outputTruncated ?? false);
  const maxChars = useStore((s) => s.limits.maxOutputBytes);
  const setCursor = useStore((s) => s.setCursor);
  const box = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 0 });
  const [lineHeight, setLineHeight] = useState(DEFAULT_LINE_HEIGHT);
  // The line chosen with the keyboard or the mouse, in this run's output.
  const [chosen, setChosen] = useState({ runId: -1, line: -1 });
  const follow = useRef(true);
  const count = lines.count;
  const active = chosen.runId === runId && chosen.line < count ? chosen.line : -1;
  // Without a trace (the worker was terminated) the cap shows as output that reached it.
  const truncated = truncatedInTrace || (!hasTrace && lines.chars >= maxChars);

  const onScroll = useCallback(() => {
    const el = box.current;
    if (!el) return;
    // Keep following new output only while the reader is at the bottom.
    follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
    setView({ top: el.scrollTop, height: el.clientHeight });
  }, []);

  // The viewport's height, and the rows' (presentation mode uses a bigger font).
  useEffect(() => {
    const el = box.current;
    const row = probe.current;
    if (!el || !row || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setView({ top: el.scrollTop, height: el.clientHeight });
      if (row.offsetHeight > 0) setLineHeight(row.offsetHeight);
    });
    observer.observe(el);
    observer.observe(row);
    return () => observer.disconnect();
  }, []);

  // A new run follows its output. (Its empty output brings the scroll back to the top by
  // itself; writing scrollTop here would force a layout while the page starts.)
  useLayoutEffect(() => {
    follow.current = true;
  }, [runId]);

  // New output: stay at the bottom if the reader was there.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow.current && count > 0) el.scrollTop = el.scrollHeight;
  }, [lines, count, lineHeight]);

  const reveal = useCallback(
    (line: number) => {
      const el = box.current;
      if (!el || line < 0) return;
      const y = line * lineHeight;
      if (y < el.scrollTop) el.scrollTop = y;
      else if (y + lineHeight > el.scrollTop + el.clientHeight) el.scrollTop = y + lineHeight - el.clientHeight;
    },
    [lineHeight],
  );

  // The cursor moved: bring the last line printed by then into view.
  useLayoutEffect(() => {
    if (hasTrace) reveal(lines.lastLineAt(cursor));
  }, [cursor, hasTrace, lines, reveal]);

  const goTo = (step: number) => {
    if (hasTrace) setCursor(step);
  };

  const choose = (line: number) => {
    const next = Math.max(0, Math.min(line, count - 1));
    setChosen({ runId, line: next });
    reveal(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const page = Math.max(1, Math.floor((box.current?.clientHeight ?? 0) / lineHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active < 0 ? count - 1 : active - 1,
      PageDown: active + page,
      PageUp: active < 0 ? count - 1 : active - page,
      Home: 0,
      End: count - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      choose(target);
    } else if ((event.key === 'Enter' || event.key === ' ') && active >= 0) {
      event.preventDefault();
      goTo(lines.stepOf(active));
    }
  };

  const measured = view.height > 0;
  const visible = measured ? Math.ceil(view.height / lineHeight) : unmeasuredLines(lineHeight);
  // Unmeasured, the panel is about to scroll (the layout effects below): to the cursor's
  // line when there is a trace, else to the end. Draw those lines, not the ones it leaves.
  const anchor = hasTrace ? Math.max(0, lines.lastLineAt(cursor)) : Math.max(0, count - visible);
  const top = measured ? Math.floor(view.top / lineHeight) : anchor;
  const first = Math.max(0, Math.min(top, count) - OVERSCAN);
  const last = Math.min(count, first + visible + 2 * OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    const segments = lines.segments(i);
    const step = segments[0]?.step ?? 0;
    const classes = ['output-line'];
    if (i === active) classes.push('output-line-active');
    if (hasTrace && step > cursor) classes.push('output-line-later');
    if (hasTrace && segments.some((s) => s.step === cursor)) classes.push('output-line-current');
    rows.push(
      <div
        key={i}
        id={`output-line-${i}`}
        className={classes.join(' ')}
        role="option"
        aria-selected={i === active}
        aria-posinset={i + 1}
        aria-setsize={count}
        data-step={step}
        onClick={() => {
          setChosen({ runId, line: i });
          goTo(step);
        }}
      >
        {segments.map((s, k) => (
          <span
            key={k}
            className={s.stream === 'stderr' ? 'output-stderr' : undefined}
            data-step={s.step}
            onClick={(event) => {
              // The step of the piece clicked, when one line holds output of several steps.
              event.stopPropagation();
              setChosen({ runId, line: i });
              goTo(s.step);
            }}
          >
            {s.text}
          </span>
        ))}
      </div>,
    );
  }

  return (
    <>
      <div
        ref={box}
        className={hasTrace ? 'output output-linked' : 'output'}
        data-testid="output"
        data-lines={count}
        role="listbox"
        aria-label={t.output.label}
        aria-description={hasTrace ? t.output.linkHint : undefined}
        aria-activedescendant={active >= first && active < last ? `output-line-${active}` : undefined}
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div className="output-line output-probe" ref={probe} aria-hidden="true" />
        <div className="output-lines" style={{ height: count * lineHeight }}>
          <div style={{ transform: `translateY(${first * lineHeight}px)` }}>{rows}</div>
        </div>
        {/* A finished run that printed nothing says so, instead of a blank panel. */}
        {hasTrace && count === 0 ? (
          <div className="output-empty" data-testid="output-empty" aria-hidden="true">
            {t.output.empty}
          </div>
        ) : null}
      </div>
      {truncated ? (
        <p className="output-truncated" data-testid="output-truncated" role="status">
          {t.output.truncated(maxChars)}
        </p>
      ) : null}
    </>
  );
}
