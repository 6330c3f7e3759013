// ListTagsForStream: keys in byte order, ExclusiveStartTagKey exclusive, Limit 1-50 and HasMoreTags
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { detected, item, maxLength, maxValue, minValue, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

const keys = (reply: { Tags: { Key: string }[] }) => reply.Tags.map((t) => t.Key);

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('ListTagsForStream', [
    ['rejects Limit 0', { StreamName: 's', Limit: 0 }, detected(item('0', 'limit', minValue(1)))],
    ['rejects Limit 51', { StreamName: 's', Limit: 51 }, detected(item('51', 'limit', maxValue(50)))],
    ['rejects an ExclusiveStartTagKey over 128 characters', { StreamName: 's', ExclusiveStartTagKey: 'k'.repeat(129) }, detected(item('k'.repeat(129), 'exclusiveStartTagKey', maxLength(128)))],
    ['answers ResourceNotFoundException for a missing stream', { StreamName: 'missing' }, notFound('missing')],
  ]);
});

describe('behaviour', () => {
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
