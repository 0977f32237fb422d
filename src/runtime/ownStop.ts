/**
 * Refscope ends a program by raising RefscopeStop from its line callback. Inside
 * `__del__` (or any other place CPython cannot propagate an exception from) CPython
 * prints that exception as "Exception ignored while calling deallocator …" on stderr
 * instead. That report is about Refscope's machinery, not the user's program: it is
 * dropped here, and every other report is kept as written.
 */

const REPORT_START = /^Exception ignored\b/;
const OWN_STOP = /^(?:\w+\.)*RefscopeStop\b/;

/** `text` without the "Exception ignored …" reports whose exception is RefscopeStop. */
export function dropOwnStopReports(text: string): string {
  if (!text.includes('RefscopeStop')) return text;
  const lines = text.split(/(?<=\n)/);
  const kept: string[] = [];
  let report: string[] | null = null;
  const close = () => {
    if (report && !report.some((l) => OWN_STOP.test(l))) kept.push(...report);
    report = null;
  };
  for (const line of lines) {
    if (REPORT_START.test(line)) {
      close();
      report = [line];
    } else if (report) {
      report.push(line);
      // A report ends with its exception's line: the first unindented line after its header.
      if (!/^[ \t]/.test(line) && !line.startsWith('Traceback (most recent call last)')) close();
    } else kept.push(line);
  }
  close();
  return kept.join('');
}
