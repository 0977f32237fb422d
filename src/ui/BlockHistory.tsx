import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TimelineLayout } from '../timeline/layout';
import { laneHistory } from '../trace/laneHistory';
import { hexAddress } from '../trace/query';
import { useT } from './useT';

/** Rows drawn at first, and added per "show more": a lane of a long loop has tens of thousands. */
const PAGE = 120;

export interface BlockHistoryProps {
  layout: TimelineLayout;
  address: number;
  selectedObject: number | null;
  onSelect: (obj: number) => void;
  onCursor: (step: number) => void;
  /** Closes the panel; the caller puts focus back where it came from. */
  onClose: () => void;
}

/**
 * The "Block history" of one address, opened from its lane label: each object that lived
 * there (temporaries the timeline hides included, drawn faint) and, between two, what the
 * allocator did with the block. An object's row selects it as the objects table does.
 */
export function BlockHistory({ layout, address, selectedObject, onSelect, onCursor, onClose }: BlockHistoryProps) {
  const m = useT();
  const h = m.blockHistory;
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const events = useMemo(() => laneHistory(layout.trace, address), [layout.trace, address]);
  const occupants = events.filter((e) => e.kind === 'occupant').length;
  const [limit, setLimit] = useState(PAGE);
  const shown = events.slice(0, limit);
  const moreObjects = occupants - shown.filter((e) => e.kind === 'occupant').length;

  useEffect(() => {
    closeRef.current?.focus();
  }, [address]);

  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    // Handled here: the page's own Escape (leaving presentation mode) is not meant.
    e.preventDefault();
    e.stopPropagation();
    onClose();
  };

  return (
    <div className="tl-history" role="dialog" aria-labelledby={titleId} data-testid="block-history" onKeyDown={onKey}>
      <div className="tl-history-head">
        <h3 id={titleId}>{h.title(hexAddress(address))}</h3>
        <button ref={closeRef} type="button" className="tl-history-close" onClick={onClose}>
          {h.close}
        </button>
      </div>
      <p className="tl-history-summary">{h.summary(occupants)}</p>
      <ol className="tl-history-list">
        {shown.map((e, i) =>
          e.kind === 'occupant' ? (
            <li key={i} className="tl-history-object" data-kind="object" data-hidden={(layout.objLane[e.obj] ?? -1) < 0 || undefined}>
              <button
                type="button"
                aria-current={selectedObject === e.obj || undefined}
                onClick={() => {
                  onSelect(e.obj);
                  if (e.born >= 0) onCursor(e.born);
                }}>
                {e.label}
              </button>{' '}
              <span className="tl-history-size">{h.size(e.size, e.chunk)}</span>
              <span className="tl-history-span">{h.span(e.born, e.bornLine, e.died, e.diedLine)}</span>
              {e.fromFreeList ? <span className="tl-history-freelist">{h.fromFreeList(e.fromFreeList)}</span> : null}
              {(layout.objLane[e.obj] ?? -1) < 0 ? <span className="tl-history-hidden">{h.hidden}</span> : null}
            </li>
          ) : (
            <li key={i} className="tl-history-block" data-kind={e.next.kind === 'object' ? (e.next.freeList ? 'freeList' : 'went') : e.next.kind}>
              {h.event(e.next)}
            </li>
          ),
        )}
      </ol>
      {moreObjects > 0 ? (
        <button type="button" className="tl-history-more" onClick={() => setLimit((n) => n + PAGE * 4)}>
          {h.more(moreObjects)}
        </button>
      ) : null}
    </div>
  );
}
