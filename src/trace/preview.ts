/**
 * Value previews as the recorder keeps them: three numbers per preview (kind, a, b),
 * turned into text only when the trace is built, and only for the objects shown.
 * Making a string for every binding while the program runs cost more than all other
 * per-binding work together.
 */
export const PreviewKind = {
  /** a: the value (an int that fits one 30-bit digit, sign included). */
  int: 1,
  /** a, b: low and high words of the float64. */
  float: 2,
  true: 3,
  false: 4,
  none: 5,
  /** a: number of items. */
  tuple: 6,
  /** a: index into the recording's preview texts (strings, big ints). */
  text: 7,
} as const;

export function formatPreview(kind: number, a: number, b: number, texts: readonly string[]): string | null {
  switch (kind) {
    case PreviewKind.int:
      return String(a);
    case PreviewKind.float: {
      const words = new Int32Array([a, b]);
      return floatPreview(new Float64Array(words.buffer)[0] ?? 0);
    }
    case PreviewKind.true:
      return 'True';
    case PreviewKind.false:
      return 'False';
    case PreviewKind.none:
      return 'None';
    case PreviewKind.tuple:
      return a === 0 ? '()' : `(${a} item${a === 1 ? '' : 's'})`;
    case PreviewKind.text:
      return texts[a] ?? null;
    default:
      return null;
  }
}

/**
 * The number of items of a tuple's preview (`(3 items)`, as `formatPreview` writes it, and
 * as recordings keep it), or null for any other preview: the page says it in its language.
 * No other preview has this form (a str's is quoted).
 */
export function tupleItems(preview: string): number | null {
  const m = /^\((\d+) items?\)$/.exec(preview);
  return m ? Number(m[1]) : null;
}

/** Python's repr of a float for the common cases (`1.0`, `1.5`, `1e+20`, `inf`, `nan`). */
export function floatPreview(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}

/** How a class's preview starts (`class Son`), which its label shows (lifetimes.lifetimeLabel). */
export const CLASS_PREVIEW = 'class ';
