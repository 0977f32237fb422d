/** Where the installed `pyodide` package keeps its runtime files, for Node callers. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export function pyodideIndexURL(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('pyodide/package.json'))}/`;
}
