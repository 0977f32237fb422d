import { useMemo } from 'react';
import { useT } from '../i18n/useT';
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
  return (
    <p className="step-summary narration" data-testid="narration" aria-live={live ? 'polite' : 'off'}>
      {text}
    </p>
  );
}
