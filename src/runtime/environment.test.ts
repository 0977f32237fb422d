/**
 * The error the page explains (./environment) is the one this engine raises: asyncio.run()
 * in a traced run, word for word, at the program's line.
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { errorHint } from './environment';

describe("errors that are the browser's", () => {
  it('asyncio.run() ends the run with the stack-switching error, which the page explains', async () => {
    const source = 'import asyncio\n\nasync def main():\n    return 1\n\nc = main()\nprint(type(c).__name__)\nasyncio.run(c)\n';
    const trace = (await freshEngine()).run(source, DEFAULT_LIMITS);
    expect(trace.meta.status).toBe('error');
    const error = trace.meta.error!;
    expect(error).toMatchObject({ type: 'RuntimeError', line: 8 });
    expect(errorHint(error)).toBe('asyncio');
    // The coroutine object was made and the lines before ran.
    expect(trace.output.map((c) => c.text).join('')).toMatch(/^coroutine\n/);
  });

  it('a RuntimeError of the program is not mistaken for it', async () => {
    const trace = (await freshEngine()).run("raise RuntimeError('stack switching')\n", DEFAULT_LIMITS);
    expect(errorHint(trace.meta.error!)).toBeNull();
  });
});
