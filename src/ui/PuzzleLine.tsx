import { onSeedProgram, useStore } from '../store';
import { useT } from './useT';
import './teaching.css';

/**
 * The question Refscope answers, in one line, above everything else: a first visit starts
 * here. It asks about the blog's program, so it goes when another program is in the editor
 * (another example, a link's program, the reader's own) and gives its row back to the page.
 */
export function PuzzleLine() {
  const t = useT();
  const shown = useStore(onSeedProgram);
  if (!shown) return null;
  return (
    <p className="puzzle-line" data-testid="puzzle" aria-label={t.examples.puzzleLabel}>
      {t.examples.puzzle}
    </p>
  );
}
