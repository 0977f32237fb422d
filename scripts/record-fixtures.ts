/**
 * Re-makes the recorded traces under tests/fixtures/traces/ — small runs of real programs,
 * recorded by the engine itself (src/cli/record.ts), that the model and layout tests read
 * instead of loading Pyodide. Run it after changing the engine or the trace format, then
 * review the snapshot diffs the fixture tests report (`npx vitest run -u` accepts them).
 *
 *   npx tsx scripts/record-fixtures.ts [NAME ...]     only the fixtures named
 *
 * Wall time (`elapsedMs`) is written as 0 so that re-recording an unchanged engine changes
 * no byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordProgram } from '../src/cli/record';
import { traceToJSON } from '../src/trace/json';
import { DEFAULT_LIMITS } from '../src/protocol/messages';
import { FIXTURE_PROGRAMS } from '../tests/fixtures/programs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !FIXTURE_PROGRAMS.some((p) => p.name === name));
  if (unknown.length > 0) throw new Error(`no such fixture: ${unknown.join(', ')}`);
  for (const program of FIXTURE_PROGRAMS) {
    if (only.length > 0 && !only.includes(program.name)) continue;
    const code = program.source ?? readFileSync(path.join(root, 'tests', 'corpus', program.corpus ?? ''), 'utf8');
    const file = traceToJSON(await recordProgram(code, { ...DEFAULT_LIMITS, maxSteps: program.maxSteps }));
    file.elapsedMs = 0;
    const text = `${JSON.stringify(file)}\n`;
    writeFileSync(path.join(root, 'tests', 'fixtures', 'traces', `${program.name}.json`), text);
    process.stderr.write(`${program.name}: ${file.status}, ${file.steps.length} steps, ${file.objects.length} objects, ${(text.length / 1024).toFixed(1)} KB\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`record-fixtures: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
