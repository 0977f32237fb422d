import type { Messages } from '../i18n';
import type { SnapshotLegend } from '../timeline/snapshot';

/** The words of a timeline picture (./TimelineExport's downloads, the page's first view) in one language. */
export function snapshotLegend(m: Messages, cursor: number, steps: number): SnapshotLegend {
  const { marks } = m.timeline;
  return {
    marks: { created: marks.created, destroyed: marks.destroyed, finalized: marks.finalized, reused: marks.reused, refcount: marks.refcount },
    moreTypes: m.timeline.moreTypes,
    caption: `Refscope · ${m.share.exportCaption(cursor, steps)}`,
    axis: m.timeline.corner,
  };
}
