import { describe, expect, it } from 'vitest';
import { streamStatus } from '../../src/model/status';

const created = { createdAt: 1000, activeAt: 1500 };

describe('streamStatus', () => {
  it('is CREATING until activeAt, then ACTIVE', () => {
    expect(streamStatus(created, 1000)).toBe('CREATING');
    expect(streamStatus(created, 1499)).toBe('CREATING');
    expect(streamStatus(created, 1500)).toBe('ACTIVE');
  });

  it('is UPDATING until updatingUntil, then ACTIVE again', () => {
    const t = { ...created, updatingUntil: 3000 };
    expect(streamStatus(t, 2999)).toBe('UPDATING');
    expect(streamStatus(t, 3000)).toBe('ACTIVE');
  });

  it('is DELETING from deletingAt until goneAt, then GONE', () => {
    const t = { ...created, deletingAt: 5000, goneAt: 5500 };
    expect(streamStatus(t, 4999)).toBe('ACTIVE');
    expect(streamStatus(t, 5000)).toBe('DELETING');
    expect(streamStatus(t, 5499)).toBe('DELETING');
    expect(streamStatus(t, 5500)).toBe('GONE');
  });

  it('lets deletion override CREATING and UPDATING', () => {
    expect(streamStatus({ ...created, deletingAt: 1200, goneAt: 1700 }, 1300)).toBe('DELETING');
    expect(streamStatus({ ...created, updatingUntil: 9000, deletingAt: 2000, goneAt: 2500 }, 2100)).toBe('DELETING');
    expect(streamStatus({ ...created, updatingUntil: 9000, deletingAt: 2000, goneAt: 2500 }, 2500)).toBe('GONE');
  });

  it('stays DELETING when no goneAt is known', () => {
    expect(streamStatus({ ...created, deletingAt: 2000 }, 10 ** 12)).toBe('DELETING');
  });

  it('treats null timestamps, as SQL returns them, as unset', () => {
    expect(streamStatus({ ...created, deletingAt: null, goneAt: null, updatingUntil: null }, 2000)).toBe('ACTIVE');
    expect(streamStatus({ ...created, deletingAt: null, goneAt: null, updatingUntil: null }, 1499)).toBe('CREATING');
  });
});
