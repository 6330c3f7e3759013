// The type pass: AWS's SerializationException wording (aws-behaviour §1.5) and what parseInput returns after coercion.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeFor } from '../../src/schema/compile';
import { decodeBase64 } from '../../src/schema/base64';
import { coerce } from '../../src/schema/serialization';
import { parseInput } from '../../src/schema/validate';
import { KinesisError } from '../../src/protocol/errors';
import { detected, item, referenceBase64, rejection, serialization } from './helpers';

const TRUNCATING = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';

describe('type mismatches give the SerializationException of aws-behaviour §1.5', () => {
  it.each([
    ['a boolean for a String', 'CreateStream', { StreamName: true }, 'class java.lang.Boolean can not be converted to an String'],
    ['a number for a String', 'CreateStream', { StreamName: 12 }, `${TRUNCATING} can not be converted to an String`],
    ['a number for a Blob', 'PutRecord', { Data: 12 }, `${TRUNCATING} can not be converted to a Blob`],
    ['a number for a Boolean', 'DeleteStream', { EnforceConsumerDeletion: 1 }, `${TRUNCATING} can not be converted to an Boolean`],
    ['a string for an Integer', 'CreateStream', { ShardCount: '1' }, 'class java.lang.String can not be converted to an Integer'],
    ['a boolean for an Integer', 'CreateStream', { ShardCount: true }, 'class java.lang.Boolean can not be converted to an Integer'],
    ['an unconvertible string for a Boolean', 'DeleteStream', { EnforceConsumerDeletion: '23' }, "'23' can not be converted to an Boolean"],
    ['a word for a Boolean, echoed upper-cased', 'DeleteStream', { EnforceConsumerDeletion: 'maybe' }, "'MAYBE' can not be converted to an Boolean"],
    ['a boolean for a Blob', 'PutRecord', { Data: true }, 'class java.lang.Boolean can not be converted to a Blob'],
    ['a string for a Timestamp', 'GetShardIterator', { Timestamp: '2020-01-01' }, 'class java.lang.String can not be converted to milliseconds since epoch'],
    ['a boolean for a Timestamp', 'GetShardIterator', { Timestamp: false }, 'class java.lang.Boolean can not be converted to milliseconds since epoch'],
    ['a list for a String', 'CreateStream', { StreamName: [] }, 'Start of list found where not expected'],
    ['a list for an Integer', 'CreateStream', { ShardCount: ['1'] }, 'Start of list found where not expected'],
    ['a list for a Boolean', 'DeleteStream', { EnforceConsumerDeletion: [] }, 'Start of list found where not expected'],
    ['a list for a Blob', 'PutRecord', { Data: [] }, 'Start of list found where not expected'],
    ['a list for a Timestamp', 'GetShardIterator', { Timestamp: [] }, 'Start of list found where not expected'],
    ['an object for a String', 'CreateStream', { StreamName: {} }, 'Start of structure or map found where not expected.'],
    ['an object for an Integer', 'CreateStream', { ShardCount: { a: 1 } }, 'Start of structure or map found where not expected.'],
    ['an object for a Boolean', 'DeleteStream', { EnforceConsumerDeletion: {} }, 'Start of structure or map found where not expected.'],
    ['an object for a Blob', 'PutRecord', { Data: {} }, 'Start of structure or map found where not expected.'],
    ['an object for a Timestamp', 'GetShardIterator', { Timestamp: {} }, 'Start of structure or map found where not expected.'],
    ['a string for a List', 'PutRecords', { Records: 'abc' }, 'Expected list or null'],
    ['a number for a List', 'RemoveTagsFromStream', { TagKeys: 1 }, 'Expected list or null'],
    ['an object for a List', 'PutRecords', { Records: {} }, 'Start of structure or map found where not expected.'],
    ['a boolean for a Map', 'AddTagsToStream', { Tags: true }, 'Expected map or null'],
    ['a string for a Map', 'AddTagsToStream', { Tags: 'a=b' }, 'Expected map or null'],
    ['a list for a Map', 'AddTagsToStream', { Tags: [] }, 'Start of list found where not expected'],
    ['a string for a Structure', 'CreateStream', { StreamModeDetails: 'ON_DEMAND' }, 'Expected null'],
    ['a number for a Structure', 'ListShards', { ShardFilter: 5 }, 'Expected null'],
    ['a list for a Structure', 'CreateStream', { StreamModeDetails: [] }, 'Start of list found where not expected'],
  ])('%s', (_name, operation, body, message) => {
    expect(rejection(operation, body)).toEqual(serialization(message));
  });

  it('names Long in the message for a Long member', () => {
    const long = { kind: 'long', name: 'SomeLong', constraintText: '[]' } as const;
    expect(() => coerce(long, 'x', 'json')).toThrowError(new KinesisError('SerializationException', 'class java.lang.String can not be converted to an Long'));
    expect(() => coerce(long, true, 'json')).toThrowError('class java.lang.Boolean can not be converted to an Long');
  });

  it('checks elements of lists, values of maps and members of nested structures', () => {
    expect(rejection('PutRecords', { Records: [{ Data: 'AAAA', PartitionKey: 'a' }, { PartitionKey: 5 }] })).toEqual(
      serialization(`${TRUNCATING} can not be converted to an String`),
    );
    expect(rejection('RemoveTagsFromStream', { TagKeys: ['a', false] })).toEqual(
      serialization('class java.lang.Boolean can not be converted to an String'),
    );
    expect(rejection('AddTagsToStream', { Tags: { a: 'b', c: 1 } })).toEqual(serialization(`${TRUNCATING} can not be converted to an String`));
    expect(rejection('CreateStream', { StreamModeDetails: { StreamMode: [] } })).toEqual(serialization('Start of list found where not expected'));
    expect(rejection('PutRecords', { Records: ['abc'] })).toEqual(serialization('Expected null'));
  });

  it('reports the first mismatch in validation member order, not body order', () => {
    // PutRecord's recorded order is SequenceNumberForOrdering, PartitionKey, ExplicitHashKey, Data, StreamName.
    expect(rejection('PutRecord', { StreamName: 1, Data: true, PartitionKey: {} })).toEqual(
      serialization('Start of structure or map found where not expected.'),
    );
    expect(rejection('PutRecord', { StreamName: 1, Data: true })).toEqual(serialization('class java.lang.Boolean can not be converted to a Blob'));
  });

  it('runs before the constraint pass, so a type error wins over broken constraints', () => {
    expect(rejection('CreateStream', { StreamName: '', ShardCount: 0, Tags: 'x' })).toEqual(serialization('Expected map or null'));
  });
});

describe('base64 blobs are decoded strictly, with the three messages of aws-behaviour §1.5', () => {
  it.each([
    ['a length not a multiple of 4', '23456', "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
    ['a character outside the alphabet', 'ab!d', "'ab!d' can not be converted to a Blob: Invalid Base64 character: '!'"],
    ['a pad character followed by data', '=+/=', "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"],
    ['a pad in the middle', 'QQ==QQ==', "'QQ==QQ==' can not be converted to a Blob: Invalid Base64 character: '='"],
    ['set pad bits before one pad', '+/+=', "'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
    ['set pad bits before two pads', 'QR==', "'QR==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
    ['three pads', 'Q===', "'Q===' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
    ['url-safe characters', 'ab-_', "'ab-_' can not be converted to a Blob: Invalid Base64 character: '-'"],
  ])('rejects %s', (_name, data, message) => {
    expect(rejection('PutRecord', { Data: data })).toEqual(serialization(message));
  });

  it.each([
    ['', []],
    ['QQ==', [65]],
    ['QUI=', [65, 66]],
    ['QUJD', [65, 66, 67]],
    ['aGVsbG8gd29ybGQ=', [...'hello world'].map((c) => c.charCodeAt(0))],
    ['+/8A', [0xfb, 0xff, 0x00]],
  ])('decodes %j to its bytes', (text, bytes) => {
    expect(decodeBase64(text)).toEqual(new Uint8Array(bytes));
  });

  it('accepts and rejects exactly what a strict re-encoding check accepts (kinesalite reference)', () => {
    const ours = (text: string): Uint8Array | string => {
      try {
        return decodeBase64(text, null);
      } catch (err) {
        return (err as Error).message;
      }
    };
    const chars = fc.constantFrom(...'AQgw/+=9_'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (list) => {
        const text = list.join('');
        expect(ours(text)).toEqual(referenceBase64(text));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(decodeBase64(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
      }),
    );
  });

  it('decodes the same bytes without a platform decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(decodeBase64(Buffer.from(bytes).toString('base64'), null)).toEqual(bytes);
      }),
    );
  });
});

describe('coercion shapes the returned input', () => {
  it('drops JSON nulls and members the model does not know', () => {
    expect(parseInput('CreateStream', { StreamName: 'a', ShardCount: null, Foo: 1, streamName: 'b' }, 'json')).toEqual({ StreamName: 'a' });
  });

  it('floors fractional integers', () => {
    expect(parseInput('CreateStream', { StreamName: 'a', ShardCount: 2.9 }, 'json')).toEqual({ StreamName: 'a', ShardCount: 2 });
  });

  it('clamps integers to the Java int range, which then shows in validation messages', () => {
    expect(parseInput('GetRecords', { ShardIterator: 'x', Limit: 0.5e1 }, 'json')).toEqual({ ShardIterator: 'x', Limit: 5 });
    expect(rejection('GetRecords', { ShardIterator: 'x', Limit: 1e20 })).toEqual(
      detected(item('2147483647', 'limit', 'Member must have value less than or equal to 10000')),
    );
    expect(rejection('CreateStream', { StreamName: 'a', ShardCount: -1e12 })).toEqual(
      detected(item('-2147483648', 'shardCount', 'Member must have value greater than or equal to 1')),
    );
  });

  it('clamps Long members to the exactly representable range', () => {
    const long = { kind: 'long', name: 'SomeLong', constraintText: '[]' } as const;
    expect(coerce(long, 1e300, 'json')).toBe(Number.MAX_SAFE_INTEGER);
    expect(coerce(long, -7.5, 'json')).toBe(-8);
  });

  it('converts the strings true, false, 1, 0, yes and no to booleans in any case', () => {
    const enforce = (v: unknown): unknown => parseInput('DeleteStream', { StreamName: 'a', EnforceConsumerDeletion: v }, 'json').EnforceConsumerDeletion;
    expect(['true', 'TRUE', '1', 'yes', 'Yes'].map(enforce)).toEqual([true, true, true, true, true]);
    expect(['false', 'False', '0', 'no', 'NO'].map(enforce)).toEqual([false, false, false, false, false]);
    expect([true, false].map(enforce)).toEqual([true, false]);
  });

  it('decodes JSON blobs to bytes and reads JSON timestamps as epoch seconds', () => {
    const put = parseInput('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: 'aGk=' }, 'json');
    expect(put.Data).toEqual(new Uint8Array([104, 105]));
    const it = parseInput('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: 1700000000.1234 }, 'json');
    expect(it.Timestamp).toBe(1700000000123);
  });

  it('accepts CBOR byte strings as blobs unchanged, and base64 text too', () => {
    const data = new Uint8Array([0, 1, 2, 255]);
    expect(parseInput('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data }, 'cbor').Data).toBe(data);
    expect(parseInput('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: 'AAEC/w==' }, 'cbor').Data).toEqual(data);
    expect(rejection('PutRecord', { Data: 'AAE' }, 'cbor')).toEqual(
      serialization("'AAE' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"),
    );
  });

  it('reads CBOR timestamps as epoch milliseconds, from numbers, bigints or dates', () => {
    const read = (Timestamp: unknown): unknown =>
      parseInput('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: 'AT_TIMESTAMP', Timestamp }, 'cbor').Timestamp;
    expect(read(1700000000123)).toBe(1700000000123);
    expect(read(1700000000123n)).toBe(1700000000123);
    expect(read(new Date(1700000000123))).toBe(1700000000123);
  });

  it('accepts CBOR bigints for integers, clamped like numbers', () => {
    expect(parseInput('CreateStream', { StreamName: 'a', ShardCount: 3n }, 'cbor').ShardCount).toBe(3);
    expect(rejection('GetRecords', { ShardIterator: 'x', Limit: 2n ** 40n }, 'cbor')).toEqual(
      detected(item('2147483647', 'limit', 'Member must have value less than or equal to 10000')),
    );
    expect(parseInput('CreateStream', { StreamName: 'a', ShardCount: 2n ** 40n }, 'cbor').ShardCount).toBe(2147483647);
  });

  it('coerces nested structures, lists and maps recursively', () => {
    expect(
      parseInput('CreateStream', { StreamName: 'a', StreamModeDetails: { StreamMode: 'ON_DEMAND', Extra: 1 }, Tags: { k: 'v', e: '' } }, 'json'),
    ).toEqual({ StreamName: 'a', StreamModeDetails: { StreamMode: 'ON_DEMAND' }, Tags: { k: 'v', e: '' } });
    const records = parseInput('PutRecords', { StreamName: 's', Records: [{ Data: 'AA==', PartitionKey: 'a', ExplicitHashKey: null, X: 1 }] }, 'json');
    expect(records).toEqual({ StreamName: 's', Records: [{ Data: new Uint8Array([0]), PartitionKey: 'a' }] });
  });

  it('keeps a __proto__ tag key as data rather than a prototype', () => {
    const body = JSON.parse('{"StreamName":"a","Tags":{"__proto__":"x","b":"y"}}') as Record<string, unknown>;
    const tags = parseInput('AddTagsToStream', body, 'json').Tags as Record<string, unknown>;
    expect(Object.keys(tags)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
  });

  it('compiles each shape once and reuses it', () => {
    expect(nodeFor('StreamName')).toBe(nodeFor('StreamName'));
  });
});
