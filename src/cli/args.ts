/**
 * Arguments of `npm run trace -- FILE.py [--max-steps N] [--max-seconds S] [--seed N] [--format json|compact] [--out FILE]`.
 * Parsing is separate from running so that it can be tested without Python.
 */
import { DEFAULT_LIMITS, DEFAULT_SEED } from '../protocol/messages';

export interface TraceArgs {
  file: string;
  maxSteps: number;
  maxSeconds: number;
  seed: number;
  out: string | null;
  /** `json` (the readable export, default) or `compact` (docs/trace-format.md, "Compact recording"). */
  format: 'json' | 'compact';
}

export const USAGE =
  'usage: npm run trace -- FILE.py [--max-steps N] [--max-seconds S] [--seed N] [--format json|compact] [--out FILE]';

export class ArgsError extends Error {}

export function parseTraceArgs(argv: readonly string[]): TraceArgs {
  const args: TraceArgs = {
    file: '',
    maxSteps: DEFAULT_LIMITS.maxSteps,
    maxSeconds: DEFAULT_LIMITS.maxSeconds,
    seed: DEFAULT_SEED,
    out: null,
    format: 'json',
  };
  const number = (flag: string, value: string | undefined, integer: boolean, min: number): number => {
    const n = value === undefined || value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
      throw new ArgsError(`${flag} needs ${integer ? 'an integer' : 'a number'} >= ${min}, got ${value ?? 'nothing'}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--max-steps':
        args.maxSteps = number(flag, value(), true, 1);
        break;
      case '--max-seconds':
        args.maxSeconds = number(flag, value(), false, 0.001);
        break;
      case '--seed':
        args.seed = number(flag, value(), true, 0);
        if (args.seed > 4294967295) throw new ArgsError('--seed must be at most 4294967295 (PYTHONHASHSEED)');
        break;
      case '--out': {
        const out = value();
        if (!out) throw new ArgsError('--out needs a file name');
        args.out = out;
        break;
      }
      case '--format': {
        const format = value();
        if (format !== 'json' && format !== 'compact') throw new ArgsError(`--format is json or compact, got ${format ?? 'nothing'}`);
        args.format = format;
        break;
      }
      case '-h':
      case '--help':
        throw new ArgsError(USAGE);
      default:
        if (a.startsWith('-') && a !== '-') throw new ArgsError(`unknown option ${a}`);
        if (args.file) throw new ArgsError(`one program at a time (got ${args.file} and ${a})`);
        args.file = a;
    }
  }
  if (!args.file) throw new ArgsError('no program given');
  return args;
}
