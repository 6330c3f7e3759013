// Raw HTTP/1.1 messages with broken framing for the fuzz suite: request lines, Content-Length and Transfer-Encoding
// variants, chunk sizes, header garbage and oversized heads. Each is sent on its own connection and half-closed.
import fc from 'fast-check';
import { sign } from '../raw';

export interface FramingCase {
  note: string;
  bytes: Uint8Array;
}

const BODY = '{"Limit":1}';

const requestLines = fc.oneof(
  { weight: 10, arbitrary: fc.constant('POST / HTTP/1.1') },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'POST * HTTP/1.1', 'OPTIONS * HTTP/1.1', 'POST http://evil.example/ HTTP/1.1', 'POST http://evil.example HTTP/1.1', 'CONNECT evil.example:443 HTTP/1.1',
      'POST / HTTP/1.0', 'POST / HTTP/2.0', 'POST / HTTP/1.1 extra', 'POST  / HTTP/1.1', 'POST /', 'POST', 'GARBAGE', '', 'post / HTTP/1.1',
      'P\u0000ST / HTTP/1.1', 'POST /\u007f HTTP/1.1', 'POST /%zz HTTP/1.1', 'POST /a b HTTP/1.1', 'POST / HTTP/1.1\u0000', 'POST / HTTP/9.9',
      'POST / http/1.1', 'POST //evil.example/ HTTP/1.1', ' POST / HTTP/1.1', 'POST /?X-Amz-Algorithm HTTP/1.1',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 9_000, max: 70_000 }).map((n) => `POST /${'a'.repeat(n)} HTTP/1.1`) },
);

/** How the body is framed: the headers to send and the bytes after the head. */
type Framing = { note: string; headers: string[]; body: string };
const framings: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Framing>({ note: 'Content-Length', headers: [`Content-Length: ${BODY.length}`], body: BODY }) },
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      ...['abc', '-1', '+11', '0x0b', '11.0', '1 1', '', '99999999999999999999999', '11, 11', '11, 12', '11,'].map((v) => ({ note: `Content-Length ${JSON.stringify(v)}`, headers: [`Content-Length: ${v}`], body: BODY })),
      { note: 'two equal Content-Length', headers: [`Content-Length: ${BODY.length}`, `Content-Length: ${BODY.length}`], body: BODY },
      { note: 'two differing Content-Length', headers: [`Content-Length: ${BODY.length}`, 'Content-Length: 3'], body: BODY },
      { note: 'body shorter than Content-Length', headers: ['Content-Length: 400'], body: BODY },
      { note: 'body longer than Content-Length', headers: ['Content-Length: 3'], body: BODY },
      { note: 'no length, a body', headers: [], body: BODY },
    ),
  },
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      ...[
        ['chunked', `b\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `zz\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `-b\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `fffffffffffffffffff\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `b;ext=1\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `b \r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `0x0b\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `5\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `40\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked', `b\r\n${BODY}0\r\n\r\n`],
        ['chunked', `b\r\n${BODY}\r\n`],
        ['chunked', `b\n${BODY}\n0\n\n`],
        ['chunked', `b\r\n${BODY}\r\n0\r\nTrailer: x\r\n\r\n`],
        ['chunked', ''],
        ['gzip', BODY],
        ['gzip, chunked', `b\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked, gzip', `b\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunked, chunked', `b\r\n${BODY}\r\n0\r\n\r\n`],
        ['identity', BODY],
        ['Chunked', `b\r\n${BODY}\r\n0\r\n\r\n`],
        ['chunkedx', `b\r\n${BODY}\r\n0\r\n\r\n`],
        ['', BODY],
      ].map(([te, body]) => ({ note: `Transfer-Encoding ${JSON.stringify(te)}`, headers: [`Transfer-Encoding: ${te}`], body })),
      { note: 'Content-Length and chunked', headers: [`Content-Length: ${BODY.length}`, 'Transfer-Encoding: chunked'], body: `b\r\n${BODY}\r\n0\r\n\r\n` },
      { note: 'chunked and Content-Length 3', headers: ['Transfer-Encoding: chunked', 'Content-Length: 3'], body: `b\r\n${BODY}\r\n0\r\n\r\n` },
      { note: 'two Transfer-Encoding headers', headers: ['Transfer-Encoding: gzip', 'Transfer-Encoding: chunked'], body: `b\r\n${BODY}\r\n0\r\n\r\n` },
    ),
  },
);

/** Header lines that are not well-formed, or too many or too large. */
const garbage = fc.oneof(
  fc.constantFrom(
    'Bad Header: x', 'NoColon', ': empty-name', 'X-A\u0000: b', 'X-A: b\u0000c', ' folded: continuation', 'X-A: b\rX-B: c', 'X-A: b\nX-B: c',
    'Host: second.example', 'X-Amz-Target: Kinesis_20131202.DeleteStream', '\u00ff\u00fe: latin1', 'X-A : spaced-name', 'Expect: 100-continue',
    'Expect: nonsense', 'Connection: close', 'Connection: upgrade', 'Upgrade: h2c', 'Content-Type: application/x-amz-cbor-1.1',
  ),
  fc.integer({ min: 17_000, max: 300_000 }).map((n) => `X-Big: ${'b'.repeat(n)}`),
  fc.integer({ min: 100, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `X-H${i}: v`).join('\r\n')),
);

export function framingCase(url: string): fc.Arbitrary<FramingCase> {
  const { host } = new URL(url);
  return fc
    .record({
      line: requestLines,
      framing: framings,
      extra: fc.array(garbage, { maxLength: 2 }),
      // HTTP/1.1 requires Host (RFC 9112 §3.2); a request without one is malformed.
      withHost: fc.oneof({ weight: 10, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      lineEnd: fc.oneof({ weight: 8, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constant('\n') }),
    })
    .map(({ line, framing, extra, withHost, lineEnd }) => {
      const base = ['Content-Type: application/x-amz-json-1.1', 'X-Amz-Target: Kinesis_20131202.ListStreams'];
      const signed = sign(url, {}, BODY);
      const auth = Object.entries(signed).map(([k, v]) => `${k}: ${v}`);
      const headers = [...(withHost ? [`Host: ${host}`] : []), ...base, ...auth, ...framing.headers, ...extra];
      const head = [line, ...headers].join(lineEnd) + lineEnd + lineEnd;
      const notes = [...(withHost ? [] : ['no Host']), line.length > 80 ? `request line of ${line.length}` : JSON.stringify(line), framing.note, ...extra.map((e) => (e.length > 80 ? `header block of ${e.length}` : JSON.stringify(e)))];
      return { note: notes.join(' + '), bytes: Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(framing.body, 'latin1')]) };
    });
}
