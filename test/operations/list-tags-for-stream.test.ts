// ListTagsForStream (facts §3.11): keys in byte order, ExclusiveStartTagKey exclusive, Limit 1-50 and HasMoreTags.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, expectError, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';

const keys = (reply: { Tags: { Key: string }[] }) => reply.Tags.map((t) => t.Key);

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('validation', () => {
  it('rejects Limit 0 and Limit 51', async () => {
    expectError(
      await kinesis('ListTagsForStream', { StreamName: 's', Limit: 0 }),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expectError(
      await kinesis('ListTagsForStream', { StreamName: 's', Limit: 51 }),
      'ValidationException',
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });

  it('rejects an ExclusiveStartTagKey over 128 characters', async () => {
    const key = 'k'.repeat(129);
    expectError(
      await kinesis('ListTagsForStream', { StreamName: 's', ExclusiveStartTagKey: key }),
      'ValidationException',
      `1 validation error detected: Value '${key}' at 'exclusiveStartTagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });
});

describe('behaviour', () => {
  it('answers ResourceNotFoundException for a missing stream', async () => {
    expectError(await kinesis('ListTagsForStream', { StreamName: 'missing' }), 'ResourceNotFoundException', 'Stream missing under account 000000000000 not found.');
  });

  it('answers a stream without tags with an empty list', async () => {
    await createActiveStream('no-tags');
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'no-tags' }))).toEqual({ Tags: [], HasMoreTags: false });
  });

  it('lists tags sorted by key in byte order', async () => {
    await createActiveStream('sorted', 1, { extra: { Tags: { b: '1', a: '2', B: '3', _: '4', '1': '5' } } });
    expect(keys(ok(await kinesis('ListTagsForStream', { StreamName: 'sorted' })))).toEqual(['1', 'B', '_', 'a', 'b']);
  });

  it('starts after ExclusiveStartTagKey, which need not exist', async () => {
    await createActiveStream('start-key', 1, { extra: { Tags: { a: '1', b: '2', c: '3', d: '4' } } });
    expect(keys(ok(await kinesis('ListTagsForStream', { StreamName: 'start-key', ExclusiveStartTagKey: 'b' })))).toEqual(['c', 'd']);
    expect(keys(ok(await kinesis('ListTagsForStream', { StreamName: 'start-key', ExclusiveStartTagKey: 'bb' })))).toEqual(['c', 'd']);
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'start-key', ExclusiveStartTagKey: 'd' }))).toEqual({ Tags: [], HasMoreTags: false });
  });

  it('stops at Limit and says HasMoreTags', async () => {
    await createActiveStream('limited', 1, { extra: { Tags: { a: '1', b: '2', c: '3' } } });
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'limited', Limit: 2 }))).toEqual({
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
      HasMoreTags: true,
    });
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'limited', Limit: 2, ExclusiveStartTagKey: 'b' }))).toEqual({
      Tags: [{ Key: 'c', Value: '3' }],
      HasMoreTags: false,
    });
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'limited', Limit: 3 })).HasMoreTags).toBe(false);
  });
});
