// TagResource, UntagResource and ListTagsForResource: tags of streams and consumers by ARN, with the stream tag rules
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html). A stream's tags are the ones
// AddTagsToStream and ListTagsForStream see; a consumer's include RegisterStreamConsumer's Tags.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { NOT_NULL, detected, item, maxLength, minLength, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';
import { shapes } from '../../src/schema/shapes.generated';

const ACCOUNT = '000000000000';
const streamArn = (name: string, account = ACCOUNT) => `arn:aws:kinesis:us-east-1:${account}:stream/${name}`;
const pattern = (p: string) => `Member must satisfy regular expression pattern: ${p}`;
const INVALID = 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.';
const tagsOf = async (arn: string) => ok(await kinesis('ListTagsForResource', { ResourceARN: arn })).Tags;
const register = async (stream: string, consumer: string, tags?: Record<string, string>) =>
  ok(await kinesis('RegisterStreamConsumer', { StreamARN: streamArn(stream), ConsumerName: consumer, ...(tags ? { Tags: tags } : {}) })).Consumer.ConsumerARN as string;

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  const long = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${'s'.repeat(2048)}`;
  itRefuses('TagResource', [
    ['needs Tags and ResourceARN', {}, detected(item(null, 'tags', NOT_NULL), item(null, 'resourceARN', NOT_NULL))],
    ['checks the ResourceARN pattern', { ResourceARN: 'arn:aws:s3:::b', Tags: { a: 'b' } }, detected(item('arn:aws:s3:::b', 'resourceARN', pattern(shapes.ResourceARN.pattern)))],
    ['checks the ResourceARN length', { ResourceARN: long, Tags: { a: 'b' } }, detected(item(long, 'resourceARN', maxLength(2048)))],
    ['rejects an empty Tags map', { ResourceARN: streamArn('s'), Tags: {} }, detected(item('{}', 'tags', minLength(1)))],
    ['refuses an ARN the pattern lets through that names no stream or consumer', { ResourceARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:xstream/s`, Tags: { a: 'b' } }, { type: 'InvalidArgumentException', message: `ResourceARN arn:aws:kinesis:us-east-1:${ACCOUNT}:xstream/s is invalid.` }],
    ['answers not found for a missing stream', { ResourceARN: streamArn('ghost'), Tags: { a: 'b' } }, notFound('ghost')],
    ['answers not found for a stream ARN of another region', { ResourceARN: 'arn:aws:kinesis:us-west-2:000000000000:stream/s', Tags: { a: 'b' } }, notFound('s')],
    [
      'answers not found for a missing consumer',
      { ResourceARN: `${streamArn('has-no-consumer')}/consumer/c:1`, Tags: { a: 'b' } },
      { type: 'ResourceNotFoundException', message: `Consumer c under stream has-no-consumer under account ${ACCOUNT} not found.` },
      () => createActiveStream('has-no-consumer'),
    ],
  ]);
  itRefuses('UntagResource', [
    ['needs TagKeys and ResourceARN', {}, detected(item(null, 'tagKeys', NOT_NULL), item(null, 'resourceARN', NOT_NULL))],
    ['rejects an empty TagKeys list', { ResourceARN: streamArn('s'), TagKeys: [] }, detected(item('[]', 'tagKeys', minLength(1)))],
    ['answers not found for a missing stream', { ResourceARN: streamArn('ghost'), TagKeys: ['a'] }, notFound('ghost')],
  ]);
  itRefuses('ListTagsForResource', [
    ['needs ResourceARN', {}, detected(item(null, 'resourceARN', NOT_NULL))],
    ['answers not found for a missing stream', { ResourceARN: streamArn('ghost') }, notFound('ghost')],
  ]);
});

describe('stream tags by ARN', () => {
  it('are the tags AddTagsToStream and ListTagsForStream see, both ways', async () => {
    await createActiveStream('st', 1, { extra: { Tags: { created: 'yes' } } });
    expectEmptyOk(await kinesis('TagResource', { ResourceARN: streamArn('st'), Tags: { b: '2', a: '1' } }));
    expectEmptyOk(await kinesis('AddTagsToStream', { StreamName: 'st', Tags: { c: '3' } }));
    expect(await tagsOf(streamArn('st'))).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
      { Key: 'c', Value: '3' },
      { Key: 'created', Value: 'yes' },
    ]);
    expectEmptyOk(await kinesis('UntagResource', { ResourceARN: streamArn('st'), TagKeys: ['a', 'created', 'not-there'] }));
    expect(ok(await kinesis('ListTagsForStream', { StreamName: 'st' })).Tags).toEqual([
      { Key: 'b', Value: '2' },
      { Key: 'c', Value: '3' },
    ]);
  });

  it('follow the stream rules: characters, % and 50 per stream', async () => {
    await createActiveStream('rules');
    const arn = streamArn('rules');
    expectError(await kinesis('TagResource', { ResourceARN: arn, Tags: { 'a;b': 'v' } }), 'InvalidArgumentException', INVALID);
    expectError(
      await kinesis('TagResource', { ResourceARN: arn, Tags: { a: '5%' } }),
      'InvalidArgumentException',
      `Failed to add tags to stream rules under account ${ACCOUNT} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`,
    );
    expectEmptyOk(await kinesis('TagResource', { ResourceARN: arn, Tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) }));
    expectError(
      await kinesis('TagResource', { ResourceARN: arn, Tags: { k50: 'v' } }),
      'InvalidArgumentException',
      `Failed to add tags to stream rules under account ${ACCOUNT} because a given stream cannot have more than 10 tags associated with it.`,
    );
    expect(await tagsOf(arn)).toHaveLength(50);
  });
});

describe('consumer tags by ARN', () => {
  it("keep RegisterStreamConsumer's Tags, apart from the stream's", async () => {
    await createActiveStream('cs', 1, { extra: { Tags: { stream: 'tag' } } });
    const arn = await register('cs', 'app', { team: 'data', tier: 'gold' });
    expect(await tagsOf(arn)).toEqual([
      { Key: 'team', Value: 'data' },
      { Key: 'tier', Value: 'gold' },
    ]);
    expectEmptyOk(await kinesis('TagResource', { ResourceARN: arn, Tags: { tier: 'silver', z: '' } }));
    expectEmptyOk(await kinesis('UntagResource', { ResourceARN: arn, TagKeys: ['team'] }));
    expect(await tagsOf(arn)).toEqual([
      { Key: 'tier', Value: 'silver' },
      { Key: 'z', Value: '' },
    ]);
    expect(await tagsOf(streamArn('cs'))).toEqual([{ Key: 'stream', Value: 'tag' }]);
  });

  it('refuses bad characters and more than 50, naming the consumer', async () => {
    await createActiveStream('cr');
    expectError(
      await kinesis('RegisterStreamConsumer', { StreamARN: streamArn('cr'), ConsumerName: 'bad', Tags: { 'a,b': 'v' } }),
      'InvalidArgumentException',
      INVALID,
    );
    // A refused registration registers nothing.
    expect(ok(await kinesis('ListStreamConsumers', { StreamARN: streamArn('cr') })).Consumers).toEqual([]);
    const arn = await register('cr', 'app', Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])));
    expectError(
      await kinesis('TagResource', { ResourceARN: arn, Tags: { x: '1%' } }),
      'InvalidArgumentException',
      `Failed to add tags to consumer app of stream cr under account ${ACCOUNT} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`,
    );
    expectEmptyOk(await kinesis('TagResource', { ResourceARN: arn, Tags: { k0: 'again', k49: 'v' } }));
    expectError(
      await kinesis('TagResource', { ResourceARN: arn, Tags: { k50: 'v' } }),
      'InvalidArgumentException',
      `Failed to add tags to consumer app of stream cr under account ${ACCOUNT} because a given consumer cannot have more than 50 tags associated with it.`,
    );
    expect(await tagsOf(arn)).toHaveLength(50);
  });

  it('go with the consumer: a consumer registered again under the name starts without them', async () => {
    await createActiveStream('again');
    const first = await register('again', 'app', { old: 'tag' });
    expectEmptyOk(await kinesis('DeregisterStreamConsumer', { ConsumerARN: first }));
    advance(STATUS_DELAY_MS + 1);
    expectError(await kinesis('ListTagsForResource', { ResourceARN: first }), 'ResourceNotFoundException', `Consumer app under stream again under account ${ACCOUNT} not found.`);
    advance(1000); // a new registration second, so a new ARN
    const second = await register('again', 'app');
    expect(second).not.toBe(first);
    expect(await tagsOf(second)).toEqual([]);
  });
});
