// RemoveTagsFromStream (facts §3.11): removes the named keys, ignores absent ones, AWS's character rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('validation', () => {
  it('rejects an empty list of keys', async () => {
    expectError(
      await kinesis('RemoveTagsFromStream', { StreamName: 's', TagKeys: [] }),
      'ValidationException',
      "1 validation error detected: Value '[]' at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('rejects an empty key on the whole list', async () => {
    expectError(
      await kinesis('RemoveTagsFromStream', { StreamName: 's', TagKeys: ['a', ''] }),
      'ValidationException',
      "1 validation error detected: Value '[a, ]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]",
    );
  });
});

describe('behaviour', () => {
  it('answers ResourceNotFoundException for a missing stream', async () => {
    expectError(await kinesis('RemoveTagsFromStream', { StreamName: 'missing', TagKeys: ['a'] }), 'ResourceNotFoundException', 'Stream missing under account 000000000000 not found.');
  });

  it('removes the named tags and ignores keys that are not there', async () => {
    await createActiveStream('untag', 1, { extra: { Tags: { a: '1', b: '2', c: '3' } } });
    expectEmptyOk(await kinesis('RemoveTagsFromStream', { StreamName: 'untag', TagKeys: ['b', 'zzz'] }));
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'untag' })).Tags).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'c', Value: '3' },
    ]);
  });

  it('rejects invalid characters in keys', async () => {
    await createActiveStream('untag-bad');
    expectError(
      await kinesis('RemoveTagsFromStream', { StreamName: 'untag-bad', TagKeys: ['a;b'] }),
      'InvalidArgumentException',
      'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.',
    );
  });

  it('rejects % with the remove wording', async () => {
    await createActiveStream('untag-pct');
    expectError(
      await kinesis('RemoveTagsFromStream', { StreamName: 'untag-pct', TagKeys: ['50%'] }),
      'InvalidArgumentException',
      "Failed to remove tags from stream untag-pct under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
    );
  });
});
