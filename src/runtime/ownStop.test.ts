import { describe, expect, it } from 'vitest';
import { dropOwnStopReports } from './ownStop';

const OWN = `Exception ignored while calling deallocator <function Son.__del__ at 0x33a1f8>:
Traceback (most recent call last):
  File "main.py", line 7, in __del__
    print('Deleting instance')
RefscopeStop: Refscope ended the program (budget or Stop)
`;
const USERS = `Exception ignored while calling deallocator <function Son.__del__ at 0x33a1f8>:
Traceback (most recent call last):
  File "main.py", line 7, in __del__
    1 / 0
    ~~^~~
ZeroDivisionError: division by zero
`;

describe('dropOwnStopReports', () => {
  it("drops the report of Refscope's own stop, and nothing else", () => {
    expect(dropOwnStopReports(OWN)).toBe('');
    expect(dropOwnStopReports(`before\n${OWN}after\n`)).toBe('before\nafter\n');
  });

  it("keeps the user's own reports around it", () => {
    expect(dropOwnStopReports(USERS + OWN + USERS)).toBe(USERS + USERS);
    expect(dropOwnStopReports(USERS)).toBe(USERS);
  });

  it('keeps text that only mentions the name', () => {
    expect(dropOwnStopReports('print("RefscopeStop")\n')).toBe('print("RefscopeStop")\n');
  });
});
