import { useMemo } from 'react';
import { useStore } from '../store';
import { useT } from '../i18n/useT';
import type { OutputChunk } from '../trace/types';

interface Run {
  stream: OutputChunk['stream'];
  text: string;
}

/** Joins consecutive chunks of one stream, so a long loop's output is a few text nodes. */
export function joinRuns(chunks: readonly OutputChunk[]): Run[] {
  const runs: Run[] = [];
  let parts: string[] = [];
  let stream: OutputChunk['stream'] | null = null;
  for (const chunk of chunks) {
    if (chunk.stream !== stream) {
      if (stream !== null) runs.push({ stream, text: parts.join('') });
      stream = chunk.stream;
      parts = [];
    }
    parts.push(chunk.text);
  }
  if (stream !== null) runs.push({ stream, text: parts.join('') });
  return runs;
}

/** The program's stdout and stderr, always as plain text (never as HTML). */
export function OutputPanel() {
  const t = useT();
  const output = useStore((s) => s.output);
  const runs = useMemo(() => joinRuns(output), [output]);
  return (
    <pre className="output" data-testid="output" aria-label={t.output.label} tabIndex={0}>
      {runs.map((run, i) => (
        <span key={i} className={run.stream === 'stderr' ? 'output-stderr' : undefined}>
          {run.text}
        </span>
      ))}
    </pre>
  );
}
