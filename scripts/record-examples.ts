/**
 * `npm run record`: re-makes the recordings that ship with the app, one per gallery example,
 * with the engine itself (src/cli/record.ts), into public/recordings/ (Vite copies public/
 * into dist/). Run it after changing an example, the engine or the Pyodide version;
 * src/cli/record.test.ts fails until you do.
 *
 *   npm run record [-- ID ...]      only the examples named (the manifest keeps the others)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeRecording, expectedEntry, MANIFEST_NOTE, recordExample, type RecordingManifest } from '../src/cli/record';
import { EXAMPLES } from '../src/examples';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'recordings');
const manifestPath = path.join(dir, 'index.json');

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((id) => !EXAMPLES.some((e) => e.id === id));
  if (unknown.length > 0) throw new Error(`no such example: ${unknown.join(', ')}`);
  mkdirSync(dir, { recursive: true });
  const old: RecordingManifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { note: '', recordings: {} };
  const manifest: RecordingManifest = { note: MANIFEST_NOTE, recordings: {} };
  for (const example of EXAMPLES) {
    const keep = only.length > 0 && !only.includes(example.id) ? old.recordings[example.id] : undefined;
    if (keep) {
      manifest.recordings[example.id] = keep;
      continue;
    }
    const entry = expectedEntry(example);
    const trace = await recordExample(example);
    const bytes = await encodeRecording(trace);
    writeFileSync(path.join(dir, entry.file), bytes);
    manifest.recordings[example.id] = entry;
    process.stderr.write(
      `${example.id}: ${trace.meta.status}, ${trace.steps.line.length} steps, ${trace.objects.address.length} objects, ${(bytes.length / 1024).toFixed(1)} KB\n`,
    );
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`record: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
