import { useId, useState } from 'react';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { LIMIT_BOUNDS, readSeconds, readSteps } from '../share/link';
import { useStore } from '../store';
import { useT } from './useT';

/** Presets a teacher (a short run) or a blogger (a short replay) reaches for; the defaults are among them. */
export const STEP_PRESETS = [100, 1_000, 10_000, 100_000, 1_000_000] as const;
export const SECOND_PRESETS = [1, 5, 10, 30, 120] as const;

/**
 * A budget as typed: digits with the separators people write ("10,000", "10 000", "1_000",
 * Chinese "１０，０００" aside), then the link parser's own rule, so the page accepts exactly
 * what a link may carry.
 */
export function readBudget(kind: 'steps' | 'seconds', text: string): number | null {
  const plain = text.trim().replace(/[,\s_，]/g, '');
  return kind === 'steps' ? readSteps(plain) : readSeconds(plain);
}

const compact = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1_000 ? `${n / 1_000}k` : String(n));

interface FieldProps {
  kind: 'steps' | 'seconds';
  value: number;
  onValue: (value: number) => void;
}

/** One budget: a text field checked as it is typed, and preset buttons. */
function BudgetField({ kind, value, onValue }: FieldProps) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  // The budget changed elsewhere (Defaults, a link, a replay): show it, unless the text already says it ("10,000").
  if (shown !== value) {
    setShown(value);
    if (readBudget(kind, text) !== value) setText(String(value));
  }
  const valid = readBudget(kind, text) !== null;
  const bounds = kind === 'steps' ? LIMIT_BOUNDS.maxSteps : LIMIT_BOUNDS.maxSeconds;
  const presets = kind === 'steps' ? STEP_PRESETS : SECOND_PRESETS;
  const error = kind === 'steps' ? t.budget.stepsInvalid(bounds.min, bounds.max) : t.budget.secondsInvalid(bounds.min, bounds.max);
  return (
    <div className="budget-field">
      <label htmlFor={id}>{kind === 'steps' ? t.budget.steps : t.budget.seconds}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        data-testid={`budget-${kind}`}
        value={text}
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : `${id}-error`}
        onChange={(e) => {
          setText(e.target.value);
          const n = readBudget(kind, e.target.value);
          if (n !== null) onValue(n);
        }}
      />
      <span className="budget-presets" role="group" aria-label={kind === 'steps' ? t.budget.steps : t.budget.seconds}>
        {presets.map((p) => (
          <button
            key={p}
            type="button"
            className="budget-preset"
            aria-pressed={p === value}
            data-testid={`budget-${kind}-${p}`}
            onClick={() => {
              setText(String(p));
              onValue(p);
            }}
          >
            {kind === 'steps' ? compact(p) : `${p}`}
          </button>
        ))}
      </span>
      {valid ? null : (
        <span className="budget-error" id={`${id}-error`} role="alert" data-testid={`budget-${kind}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * The step and time budgets of the next run (the store's `limits`), which Share and Embed
 * links carry as `steps=` and `seconds=`. A value is applied as soon as it is valid; an
 * invalid one is shown as such and leaves the budget as it was.
 */
export function BudgetFields() {
  const t = useT();
  const limits = useStore((s) => s.limits);
  const set = (patch: Partial<typeof limits>): void => {
    const current = useStore.getState().limits;
    useStore.getState().setLimits({ ...current, ...patch });
  };
  const isDefault = limits.maxSteps === DEFAULT_LIMITS.maxSteps && limits.maxSeconds === DEFAULT_LIMITS.maxSeconds;
  return (
    <fieldset className="budget-fields" data-testid="budget-fields">
      <legend>{t.budget.label}</legend>
      <BudgetField kind="steps" value={limits.maxSteps} onValue={(maxSteps) => set({ maxSteps })} />
      <BudgetField kind="seconds" value={limits.maxSeconds} onValue={(maxSeconds) => set({ maxSeconds })} />
      <div className="budget-foot">
        <span className="budget-note">{t.budget.note}</span>
        <button
          type="button"
          className="button button-small"
          data-testid="budget-reset"
          disabled={isDefault}
          onClick={() => set({ maxSteps: DEFAULT_LIMITS.maxSteps, maxSeconds: DEFAULT_LIMITS.maxSeconds })}
        >
          {t.budget.reset}
        </button>
      </div>
    </fieldset>
  );
}
