import { useMemo } from 'react';
import { useT } from './useT';
import { narrateStep, narrationText } from '../trace/narrate';
import type { TraceData } from '../trace/types';

export interface NarrationProps {
  trace: TraceData | null;
  cursor: number;
  /** Announce changes to screen readers (off while playing, which would flood them). */
  live: boolean;
}

/** One sentence on what the step under the cursor did to memory. */
export function Narration({ trace, cursor, live }: NarrationProps) {
  const t = useT();
  const text = useMemo(() => (trace ? narrationText(narrateStep(trace, cursor), t.narration) : ''), [trace, cursor, t]);
  // The spoken copy is empty while playing, so that the sentence is read once when playback
  // stops (the region's text changes then) and at each step taken by hand, never per frame.
  return (
    <>
      <p className="step-summary narration" data-testid="narration">
        {text}
      </p>
      <span className="visually-hidden" aria-live="polite" data-testid="narration-spoken">
        {live ? text : ''}
      </span>
    </>
  );
}
