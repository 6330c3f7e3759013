// Start/StopStreamEncryption through the Worker: the KeyId forms AWS takes, UPDATING meanwhile, EncryptionType and
// KeyId in the descriptions, EncryptionType KMS on puts and on records written while encrypted (absent on others),
// and the 25 changes per rolling 24 hours
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, b64, createActiveStream, expectEmptyOk, freshStart, kinesis, ok, restoreClock, shardIterator, shardId } from '../helpers/kinesis';
import { detected, item, notActive, notFound, type Thrown } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';
import { activeConsumer, subscribe } from './subscribe-to-shard-helpers';

beforeEach(freshStart);
afterEach(() => restoreClock());

const GUID = '12345678-1234-1234-1234-123456789012';
const start = (name: string, KeyId: string, EncryptionType = 'KMS') => kinesis('StartStreamEncryption', { StreamName: name, EncryptionType, KeyId });
const stop = (name: string, KeyId = 'alias/aws/kinesis') => kinesis('StopStreamEncryption', { StreamName: name, EncryptionType: 'KMS', KeyId });
const summary = async (name: string) => ok(await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary;
const kmsNotFound = (keyId: string): Thrown => ({ type: 'KMSNotFoundException', message: `Invalid keyId ${keyId}` });
const stream = () => createActiveStream('s', 1);

describe('refusals', () => {
  for (const op of ['StartStreamEncryption', 'StopStreamEncryption']) {
    describe(op, () => {
      itRefuses(op, [
        ['needs EncryptionType and KeyId', { StreamName: 's' }, detected(item(null, 'encryptionType', 'Member must not be null'), item(null, 'keyId', 'Member must not be null'))],
        ['takes only the model\'s encryption types', { StreamName: 's', EncryptionType: 'AES', KeyId: GUID }, detected(item('AES', 'encryptionType', 'Member must satisfy enum value set: [NONE, KMS]'))],
        ['refuses EncryptionType NONE: KMS is the only valid value', { StreamName: 's', EncryptionType: 'NONE', KeyId: GUID }, { type: 'InvalidArgumentException', message: 'Encryption type NONE is not valid: the only valid value is KMS.' }],
        ['refuses an empty KeyId', { StreamName: 's', EncryptionType: 'KMS', KeyId: '' }, detected(item('', 'keyId', 'Member must have length greater than or equal to 1'))],
        ['refuses a KeyId that names no key form', { StreamName: 's', EncryptionType: 'KMS', KeyId: 'my-key' }, kmsNotFound('my-key')],
        ['refuses a GUID with a wrong digit count', { StreamName: 's', EncryptionType: 'KMS', KeyId: '1234-1234' }, kmsNotFound('1234-1234')],
        ['refuses an alias with a space', { StreamName: 's', EncryptionType: 'KMS', KeyId: 'alias/my key' }, kmsNotFound('alias/my key')],
        ['refuses a key ARN of another Region', { StreamName: 's', EncryptionType: 'KMS', KeyId: `arn:aws:kms:eu-west-1:123456789012:key/${GUID}` }, kmsNotFound(`arn:aws:kms:eu-west-1:123456789012:key/${GUID}`)],
        ['refuses an ARN of another service', { StreamName: 's', EncryptionType: 'KMS', KeyId: `arn:aws:s3:us-east-1:123456789012:key/${GUID}` }, kmsNotFound(`arn:aws:s3:us-east-1:123456789012:key/${GUID}`)],
        ['answers a missing stream', { StreamName: 'missing', EncryptionType: 'KMS', KeyId: GUID }, notFound('missing')],
        ['refuses a CREATING stream', { StreamName: 'c', EncryptionType: 'KMS', KeyId: GUID }, notActive('c', 'CREATING'), () => kinesis('CreateStream', { StreamName: 'c', ShardCount: 1 })],
      ]);
    });
  }

  it('refuses a change while the last one is UPDATING, then takes it once ACTIVE', async () => {
    await stream();
    expectEmptyOk(await start('s', GUID));
    expect((await stop('s')).body).toEqual({ __type: 'ResourceInUseException', message: 'Stream s under account 000000000000 not ACTIVE, instead in state UPDATING' });
    advance(STATUS_DELAY_MS);
    expectEmptyOk(await stop('s'));
  });

  it('refuses the 26th start within a rolling 24 hours, stops counting apart, and allows it once the first is a day old', async () => {
    await stream();
    for (let i = 0; i < 25; i++) {
      expectEmptyOk(await start('s', GUID));
      advance(STATUS_DELAY_MS);
    }
    const limit = { __type: 'LimitExceededException', message: 'StartStreamEncryption on stream s under account 000000000000 exceeds a limit: at most 25 per rolling 24 hours.' };
    expect((await start('s', GUID)).body).toEqual(limit);
    expectEmptyOk(await stop('s'));
    advance(24 * 3600_000 - 25 * STATUS_DELAY_MS + 1);
    expectEmptyOk(await start('s', GUID));
  });
});

describe('behaviour', () => {
  it('takes every KeyId form AWS documents', async () => {
    await stream();
    for (const keyId of [
      GUID,
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      `arn:aws:kms:us-east-1:123456789012:key/${GUID}`,
      'arn:aws:kms:us-east-1:123456789012:alias/MyAliasName',
      'alias/MyAliasName',
      'alias/aws/kinesis',
    ]) {
      expectEmptyOk(await start('s', keyId));
      expect(await summary('s')).toMatchObject({ EncryptionType: 'KMS', KeyId: keyId, StreamStatus: 'UPDATING' });
      advance(STATUS_DELAY_MS);
    }
  });

  it('shows in both descriptions, UPDATING then ACTIVE; stopping drops the KeyId', async () => {
    await stream();
    const before = await summary('s');
    expect(before.EncryptionType).toBe('NONE');
    expect(before).not.toHaveProperty('KeyId');
    expectEmptyOk(await start('s', 'alias/aws/kinesis'));
    const described = ok(await kinesis('DescribeStream', { StreamName: 's' })).StreamDescription;
    expect(described).toMatchObject({ StreamStatus: 'UPDATING', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    advance(STATUS_DELAY_MS);
    expect(await summary('s')).toMatchObject({ StreamStatus: 'ACTIVE', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    expectEmptyOk(await stop('s'));
    advance(STATUS_DELAY_MS);
    const after = await summary('s');
    expect(after).toMatchObject({ StreamStatus: 'ACTIVE', EncryptionType: 'NONE' });
    expect(after).not.toHaveProperty('KeyId');
  });

  it('marks puts and records written while encrypted, and only those', async () => {
    await stream();
    const plain = ok(await kinesis('PutRecord', { StreamName: 's', PartitionKey: 'a', Data: b64('plain') }));
    expect(plain).not.toHaveProperty('EncryptionType');
    expectEmptyOk(await start('s', GUID));
    // Reads and writes go on while UPDATING [DOC].
    expect(ok(await kinesis('PutRecord', { StreamName: 's', PartitionKey: 'a', Data: b64('secret-1') })).EncryptionType).toBe('KMS');
    const batch = ok(await kinesis('PutRecords', { StreamName: 's', Records: [{ PartitionKey: 'a', Data: b64('secret-2') }] }));
    expect(batch).toMatchObject({ FailedRecordCount: 0, EncryptionType: 'KMS' });
    advance(STATUS_DELAY_MS);
    expectEmptyOk(await stop('s'));
    const unencrypted = ok(await kinesis('PutRecords', { StreamName: 's', Records: [{ PartitionKey: 'a', Data: b64('plain-again') }] }));
    expect(unencrypted).not.toHaveProperty('EncryptionType');
    const records = ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('s', shardId(0)) })).Records;
    expect(records.map((r: any) => [Buffer.from(r.Data, 'base64').toString(), r.EncryptionType])).toEqual([
      ['plain', undefined],
      ['secret-1', 'KMS'],
      ['secret-2', 'KMS'],
      ['plain-again', undefined],
    ]);
    expect(records[0]).not.toHaveProperty('EncryptionType');
  });

  it('marks SubscribeToShard records written while encrypted, and only those', async () => {
    await stream();
    const arn = await activeConsumer('s');
    const reader = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    ok(await kinesis('PutRecord', { StreamName: 's', PartitionKey: 'a', Data: b64('plain') }));
    const first = (await reader.nextWithRecords())!.json.Records;
    expect(first.map((r: any) => Buffer.from(r.Data, 'base64').toString())).toEqual(['plain']);
    expect(first[0]).not.toHaveProperty('EncryptionType');
    expectEmptyOk(await start('s', GUID));
    ok(await kinesis('PutRecord', { StreamName: 's', PartitionKey: 'a', Data: b64('secret') }));
    const second = (await reader.nextWithRecords())!.json.Records;
    expect(second.map((r: any) => [Buffer.from(r.Data, 'base64').toString(), r.EncryptionType])).toEqual([['secret', 'KMS']]);
    await reader.cancel();
  });

  it('starts a re-created stream unencrypted', async () => {
    await stream();
    expectEmptyOk(await start('s', GUID));
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 's' }));
    advance(2 * STATUS_DELAY_MS);
    await createActiveStream('s', 1);
    const fresh = await summary('s');
    expect(fresh.EncryptionType).toBe('NONE');
    expect(fresh).not.toHaveProperty('KeyId');
  });
});
