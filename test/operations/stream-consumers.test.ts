// RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers and DeregisterStreamConsumer through the Worker:
// validation from the model's shapes, the lifecycle, AWS's limits, paging, and DeleteStream's EnforceConsumerDeletion
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html and the pages beside it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, restoreClock, waitForGone } from '../helpers/kinesis';
import { NOT_NULL, detected, item, maxLength, minValue } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';
import { shapes } from '../../src/schema/shapes.generated';

beforeEach(freshStart);
afterEach(() => restoreClock());

const ACCOUNT = '000000000000';
const streamArn = (name: string, region = 'us-east-1', partition = 'aws') => `arn:${partition}:kinesis:${region}:${ACCOUNT}:stream/${name}`;
const register = async (stream: string, consumer: string, opts = {}) => ok(await kinesis('RegisterStreamConsumer', { StreamARN: streamArn(stream), ConsumerName: consumer }, opts)).Consumer;
const describeConsumer = async (body: object) => ok(await kinesis('DescribeStreamConsumer', body)).ConsumerDescription;
const pattern = (p: string) => `Member must satisfy regular expression pattern: ${p}`;

describe('refusals', () => {
  const name = 'x'.repeat(shapes.ConsumerName.max + 1);
  itRefuses('RegisterStreamConsumer', [
    ['needs StreamARN and ConsumerName', {}, detected(item(null, 'streamARN', NOT_NULL), item(null, 'consumerName', NOT_NULL))],
    ['checks ConsumerName against the model', { StreamARN: streamArn('s'), ConsumerName: name }, detected(item(name, 'consumerName', maxLength(shapes.ConsumerName.max)))],
    ['checks the ConsumerName pattern', { StreamARN: streamArn('s'), ConsumerName: 'no such!' }, detected(item('no such!', 'consumerName', pattern(shapes.ConsumerName.pattern)))],
    ['answers not found for a stream that does not exist', { StreamARN: streamArn('ghost'), ConsumerName: 'c' }, { type: 'ResourceNotFoundException', message: `Stream ghost under account ${ACCOUNT} not found.` }],
    [
      'refuses a stream that is not ACTIVE',
      { StreamARN: streamArn('young'), ConsumerName: 'c' },
      { type: 'ResourceInUseException', message: `Stream young under account ${ACCOUNT} not ACTIVE, instead in state CREATING` },
      () => kinesis('CreateStream', { StreamName: 'young', ShardCount: 1 }),
    ],
  ]);
  itRefuses('DescribeStreamConsumer', [
    ['checks the ConsumerARN pattern', { ConsumerARN: 'arn:aws:kinesis:x' }, detected(item('arn:aws:kinesis:x', 'consumerARN', pattern(shapes.ConsumerARN.pattern)))],
    ['needs a ConsumerARN, or StreamARN and ConsumerName', { ConsumerName: 'c' }, { type: 'InvalidArgumentException', message: 'Either ConsumerARN or both StreamARN and ConsumerName should be provided.' }],
    [
      'refuses a ConsumerARN and ConsumerName that disagree',
      { ConsumerARN: `${streamArn('s')}/consumer/a:1`, ConsumerName: 'b' },
      { type: 'InvalidArgumentException', message: 'ConsumerARN and ConsumerName do not refer to the same consumer.' },
    ],
    [
      'refuses a ConsumerARN and StreamARN that disagree',
      { ConsumerARN: `${streamArn('s')}/consumer/a:1`, StreamARN: streamArn('t') },
      { type: 'InvalidArgumentException', message: 'ConsumerARN and StreamARN do not refer to the same stream.' },
    ],
  ]);
  itRefuses('ListStreamConsumers', [
    ['needs StreamARN', {}, detected(item(null, 'streamARN', NOT_NULL))],
    ['checks MaxResults against the model', { StreamARN: streamArn('s'), MaxResults: 0 }, detected(item('0', 'maxResults', minValue(shapes.ListStreamConsumersInputLimit.min)))],
    [
      'refuses NextToken with StreamCreationTimestamp',
      { StreamARN: streamArn('s'), NextToken: 'x', StreamCreationTimestamp: 1 },
      { type: 'InvalidArgumentException', message: 'NextToken and StreamCreationTimestamp cannot be provided together.' },
    ],
  ]);
  itRefuses('DeregisterStreamConsumer', [
    ['answers not found for a consumer that does not exist', { StreamARN: streamArn('s'), ConsumerName: 'c' }, { type: 'ResourceNotFoundException', message: `Consumer c under stream s under account ${ACCOUNT} not found.` }, () => createActiveStream('s')],
  ]);
});

describe('lifecycle', () => {
  it('CREATING for the create delay, ACTIVE, DELETING for the delete delay, then gone; the ARN names the creation second', async () => {
    await createActiveStream('s');
    const created = await register('s', 'app');
    const sec = Math.floor(Date.now() / 1000);
    expect(created).toEqual({
      ConsumerName: 'app',
      ConsumerARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s/consumer/app:${sec}`,
      ConsumerStatus: 'CREATING',
      ConsumerCreationTimestamp: sec,
    });
    const byArn = await describeConsumer({ ConsumerARN: created.ConsumerARN });
    expect(byArn).toEqual({ ...created, StreamARN: streamArn('s') });
    advance(STATUS_DELAY_MS - 1);
    expect((await describeConsumer({ StreamARN: streamArn('s'), ConsumerName: 'app' })).ConsumerStatus).toBe('CREATING');
    advance(1);
    expect((await describeConsumer({ StreamARN: streamArn('s'), ConsumerName: 'app', ConsumerARN: created.ConsumerARN })).ConsumerStatus).toBe('ACTIVE');
    expect(ok(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s') })).Consumers).toEqual([{ ...created, ConsumerStatus: 'ACTIVE' }]);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 's' })).StreamDescriptionSummary.ConsumerCount).toBe(1);

    expectEmptyOk(await kinesis('DeregisterStreamConsumer', { ConsumerARN: created.ConsumerARN }));
    expect((await describeConsumer({ ConsumerARN: created.ConsumerARN })).ConsumerStatus).toBe('DELETING');
    advance(STATUS_DELAY_MS);
    expectError(await kinesis('DescribeStreamConsumer', { ConsumerARN: created.ConsumerARN }), 'ResourceNotFoundException', `Consumer app under stream s under account ${ACCOUNT} not found.`);
    expect(ok(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s') })).Consumers).toEqual([]);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 's' })).StreamDescriptionSummary.ConsumerCount).toBe(0);

    // Registered again, a later second: a new ARN; the old one names nothing.
    advance(1000);
    const again = await register('s', 'app');
    expect(again.ConsumerARN).not.toBe(created.ConsumerARN);
    expectError(await kinesis('DescribeStreamConsumer', { ConsumerARN: created.ConsumerARN }), 'ResourceNotFoundException', `Consumer app under stream s under account ${ACCOUNT} not found.`);
  });

  it('a duplicate name is refused', async () => {
    await createActiveStream('s');
    await register('s', 'dup');
    expectError(
      await kinesis('RegisterStreamConsumer', { StreamARN: streamArn('s'), ConsumerName: 'dup' }),
      'ResourceInUseException',
      `Consumer dup under stream s under account ${ACCOUNT} already exists.`,
    );
  });

  it('builds ARNs in the partition of the region and reads them back', async () => {
    const opts = { region: 'cn-north-1' };
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'cn', ShardCount: 1 }, opts));
    advance(STATUS_DELAY_MS);
    const arn = `arn:aws-cn:kinesis:cn-north-1:${ACCOUNT}:stream/cn`;
    const c = ok(await kinesis('RegisterStreamConsumer', { StreamARN: arn, ConsumerName: 'c' }, opts)).Consumer;
    expect(c.ConsumerARN).toBe(`${arn}/consumer/c:${Math.floor(Date.now() / 1000)}`);
    expect(ok(await kinesis('DescribeStreamConsumer', { ConsumerARN: c.ConsumerARN }, opts)).ConsumerDescription.StreamARN).toBe(arn);
  });
});

describe('limits', () => {
  it('at most 5 CREATING at once and 20 per stream: LimitExceededException', async () => {
    await createActiveStream('s');
    for (let i = 0; i < 5; i++) await register('s', `c${i}`);
    expectError(
      await kinesis('RegisterStreamConsumer', { StreamARN: streamArn('s'), ConsumerName: 'sixth' }),
      'LimitExceededException',
      `Stream s under account ${ACCOUNT} already has 5 consumers in CREATING status; wait for one to become ACTIVE.`,
    );
    for (let i = 5; i < 20; i++) {
      if (i % 5 === 0) advance(STATUS_DELAY_MS);
      await register('s', `c${i}`);
    }
    advance(STATUS_DELAY_MS);
    expectError(
      await kinesis('RegisterStreamConsumer', { StreamARN: streamArn('s'), ConsumerName: 'c20' }),
      'LimitExceededException',
      `Stream s under account ${ACCOUNT} already has 20 registered consumers, the most a stream may have.`,
    );
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 's' })).StreamDescriptionSummary.ConsumerCount).toBe(20);
  });
});

describe('ListStreamConsumers paging', () => {
  it('pages by MaxResults with a NextToken that expires after 300 s; StreamCreationTimestamp must match', async () => {
    await createActiveStream('s');
    const names = Array.from({ length: 12 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    for (const [i, n] of names.entries()) {
      if (i % 5 === 0) advance(STATUS_DELAY_MS);
      await register('s', n);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = ok(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s'), MaxResults: 5, ...(token ? { NextToken: token } : {}) }));
      expect(page.Consumers.length).toBeLessThanOrEqual(5);
      seen.push(...page.Consumers.map((c: { ConsumerName: string }) => c.ConsumerName));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
    // Above 100 is served as 100 (all 12 here), and no token follows the last page.
    const all = ok(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s'), MaxResults: 5000 }));
    expect(all.Consumers).toHaveLength(12);
    expect(all.NextToken).toBeUndefined();

    const first = ok(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s'), MaxResults: 1 }));
    advance(300_001);
    expectError(
      await kinesis('ListStreamConsumers', { StreamARN: streamArn('s'), NextToken: first.NextToken }),
      'ExpiredNextTokenException',
      'The NextToken has expired. It was issued more than 300 seconds ago.',
    );
    expectError(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s'), NextToken: 'garbage' }), 'InvalidArgumentException', 'Invalid NextToken: garbage');
    const created = ok(await kinesis('DescribeStreamSummary', { StreamName: 's' })).StreamDescriptionSummary.StreamCreationTimestamp;
    expect(ok(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s'), StreamCreationTimestamp: created })).Consumers).toHaveLength(12);
    expectError(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s'), StreamCreationTimestamp: created - 10 }), 'ResourceNotFoundException', `Stream s under account ${ACCOUNT} not found.`);
  });
});

describe('DeleteStream and consumers', () => {
  it('refuses while consumers exist; EnforceConsumerDeletion deletes them with the stream; a re-created stream has none', async () => {
    await createActiveStream('s');
    const c = await register('s', 'app');
    expectError(
      await kinesis('DeleteStream', { StreamName: 's' }),
      'ResourceInUseException',
      `DeleteStream can\u2019t delete ${ACCOUNT}:s because there are consumers associated with this data stream. To delete s anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`,
    );
    expectError(await kinesis('DeleteStream', { StreamName: 's', EnforceConsumerDeletion: false }), 'ResourceInUseException', expect.stringContaining('DeleteStream can') as unknown as string);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 's' })).StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 's', EnforceConsumerDeletion: true }));
    expect((await describeConsumer({ ConsumerARN: c.ConsumerARN })).ConsumerStatus).toBe('DELETING');
    await waitForGone('s');
    await createActiveStream('s');
    expect(ok(await kinesis('ListStreamConsumers', { StreamARN: streamArn('s') })).Consumers).toEqual([]);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 's' })).StreamDescriptionSummary.ConsumerCount).toBe(0);
  });

  it('a stream whose consumers were all deregistered deletes without the flag', async () => {
    await createActiveStream('s');
    const c = await register('s', 'app');
    expectEmptyOk(await kinesis('DeregisterStreamConsumer', { ConsumerARN: c.ConsumerARN }));
    advance(STATUS_DELAY_MS);
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 's' }));
  });
});
