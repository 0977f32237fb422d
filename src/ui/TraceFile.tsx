import { useEffect, useRef, useState } from 'react';
import { openTraceFile, prewarmTraceReading, useStore } from '../store';
import { saveFile } from './saveFile';
import { TRACE_FILE_TYPES, writeTraceFile, type TraceFileFormat } from '../trace/file';
import { useT } from './useT';

/** Save this run's recording (compact by default, JSON on request; docs/trace-format.md), or open one saved before. */
export function TraceFileMenu() {
  const t = useT();
  const hasTrace = useStore((s) => s.trace !== null);
  const input = useRef<HTMLInputElement>(null);

  const save = async (format: TraceFileFormat): Promise<void> => {
    const { trace, exampleId } = useStore.getState();
    if (!trace) return;
    const { extension, mime } = TRACE_FILE_TYPES[format];
    await saveFile(`refscope-${exampleId ?? 'trace'}${extension}`, async () => new Blob([(await writeTraceFile(trace, format)) as BlobPart], { type: mime }));
  };

  return (
    <div className="trace-file">
      <button type="button" className="button" data-testid="save-trace" disabled={!hasTrace} title={t.share.saveTraceTitle} onClick={() => void save('compact')}>
        {t.share.saveTrace}
      </button>
      <button
        type="button"
        className="button button-small"
        data-testid="save-trace-json"
        disabled={!hasTrace}
        title={t.share.saveTraceJsonTitle}
        onClick={() => void save('json')}
      >
        {t.share.saveTraceJson}
      </button>
      <button
        type="button"
        className="button"
        data-testid="open-trace"
        title={t.share.openTraceTitle}
        onClick={() => {
          prewarmTraceReading();
          input.current?.click();
        }}
      >
        {t.share.openTrace}
      </button>
      <input
        ref={input}
        type="file"
        accept=".refscope,.json,.gz,application/json,application/octet-stream"
        hidden
        data-testid="trace-file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void openTraceFile(file);
        }}
      />
    </div>
  );
}

const hasFiles = (e: DragEvent): boolean => [...(e.dataTransfer?.types ?? [])].includes('Files');

/**
 * A trace JSON dropped anywhere on the page opens it. Listens in the capture phase so that
 * a file dropped on the editor opens as a trace instead of being pasted into the program.
 */
export function TraceDropZone() {
  const t = useT();
  const [over, setOver] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      if (depth === 0) prewarmTraceReading();
      depth++;
      setOver(true);
    };
    const overHandler = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (e: DragEvent): void => {
      const file = e.dataTransfer?.files?.[0];
      depth = 0;
      setOver(false);
      if (!file) return;
      e.preventDefault();
      e.stopPropagation();
      void openTraceFile(file);
    };
    window.addEventListener('dragenter', enter, true);
    window.addEventListener('dragover', overHandler, true);
    window.addEventListener('dragleave', leave, true);
    window.addEventListener('drop', drop, true);
    return () => {
      window.removeEventListener('dragenter', enter, true);
      window.removeEventListener('dragover', overHandler, true);
      window.removeEventListener('dragleave', leave, true);
      window.removeEventListener('drop', drop, true);
    };
  }, []);

  return over ? (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <p>{t.share.drop}</p>
    </div>
  ) : null;
}
