import { useT } from './useT';
import './teaching.css';

/** The question Refscope answers, in one line, above everything else: a first visit starts here. */
export function PuzzleLine() {
  const t = useT();
  return (
    <p className="puzzle-line" data-testid="puzzle" aria-label={t.examples.puzzleLabel}>
      {t.examples.puzzle}
    </p>
  );
}
