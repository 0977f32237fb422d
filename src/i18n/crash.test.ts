import { describe, expect, it } from 'vitest';
import { describeCrash, CRASH_MESSAGES } from '../runtime/crash';
import { Records } from '../runtime/columns';
import { en } from './en';
import { zhCN } from './zh-CN';

describe('a crash of the interpreter, in the reader language', () => {
  const steps = new Records(4);
  const at = steps.next();
  steps.data.set([9, 0, 0, 0], at);
  const freeing = new Records(4);
  for (let i = 0; i < 200; i++) freeing.data.set([1, 100 + i, 0, 0], freeing.next());
  const codes = [{ name: '<module>', slotNames: [], slotIsCell: [] }];

  it('says a chain was being freed when the last events are a long run of destructions', () => {
    const { error } = describeCrash(freeing, steps, codes);
    expect(error).toMatchObject({ line: 9, message: CRASH_MESSAGES.freeing });
    expect(en.error.format(error)).toContain('one object inside the next');
    expect(en.error.format(error)).toContain('(line 9)');
    expect(zhCN.error.format(error)).toContain('一层套一层');
    expect(zhCN.error.format(error)).toContain('第 9 行');
  });

  it('says only that C code went too deep otherwise', () => {
    const { error } = describeCrash(new Records(4), steps, codes);
    expect(error.message).toBe(CRASH_MESSAGES.deep);
    expect(zhCN.error.format(error)).toContain('C 代码');
    expect(zhCN.error.format(error)).not.toContain('一层套一层');
  });
});
