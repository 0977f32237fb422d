import { describe, expect, it } from 'vitest';
import { MAX_CHARS, strPreviewText } from './preview';

describe('strPreviewText', () => {
  it("spells every string as JSON's escapes between single quotes, whether or not it has anything to escape", () => {
    const strings = ['', 'abc', "it's", 'say "hi"', 'a\\b', 'tab\there', 'line\nbreak', '\u0000\u001f\u007f', 'héllo', '你好', '😀', '\ud800', '~ !#[]'];
    for (const s of strings) expect(strPreviewText(s, s.length)).toBe(`'${JSON.stringify(s).slice(1, -1)}'`);
  });

  it('ends a string longer than its preview with an ellipsis', () => {
    expect(strPreviewText('x'.repeat(MAX_CHARS), MAX_CHARS + 1)).toBe(`'${'x'.repeat(MAX_CHARS)}'…`);
    expect(strPreviewText('x'.repeat(MAX_CHARS), MAX_CHARS)).toBe(`'${'x'.repeat(MAX_CHARS)}'`);
  });
});
