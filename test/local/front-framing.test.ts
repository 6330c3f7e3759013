// HTTP/1.1 framing at the local front, against the real server (Worker in workerd): each malformed request of
// issue 7 (bad or doubled Content-Length, `*` or absolute-form targets, an unknown Transfer-Encoding, a bad chunk
// size, Content-Length with chunked) gets a 400 and a close within a bound, never a 5xx or a hang, and the server
// answers normally afterwards. Valid framing keeps working: chunked bodies, keep-alive and pipelined requests,
// Expect: 100-continue, bodies of 10 MiB and over (413). With a plain Node upstream behind the front: the client's
// headers (Host first of all, SigV4 signs it) arrive as sent, and both bodies stream rather than buffer.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { rawCall, kinesisHeaders } from '../clients/raw';
import { poll, uniqueName } from '../clients/sdk';
import { exchange, parseAnswers, signedRequest, startFront, startLocal, type Front } from './front-wire';

let local: Awaited<ReturnType<typeof startLocal>>;
let url: string;

beforeAll(async () => {
  local = await startLocal();
  url = `http://127.0.0.1:${local.port}`;
});
afterAll(async () => {
  await local?.stop();
});

/** The reproducers: unsigned, as a client that never reaches the Kinesis API would send them. */
const common = 'Host: x\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: application/x-amz-json-1.1\r\n';
const malformed: Array<[string, string]> = [
  ['Content-Length abc', `POST / HTTP/1.1\r\n${common}Content-Length: abc\r\n\r\n{}`],
  ['Content-Length -1', `POST / HTTP/1.1\r\n${common}Content-Length: -1\r\n\r\n{}`],
  ['two differing Content-Lengths', `POST / HTTP/1.1\r\n${common}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} `],
  ['request target *', `POST * HTTP/1.1\r\n${common}Content-Length: 2\r\n\r\n{}`],
  ['absolute-form request target', `POST http://evil.com/ HTTP/1.1\r\n${common}Content-Length: 2\r\n\r\n{}`],
  ['Transfer-Encoding: gzip', `POST / HTTP/1.1\r\n${common}Transfer-Encoding: gzip\r\n\r\n{}`],
  ['a chunk size that is not hex', `POST / HTTP/1.1\r\n${common}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
  ['Content-Length with chunked', `POST / HTTP/1.1\r\n${common}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`],
];

async function listStreamsAnswers() {
  const got = await exchange(local.port, signedRequest(local.port, 'ListStreams', '{}', ['Connection: close']));
  const [answer] = parseAnswers(got.text);
  expect(answer.status, got.text).toBe(200);
  expect(JSON.parse(answer.body)).toEqual(expect.objectContaining({ StreamNames: expect.any(Array), HasMoreStreams: false }));
}

describe('malformed HTTP/1.1 framing', () => {
  test.each(malformed)('%s: 400 and the connection closed, then the server still answers', async (_name, request) => {
    const got = await exchange(local.port, request, 5_000);
    expect(got.closed, `still open after 5 s; got ${JSON.stringify(got.text)}`).toBe(true);
    expect(got.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    // Exactly one answer: nothing of the request reached the Worker to be answered again.
    expect(got.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    await listStreamsAnswers();
  });
});

describe('valid HTTP/1.1 framing', () => {
  test('a chunked body (chunk extensions and a trailer included) is answered like a Content-Length one', async () => {
    const head = signedRequest(local.port, 'ListStreams', '{}', ['Transfer-Encoding: chunked', 'Connection: close'], 'none');
    const got = await exchange(local.port, `${head}1;piece=one\r\n{\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n`);
    const [answer] = parseAnswers(got.text);
    expect(answer.status, got.text).toBe(200);
    expect(JSON.parse(answer.body).HasMoreStreams).toBe(false);
  });

  test('three pipelined requests on one connection get their three answers, in order', async () => {
    const missing = uniqueName('missing');
    const requests = [
      signedRequest(local.port, 'ListStreams', '{}'),
      signedRequest(local.port, 'DescribeStreamSummary', JSON.stringify({ StreamName: missing })),
      signedRequest(local.port, 'ListStreams', '{"Limit":1}', ['Connection: close']),
    ];
    const got = await exchange(local.port, requests.join(''));
    expect(got.closed).toBe(true);
    const answers = parseAnswers(got.text);
    expect(answers.map((a) => a.status)).toEqual([200, 400, 200]);
    expect(JSON.parse(answers[1].body)).toEqual({ __type: 'ResourceNotFoundException', message: `Stream ${missing} under account 000000000000 not found.` });
    // The first two kept the connection open; the Worker's answers reach the client with their own headers.
    expect(answers[0].headers.connection).toBe('keep-alive');
    expect(answers[1].headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('keep-alive: five requests in turn reuse one connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const reused: boolean[] = [];
      for (let i = 0; i < 5; i++) {
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.request(
            { host: '127.0.0.1', port: local.port, method: 'POST', path: '/', agent, headers: { ...kinesisHeaders(url, 'ListStreams', '{}'), 'Content-Length': 2 } },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode!));
            },
          );
          req.on('error', reject);
          req.end('{}');
          reused.push(req.reusedSocket);
        });
        expect(status).toBe(200);
      }
      expect(reused).toEqual([false, true, true, true, true]);
    } finally {
      agent.destroy();
    }
  });

  test('Expect: 100-continue gets its 100 before the body is sent, then the answer', async () => {
    const body = '{"Limit":2}';
    const full = signedRequest(local.port, 'ListStreams', body, ['Expect: 100-continue', 'Connection: close']);
    // signedRequest puts the body after the head; here the body waits for the 100.
    const head = full.slice(0, full.length - body.length);
    const got = await exchange(local.port, (socket) => {
      socket.write(head);
      let seen = '';
      const onData = (c: Buffer) => {
        seen += c.toString('latin1');
        if (!seen.includes('\r\n\r\n')) return;
        socket.off('data', onData);
        socket.write(body);
      };
      socket.on('data', onData);
    });
    const answers = parseAnswers(got.text);
    expect(answers.map((a) => a.status)).toEqual([100, 200]);
    expect(JSON.parse(answers[1].body).HasMoreStreams).toBe(false);
  });

  test('a PutRecords body of 10 MiB of data crosses HTTP/1.1 (200), and one over the Worker\'s cap gets its 413', async () => {
    const name = uniqueName('big');
    const created = await rawCall(url, 'CreateStream', JSON.stringify({ StreamName: name, ShardCount: 1 }));
    expect(created.status, created.text).toBe(200);
    await poll(`${name} ACTIVE`, async () => {
      const r = await rawCall(url, 'DescribeStreamSummary', JSON.stringify({ StreamName: name }));
      return r.json?.StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined;
    });
    const MiB = 1024 * 1024;
    // Ten records of 1 MiB (key + data): PutRecords' 10 MiB limit, ~13.3 MiB once base64-encoded in JSON.
    const records = Array.from({ length: 10 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(MiB - 2, i).toString('base64') }));
    const ok = await rawCall(url, 'PutRecords', JSON.stringify({ StreamName: name, Records: records }));
    expect(ok.status, ok.text.slice(0, 300)).toBe(200);
    expect(ok.json.FailedRecordCount).toBe(0);
    const tooBig = await rawCall(url, 'PutRecords', JSON.stringify({ StreamName: name, Records: [...records, ...records.slice(0, 3)] }));
    expect(tooBig.status).toBe(413);
  });
});

describe('the front as a transport (a plain Node server behind it)', () => {
  let upstream: http.Server;
  let front: Front;
  let onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => void;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => onRequest(req, res));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    front = await startFront({ hosts: ['127.0.0.1'], port: 0, upstream: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port } });
  });
  afterAll(async () => {
    await front?.close();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  test('the client\'s headers arrive as sent (Host, case, order, repeats); per-connection ones do not', async () => {
    let seen: string[] = [];
    onRequest = (req, res) => {
      seen = req.rawHeaders;
      req.resume();
      req.on('end', () => res.end('ok'));
    };
    const request = [
      'POST /a?b=c HTTP/1.1',
      'Host: kinesis.us-east-1.amazonaws.com',
      'X-Amz-Target: Kinesis_20131202.ListStreams',
      'x-amz-meta: one',
      'x-amz-meta: two',
      'Expect: 100-continue',
      'Connection: close',
      'Content-Length: 2',
      '',
      '{}',
    ].join('\r\n');
    const got = await exchange(front.port, request, 5_000);
    expect(got.closed).toBe(true);
    expect(got.text).toContain('\r\n\r\nok');
    expect(seen.filter((_, i) => i % 2 === 0 && !/^connection$/i.test(seen[i]))).toEqual(['Host', 'X-Amz-Target', 'x-amz-meta', 'x-amz-meta', 'Content-Length']);
    expect(seen.slice(0, 2)).toEqual(['Host', 'kinesis.us-east-1.amazonaws.com']);
    expect(seen.slice(6, 8)).toEqual(['x-amz-meta', 'two']);
  });

  test('bodies stream both ways: each side sees the first part before the other sends the rest', async () => {
    let firstPartArrived!: () => void;
    const arrived = new Promise<void>((r) => (firstPartArrived = r));
    let releaseAnswer!: () => void;
    const answerReleased = new Promise<void>((r) => (releaseAnswer = r));
    onRequest = (req, res) => {
      req.once('data', () => firstPartArrived());
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      res.write('event-1;');
      answerReleased.then(() => res.end('event-2;'));
      req.resume();
    };
    const got = await exchange(
      front.port,
      (socket) => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\npart1\r\n');
        let text = '';
        socket.on('data', (c: Buffer) => {
          text += c.toString('latin1');
          if (text.includes('event-1;') && !text.includes('event-2;')) {
            // The answer's first part came while our body is unfinished; the Worker side got our first part too.
            arrived.then(() => {
              socket.write('5\r\npart2\r\n0\r\n\r\n');
              releaseAnswer();
            });
          }
        });
      },
      5_000,
    );
    expect(got.closed, got.text).toBe(true);
    expect(got.text).toMatch(/event-1;[\s\S]*event-2;/);
  });
});

describe('the front when the Worker cannot answer', () => {
  test('an upstream that drops the connection gets AWS\'s bare InternalFailure with request ids, logged under that id', async () => {
    // An upstream that accepts and resets every connection, as workerd did when an alarm held a kept-alive socket.
    const dropper = net.createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    const front = await startFront({ hosts: ['127.0.0.1'], port: 0, upstream: { host: '127.0.0.1', port: (dropper.address() as AddressInfo).port } });
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(String(line)));
    try {
      const got = await exchange(front.port, signedRequest(front.port, 'ListStreams', '{}', ['Connection: close']));
      const [answer] = parseAnswers(got.text);
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body)).toEqual({ __type: 'InternalFailure' });
      expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers['x-amz-id-2']).toBeTruthy();
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(`InternalFailure request ${answer.headers['x-amzn-requestid']} `);
    } finally {
      spy.mockRestore();
      await front.close();
      await new Promise((resolve) => dropper.close(resolve));
    }
  });
});

describe('a client that goes away', () => {
  test('mid-body, logs nothing: dropping its upstream request is not a Worker failure', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(String(line)));
    try {
      const full = signedRequest(local.port, 'ListStreams', '{"Limit":10}');
      // The head and half the body, then a close: the front has already started the upstream request.
      const got = await exchange(local.port, (socket) => socket.end(full.slice(0, full.length - 5)));
      expect(got.closed).toBe(true);
      // The front's answer to the next request shows the one before has been dealt with.
      const after = await rawCall(url, 'ListStreams', '{}');
      expect(after.status).toBe(200);
      expect(logged).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});
