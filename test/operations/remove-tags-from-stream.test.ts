// RemoveTagsFromStream: removes the named keys, ignores absent ones, AWS's character rules
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, expectEmptyOk, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { detected, invalidArgument, item, maxLength, minLength, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('RemoveTagsFromStream', [
    ['rejects an empty list of keys', { StreamName: 's', TagKeys: [] }, detected(item('[]', 'tagKeys', minLength(1)))],
    ['rejects an empty key on the whole list', { StreamName: 's', TagKeys: ['a', ''] }, detected(item('[a, ]', 'tagKeys', `Member must satisfy constraint: [${maxLength(128)}, ${minLength(1)}]`))],
    ['answers ResourceNotFoundException for a missing stream', { StreamName: 'missing', TagKeys: ['a'] }, notFound('missing')],
    [
      'rejects invalid characters in keys',
      { StreamName: 'untag-bad', TagKeys: ['a;b'] },
      invalidArgument('Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.'),
      () => createActiveStream('untag-bad'),
    ],
    [
      'rejects % with the remove wording',
      { StreamName: 'untag-pct', TagKeys: ['50%'] },
      invalidArgument(
        "Failed to remove tags from stream untag-pct under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
      ),
      () => createActiveStream('untag-pct'),
    ],
  ]);
});

describe('behaviour', () => {
  it('removes the named tags and ignores keys that are not there', async () => {
    await createActiveStream('untag', 1, { extra: { Tags: { a: '1', b: '2', c: '3' } } });
    expectEmptyOk(await kinesis('RemoveTagsFromStream', { StreamName: 'untag', TagKeys: ['b', 'zzz'] }));
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'untag' })).Tags).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'c', Value: '3' },
    ]);
  });
});
