// AddTagsToStream: add or overwrite, at most 50 per stream, AWS's character rules
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { NOT_NULL, detected, item, maxLength, minLength, notFound, serialization } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

const INVALID = 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.';
const listTags = async (name: string) => ok(await kinesis('ListTagsForStream', { StreamName: name })).Tags;

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('AddTagsToStream', [
    ['rejects a tag value that is not a string', { StreamName: 's', Tags: { a: true } }, serialization('class java.lang.Boolean can not be converted to an String')],
    ['requires Tags', { StreamName: 's' }, detected(item(null, 'tags', NOT_NULL))],
    ['rejects an empty Tags map', { StreamName: 's', Tags: {} }, detected(item('{}', 'tags', minLength(1)))],
    ['rejects an empty key on the whole map', { StreamName: 's', Tags: { '': 'v' } }, detected(item('{=v}', 'tags', `Map keys must satisfy constraint: [${maxLength(128)}, ${minLength(1)}]`))],
    ['answers ResourceNotFoundException for a missing stream', { StreamName: 'missing', Tags: { a: 'b' } }, notFound('missing')],
  ]);
});

describe('behaviour', () => {
  it('adds tags and overwrites existing values', async () => {
    await createActiveStream('tags-add');
    expectEmptyOk(await kinesis('AddTagsToStream', { StreamName: 'tags-add', Tags: { a: '1', b: '2' } }));
    expectEmptyOk(await kinesis('AddTagsToStream', { StreamName: 'tags-add', Tags: { b: 'two', c: '' } }));
    expect(await listTags('tags-add')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: 'two' },
      { Key: 'c', Value: '' },
    ]);
  });

  it('accepts Unicode letters, digits, white space and _ . / = + - @', async () => {
    await createActiveStream('tags-chars');
    expectEmptyOk(await kinesis('AddTagsToStream', { StreamName: 'tags-chars', Tags: { 'ключ 1': 'värde_./=+-@', '日本': 'x y' } }));
    expect(await listTags('tags-chars')).toHaveLength(2);
  });

  it('rejects other characters in keys or values', async () => {
    await createActiveStream('tags-bad');
    for (const tags of [{ 'a;b': 'v' }, { a: 'x,y' }, { a: '#' }, { 'a*': 'v' }]) {
      expectError(await kinesis('AddTagsToStream', { StreamName: 'tags-bad', Tags: tags }), 'InvalidArgumentException', INVALID);
    }
    expect(await listTags('tags-bad')).toEqual([]);
  });

  // AWS rejects tab and newline: only space-like white space is allowed.
  it('rejects tab and newline in keys or values', async () => {
    await createActiveStream('tags-ws');
    for (const tags of [{ a: 'tab\there' }, { 'new\nline': 'v' }]) {
      expectError(await kinesis('AddTagsToStream', { StreamName: 'tags-ws', Tags: tags }), 'InvalidArgumentException', INVALID);
    }
  });

  it('rejects % with its own message', async () => {
    await createActiveStream('tags-pct');
    for (const tags of [{ '100%': 'v' }, { a: '5%' }]) {
      expectError(
        await kinesis('AddTagsToStream', { StreamName: 'tags-pct', Tags: tags }),
        'InvalidArgumentException',
        "Failed to add tags to stream tags-pct under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
      );
    }
  });

  it('allows 50 tags and refuses the 51st', async () => {
    await createActiveStream('tags-50');
    const first = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']));
    const more = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${String(30 + i).padStart(2, '0')}`, 'v']));
    expectEmptyOk(await kinesis('AddTagsToStream', { StreamName: 'tags-50', Tags: first }));
    expectEmptyOk(await kinesis('AddTagsToStream', { StreamName: 'tags-50', Tags: more }));
    // Overwriting existing keys adds nothing.
    expectEmptyOk(await kinesis('AddTagsToStream', { StreamName: 'tags-50', Tags: { k00: 'again' } }));
    expectError(
      await kinesis('AddTagsToStream', { StreamName: 'tags-50', Tags: { k50: 'v' } }),
      'InvalidArgumentException',
      'Failed to add tags to stream tags-50 under account 000000000000 because a given stream cannot have more than 10 tags associated with it.',
    );
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'tags-50', Limit: 50 })).Tags).toHaveLength(50);
  });
});
