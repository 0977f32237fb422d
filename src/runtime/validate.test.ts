import { describe, expect, it } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { parseWorkerMessage } from './validate';

describe('parseWorkerMessage', () => {
  it('accepts well-formed messages', () => {
    const messages = [
      { type: 'ready', python: '3.14.2', pyodide: '314.0.7', loadMs: 1500 },
      { type: 'output', runId: 1, chunks: [{ step: 0, stream: 'stdout', text: 'hi\n' }] },
      { type: 'progress', runId: 1, steps: 10 },
      { type: 'done', runId: 1, trace: fakeTrace() },
      { type: 'failed', message: 'no wasm' },
    ];
    for (const message of messages) expect(parseWorkerMessage(message)).toBe(message);
  });

  it.each([
    ['not an object', 'ready'],
    ['null', null],
    ['unknown type', { type: 'exec', code: 'alert(1)' }],
    ['ready without versions', { type: 'ready', loadMs: 1 }],
    ['output with a bad stream', { type: 'output', runId: 1, chunks: [{ step: 0, stream: 'html', text: '<b>' }] }],
    ['output with non-string text', { type: 'output', runId: 1, chunks: [{ step: 0, stream: 'stdout', text: 5 }] }],
    ['progress without runId', { type: 'progress', steps: 1 }],
    ['done with an unknown status', { type: 'done', runId: 1, trace: { ...fakeTrace(), meta: { status: 'great' } } }],
    ['done without a trace', { type: 'done', runId: 1 }],
    ['failed without a message', { type: 'failed' }],
  ])('rejects %s', (_, data) => {
    expect(parseWorkerMessage(data)).toBeNull();
  });
});
