import { describe, expect, it } from 'vitest';
import { formatJavaUtcDate } from '../../src/model/java-date';

describe('formatJavaUtcDate', () => {
  it('prints the two dates of AWS\'s recorded ExpiredIteratorException', () => {
    expect(formatJavaUtcDate(Date.UTC(2015, 0, 22, 1, 22, 2))).toBe('Thu Jan 22 01:22:02 UTC 2015');
    expect(formatJavaUtcDate(Date.UTC(2015, 0, 22, 1, 27, 3, 999))).toBe('Thu Jan 22 01:27:03 UTC 2015');
  });

  it('pads day, hours, minutes and seconds to two digits', () => {
    expect(formatJavaUtcDate(Date.UTC(2024, 1, 29, 0, 0, 0))).toBe('Thu Feb 29 00:00:00 UTC 2024');
    expect(formatJavaUtcDate(Date.UTC(2025, 11, 7, 13, 5, 9))).toBe('Sun Dec 07 13:05:09 UTC 2025');
  });

  it('prints the epoch', () => {
    expect(formatJavaUtcDate(0)).toBe('Thu Jan 01 00:00:00 UTC 1970');
  });
});
