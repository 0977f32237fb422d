import { useEffect, useRef, useState } from 'react';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { useStore } from '../store';
import { useT } from './useT';
import { BudgetFields } from './BudgetFields';
import './budget.css';

/**
 * "Limits" beside Run: a small button that opens the run's step and time budgets. It says the
 * budgets themselves once they differ from the defaults, so a short run is never a surprise.
 */
export function RunOptions() {
  const t = useT();
  const limits = useStore((s) => s.limits);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const custom = limits.maxSteps !== DEFAULT_LIMITS.maxSteps || limits.maxSeconds !== DEFAULT_LIMITS.maxSeconds;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      // Escape closes the popover first (and does not also leave presentation mode).
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent): void => {
      if (root.current && e.target instanceof Node && !root.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div className="run-options" ref={root}>
      <button
        ref={button}
        type="button"
        className={custom ? 'button run-options-button run-options-custom' : 'button run-options-button'}
        data-testid="run-options"
        aria-expanded={open}
        aria-haspopup="dialog"
        title={t.budget.title(limits.maxSteps, limits.maxSeconds)}
        onClick={() => setOpen(!open)}
      >
        {custom ? t.budget.custom(limits.maxSteps, limits.maxSeconds) : t.budget.button} ▾
      </button>
      {open ? (
        <div className="run-options-panel" role="dialog" aria-label={t.budget.label} data-testid="run-options-panel">
          <BudgetFields />
          <div className="share-row">
            <button type="button" className="button button-small" onClick={() => setOpen(false)}>
              {t.budget.close}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
