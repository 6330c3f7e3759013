// Golden frames of the event-stream encoder (src/protocol/event-stream.ts), run inside workerd where it runs for real.
// The expected bytes were computed outside this code (Python's struct and zlib.crc32 over the layout of
// https://smithy.io/2.0/aws/amazon-eventstream.html) and are written out here; the SDK's own decoder
// (@smithy/core's EventStreamCodec) must read each back.
import { describe, expect, test } from 'vitest';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { encodeMessage, eventMessage, exceptionMessage } from '../../src/protocol/event-stream';

const JSON_11 = 'application/x-amz-json-1.1';
const hex = (s: string) => s.replace(/\s+/g, '');
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const utf8 = (s: string) => new TextEncoder().encode(s);
const codec = new EventStreamCodec((b) => new TextDecoder().decode(b), (s) => new TextEncoder().encode(s));

const INITIAL = hex(`
  0000007200000060ab820d9e0b3a6576656e742d74797065070010696e697469616c2d726573706f6e73650d3a636f6e
  74656e742d7479706507001a6170706c69636174696f6e2f782d616d7a2d6a736f6e2d312e310d3a6d6573736167652d
  747970650700056576656e747b7dacae6b7d`);
const EVENT = hex(`
  000000bb000000653fed73bb0b3a6576656e742d74797065070015537562736372696265546f53686172644576656e74
  0d3a636f6e74656e742d7479706507001a6170706c69636174696f6e2f782d616d7a2d6a736f6e2d312e310d3a6d6573
  736167652d747970650700056576656e747b22436f6e74696e756174696f6e53657175656e63654e756d626572223a22
  31222c224d696c6c6973426568696e644c6174657374223a302c225265636f726473223a5b5d7d3289a653`);
const EXCEPTION = hex(`
  0000009300000071d486c3030f3a657863657074696f6e2d747970650700195265736f757263654e6f74466f756e6445
  7863657074696f6e0d3a636f6e74656e742d7479706507001a6170706c69636174696f6e2f782d616d7a2d6a736f6e2d
  312e310d3a6d6573736167652d74797065070009657863657074696f6e7b226d657373616765223a22676f6e65227d25
  3db42a`);

const headersOf = (bytes: Uint8Array) =>
  Object.fromEntries(Object.entries(codec.decode(bytes).headers).map(([k, v]) => [k, { type: v.type, value: v.value }]));

describe('event-stream frames', () => {
  test('initial-response: byte for byte, and the SDK decoder reads its headers and {} payload', () => {
    const frame = eventMessage('initial-response', JSON_11, utf8('{}'));
    expect(toHex(frame)).toBe(INITIAL);
    expect(headersOf(frame)).toEqual({
      ':event-type': { type: 'string', value: 'initial-response' },
      ':content-type': { type: 'string', value: JSON_11 },
      ':message-type': { type: 'string', value: 'event' },
    });
    expect(new TextDecoder().decode(codec.decode(frame).body)).toBe('{}');
  });

  test('SubscribeToShardEvent: byte for byte, headers in AWS wire order', () => {
    const payload = '{"ContinuationSequenceNumber":"1","MillisBehindLatest":0,"Records":[]}';
    const frame = eventMessage('SubscribeToShardEvent', JSON_11, utf8(payload));
    expect(toHex(frame)).toBe(EVENT);
    expect(Object.keys(codec.decode(frame).headers)).toEqual([':event-type', ':content-type', ':message-type']);
    expect(JSON.parse(new TextDecoder().decode(codec.decode(frame).body))).toEqual({ ContinuationSequenceNumber: '1', MillisBehindLatest: 0, Records: [] });
  });

  test('exception: byte for byte, :message-type exception with its :exception-type', () => {
    const frame = exceptionMessage('ResourceNotFoundException', JSON_11, utf8('{"message":"gone"}'));
    expect(toHex(frame)).toBe(EXCEPTION);
    expect(headersOf(frame)[':exception-type']).toEqual({ type: 'string', value: 'ResourceNotFoundException' });
    expect(headersOf(frame)[':message-type']).toEqual({ type: 'string', value: 'exception' });
  });

  test('a large binary payload and multi-byte header values survive the SDK decoder (checksums over every byte)', () => {
    const payload = new Uint8Array(300_000).map((_, i) => (i * 31) & 0xff);
    const frame = encodeMessage([['x-é', 'ü'.repeat(1000)]], payload);
    const decoded = codec.decode(frame);
    expect(decoded.headers['x-é'].value).toBe('ü'.repeat(1000));
    expect(toHex(decoded.body)).toBe(toHex(payload));
  });
});
