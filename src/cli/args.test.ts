import { describe, expect, it } from 'vitest';
import { ArgsError, parseTraceArgs } from './args';

describe('trace command line arguments', () => {
  it('takes a file and defaults', () => {
    expect(parseTraceArgs(['a.py'])).toEqual({ file: 'a.py', maxSteps: 100000, maxSeconds: 10, seed: 0, out: null, format: 'json' });
  });

  it('takes every option, with a space or an equals sign', () => {
    expect(parseTraceArgs(['--max-steps', '50', '--max-seconds=2.5', '--seed', '7', '--out', 'x.json', 'p.py'])).toEqual({
      file: 'p.py',
      maxSteps: 50,
      maxSeconds: 2.5,
      seed: 7,
      out: 'x.json',
      format: 'json',
    });
    expect(parseTraceArgs(['p.py', '--format', 'compact']).format).toBe('compact');
    expect(parseTraceArgs(['p.py', '--format=json']).format).toBe('json');
  });

  it.each([
    [[], /no program/],
    [['a.py', 'b.py'], /one program/],
    [['a.py', '--max-steps', 'ten'], /--max-steps needs an integer/],
    [['a.py', '--max-steps', '0'], /--max-steps/],
    [['a.py', '--seed', '-1'], /--seed/],
    [['a.py', '--max-seconds'], /--max-seconds needs a number/],
    [['a.py', '--frobnicate'], /unknown option --frobnicate/],
    [['a.py', '--format', 'xml'], /--format is json or compact/],
    [['a.py', '--format'], /--format is json or compact, got nothing/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseTraceArgs(argv)).toThrow(ArgsError);
    expect(() => parseTraceArgs(argv)).toThrow(message);
  });
});
