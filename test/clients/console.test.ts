// The web console (GET /console) in a real browser: Chromium headless, driven by puppeteer-core, against a really
// running `npm start` server. The SDK v3 writes the data; the test then uses the page as a person would: enters keys,
// opens the stream and a shard, reads the records decoded as JSON, text, hex and base64, follows the stream live
// (through a reshard), and a second tenant's keys in `--auth verify` mode see only that tenant's streams. Every wait
// is on the page's DOM with a deadline.
//
// Chromium is Debian's package (`apt-get install chromium`, .ci/run installs it). Without it the suite is skipped
// locally, with a message, and fails under CI=true.
import {
  CreateStreamCommand,
  KinesisClient,
  PutRecordCommand,
  UpdateShardCountCommand,
  type PutRecordCommandOutput,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type Server } from './server';
import { uniqueName, waitForActive } from './sdk';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCI = process.env.CI === 'true';
if (!haveChromium && !inCI) console.warn(`test/clients/console.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** How long any one thing may take to show on the page. */
const SHOW_MS = 15_000;

const A = { accessKeyId: 'AKIACONSOLEA00000001', secretAccessKey: 'console/secret+a', account: '101010101010' };
const B = { accessKeyId: 'AKIACONSOLEB00000002', secretAccessKey: 'console-secret-b', account: '202020202020' };
type Who = { accessKeyId: string; secretAccessKey: string };

const sdk = (server: Server, who: Who) =>
  new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: who, requestHandler: new NodeHttpHandler() });

let browser: Browser | undefined;
let userDataDir: string | undefined;
/** Uncaught errors and console errors (a CSP violation is one) of the current page. */
let pageErrors: string[] = [];

async function launch(): Promise<Browser> {
  userDataDir = await mkdtemp(path.join(tmpdir(), 'kinesis-edge-chromium-'));
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir,
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
}

async function closeBrowser(): Promise<void> {
  const child = browser?.process();
  await browser?.close().catch(() => undefined);
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  browser = undefined;
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
}

/** A page in a context of its own (its own sessionStorage), with its errors collected. */
async function openConsole(server: Server): Promise<Page> {
  pageErrors = [];
  const context = await browser!.createBrowserContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${String(err)}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium logs every non-2xx answer: the API's refusals (which the page shows itself) and its own request for
    // /favicon.ico (which the Kinesis pipeline refuses, as it refuses any GET) are expected; nothing else is.
    const url = msg.location().url ?? '';
    if (msg.text().startsWith('Failed to load resource') && (url === `${server.url}/` || url === `${server.url}/favicon.ico`)) return;
    pageErrors.push(`console: ${msg.text()} (${url})`);
  });
  const res = await page.goto(`${server.url}/console`);
  expect(res?.status()).toBe(200);
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  return page;
}

async function enterKeys(page: Page, who: Who): Promise<void> {
  for (const [id, value] of [['access-key-id', who.accessKeyId], ['secret-access-key', who.secretAccessKey]] as const) {
    await page.$eval(`#${id}`, (el: any) => (el.value = ''));
    await page.type(`#${id}`, value);
  }
  await page.click('#use-keys');
}

/** The names the streams list shows once it shows `name`. */
async function streamsShown(page: Page, name: string): Promise<string[]> {
  await page.waitForSelector(`#streams li[data-stream="${name}"]`, { timeout: SHOW_MS });
  return page.$$eval('#streams li', (els: any[]) => els.map((e) => e.dataset.stream as string));
}

interface ShownRecord {
  seq: string;
  shard: string;
  key: string;
  view: string;
  text: string;
  bytes: string;
}

const shownRecords = (page: Page, list: string): Promise<ShownRecord[]> =>
  page.$$eval(`${list} li.record`, (els: any[]) =>
    els.map((e) => ({
      seq: e.dataset.seq,
      shard: e.dataset.shard,
      key: e.dataset.partitionKey,
      view: e.querySelector('pre.data').dataset.view,
      text: e.querySelector('pre.data').textContent,
      bytes: e.querySelector('.size').dataset.bytes,
    })),
  );

/** Waits until the tail shows a record whose data reads `text`. */
const tailShows = (page: Page, text: string) =>
  page.waitForFunction((t: string) => [...(globalThis as any).document.querySelectorAll('#tail-records pre.data')].some((e: any) => e.textContent === t), { timeout: SHOW_MS }, text);

// What the SDK writes, and how the page must show it: JSON pretty-printed, text as it is (markup included, as text),
// binary as hex (16 bytes: one line) and everything as base64 on request.
const JSON_VALUE = { greeting: 'héllo <b>', n: 1, tags: ['a', 'b'] };
const JSON_DATA = Buffer.from(JSON.stringify(JSON_VALUE));
const TEXT = '<img src=x onerror="globalThis.pwned=1"> plain text ✓';
const TEXT_DATA = Buffer.from(TEXT);
const BINARY_DATA = Buffer.from([0x00, 0xff, 0xfe, 0x10, 0x1b, 0x3c, 0x62, 0x3e, 0x80, 0x81, 0x7f, 0x0a, 0x0d, 0x09, 0xc3, 0x28]);
const hexPairs = (b: Buffer) => b.toString('hex').match(/../g)!.join(' ');

// Under CI=true a missing Chromium is a failure, never a skip.
test.runIf(!haveChromium && inCI)('Chromium is installed (CI=true)', () => {
  expect.fail(`CI=true and no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium package`);
});

describe.skipIf(!haveChromium)('web console in Chromium', () => {
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await closeBrowser();
  });

  describe('--auth verify with two tenants: every request the page makes is signed and checked', () => {
    let server: Server;
    let streamA: string;
    let streamB: string;
    const writes: PutRecordCommandOutput[] = [];

    beforeAll(async () => {
      server = await startServer({
        createStreamMs: 0,
        updateStreamMs: 0,
        ignoreExternal: true,
        args: ['--auth', 'verify', '--tenant', `${A.accessKeyId}:${A.secretAccessKey}:${A.account}`, '--tenant', `${B.accessKeyId}:${B.secretAccessKey}:${B.account}`],
      });
      streamA = uniqueName('console-a');
      streamB = uniqueName('console-b');
      const a = sdk(server, A);
      const b = sdk(server, B);
      await Promise.all([a.send(new CreateStreamCommand({ StreamName: streamA, ShardCount: 2 })), b.send(new CreateStreamCommand({ StreamName: streamB, ShardCount: 1 }))]);
      await Promise.all([waitForActive(a, { StreamName: streamA }), waitForActive(b, { StreamName: streamB })]);
      for (const Data of [JSON_DATA, TEXT_DATA, BINARY_DATA]) writes.push(await a.send(new PutRecordCommand({ StreamName: streamA, PartitionKey: 'pk-console', Data })));
    });
    afterAll(async () => {
      await server?.stop();
    });

    test('tenant A browses its stream, reads a shard in every view, and tails it live through a reshard', async () => {
      const page = await openConsole(server);
      await enterKeys(page, A);
      expect(await streamsShown(page, streamA)).toEqual([streamA]);

      await page.click(`#streams li[data-stream="${streamA}"] button.open-stream`);
      await page.waitForSelector(`#stream-panel[data-stream="${streamA}"] #shards-body tr`, { timeout: SHOW_MS });
      await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#shards-body tr').length === 2, { timeout: SHOW_MS });
      const summary = await page.$$eval('#stream-summary dd', (els: any[]) => Object.fromEntries(els.map((e) => [e.dataset.field, e.textContent])));
      expect(summary).toMatchObject({ Status: 'ACTIVE', Mode: 'PROVISIONED', 'Open shards': '2', Retention: '24 h', Encryption: 'NONE' });
      expect(summary.ARN).toBe(`arn:aws:kinesis:us-east-1:${A.account}:stream/${streamA}`);
      const shardStates = await page.$$eval('#shards-body tr', (els: any[]) => els.map((e) => [e.dataset.shard, e.dataset.state]));
      expect(shardStates).toEqual([
        ['shardId-000000000000', 'open'],
        ['shardId-000000000001', 'open'],
      ]);

      // The shard the SDK wrote to, from TRIM_HORIZON (the default).
      const shardId = writes[0].ShardId!;
      await page.click(`#shards-body tr[data-shard="${shardId}"] button.read-shard`);
      await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#records li.record').length === 3, { timeout: SHOW_MS });
      expect(await shownRecords(page, '#records')).toEqual([
        { seq: writes[0].SequenceNumber, shard: shardId, key: 'pk-console', view: 'json', text: JSON.stringify(JSON_VALUE, null, 2), bytes: String(JSON_DATA.length) },
        { seq: writes[1].SequenceNumber, shard: shardId, key: 'pk-console', view: 'text', text: TEXT, bytes: String(TEXT_DATA.length) },
        { seq: writes[2].SequenceNumber, shard: shardId, key: 'pk-console', view: 'hex', text: hexPairs(BINARY_DATA), bytes: '16' },
      ]);
      // Markup in the data stayed text.
      expect(await page.$$eval('#records img, #records b', (els) => els.length)).toBe(0);
      expect(await page.evaluate(() => (globalThis as any).pwned)).toBeUndefined();

      // The page-wide switch: everything as base64; then one record on its own switch.
      await page.select('#data-view', 'base64');
      await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('#records pre.data')].every((e: any) => e.dataset.view === 'base64'), { timeout: SHOW_MS });
      expect((await shownRecords(page, '#records')).map((r) => r.text)).toEqual([JSON_DATA, TEXT_DATA, BINARY_DATA].map((b) => b.toString('base64')));
      await page.select('#data-view', 'auto');
      await page.select('#records li.record:nth-child(3) select.record-view', 'base64');
      await page.waitForSelector('#records li.record:nth-child(3) pre.data[data-view="base64"]', { timeout: SHOW_MS });
      expect((await shownRecords(page, '#records')).map((r) => r.view)).toEqual(['json', 'text', 'base64']);
      // The binary record as text: bytes that are not UTF-8 become U+FFFD, control bytes their control pictures
      // (U+2400 + code, U+2421 for DEL), tab, newline and carriage return stay, and its "<b>" stays text.
      await page.select('#records li.record:nth-child(3) select.record-view', 'text');
      await page.waitForSelector('#records li.record:nth-child(3) pre.data[data-view="text"]', { timeout: SHOW_MS });
      expect((await shownRecords(page, '#records'))[2].text).toBe('\u2400\ufffd\ufffd\u2410\u241b<b>\ufffd\ufffd\u2421\n\r\t\ufffd(');
      expect(await page.$$eval('#records b', (els) => els.length)).toBe(0);

      // The next page follows NextShardIterator: nothing more in this shard.
      await page.click('#next-page');
      await page.waitForSelector('#records-status[data-page="2"]', { timeout: SHOW_MS });
      expect(await shownRecords(page, '#records')).toEqual([]);

      // AT_SEQUENCE_NUMBER of the second record: the last two.
      await page.select('#iterator-type', 'AT_SEQUENCE_NUMBER');
      await page.type('#iterator-position', writes[1].SequenceNumber!);
      await page.click('#read');
      await page.waitForFunction(
        (seq: string) => (globalThis as any).document.querySelector('#records li.record')?.dataset.seq === seq && (globalThis as any).document.querySelector('#records-status').dataset.page === '1',
        { timeout: SHOW_MS },
        writes[1].SequenceNumber!,
      );
      expect((await shownRecords(page, '#records')).map((r) => r.seq)).toEqual([writes[1].SequenceNumber, writes[2].SequenceNumber]);

      // Live tail: once both open shards are followed, records written now appear, newest on top.
      await page.click('#start-tail');
      await page.waitForSelector('#tail-status[data-state="following"][data-shards="shardId-000000000000 shardId-000000000001"]', { timeout: SHOW_MS });
      const a = sdk(server, A);
      await a.send(new PutRecordCommand({ StreamName: streamA, PartitionKey: 'tail', Data: Buffer.from('tail-1') }));
      await tailShows(page, 'tail-1');
      await a.send(new PutRecordCommand({ StreamName: streamA, PartitionKey: 'tail', Data: Buffer.from('tail-2') }));
      await tailShows(page, 'tail-2');
      expect((await shownRecords(page, '#tail-records')).map((r) => r.text)).toEqual(['tail-2', 'tail-1']);

      // Paused, the tail reads nothing; resumed, it goes on from where it was.
      await page.click('#pause-tail');
      await page.waitForSelector('#tail-status[data-state="paused"]', { timeout: SHOW_MS });
      await a.send(new PutRecordCommand({ StreamName: streamA, PartitionKey: 'tail', Data: Buffer.from('while-paused') }));
      await page.click('#pause-tail');
      await tailShows(page, 'while-paused');

      // Resharding closes both shards: the tail follows their children, and records written to them appear.
      await a.send(new UpdateShardCountCommand({ StreamName: streamA, TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }));
      await waitForActive(a, { StreamName: streamA });
      const keys = Array.from({ length: 8 }, (_, i) => `after-${i}`);
      for (const key of keys) await a.send(new PutRecordCommand({ StreamName: streamA, PartitionKey: key, Data: Buffer.from(key) }));
      for (const key of keys) await tailShows(page, key);
      const tailed = await shownRecords(page, '#tail-records');
      const afterShards = new Set(tailed.filter((r) => r.text.startsWith('after-')).map((r) => r.shard));
      expect([...afterShards].every((s) => s !== 'shardId-000000000000' && s !== 'shardId-000000000001')).toBe(true);
      await page.waitForFunction(
        () => {
          const status = (globalThis as any).document.querySelector('#tail-status');
          return status.dataset.state === 'following' && !status.dataset.shards.includes('shardId-000000000000');
        },
        { timeout: SHOW_MS },
      );

      await page.click('#stop-tail');
      expect(pageErrors).toEqual([]);
      await page.browserContext().close();
    });

    test("tenant B's keys see only B's streams; a wrong secret is refused by the server", async () => {
      const page = await openConsole(server);
      await enterKeys(page, B);
      expect(await streamsShown(page, streamB)).toEqual([streamB]);

      await enterKeys(page, { accessKeyId: B.accessKeyId, secretAccessKey: 'not-the-secret' });
      await page.waitForFunction(() => (globalThis as any).document.querySelector('#error').textContent.startsWith('InvalidSignatureException: '), { timeout: SHOW_MS });
      expect(pageErrors).toEqual([]);
      await page.browserContext().close();
    });
  });

  describe('--auth open', () => {
    let server: Server;
    beforeAll(async () => {
      server = await startServer({ createStreamMs: 0, ignoreExternal: true });
    });
    afterAll(async () => {
      await server?.stop();
    });

    test('any keys work, and a 12-digit access key id picks the account whose streams the page lists', async () => {
      const mine = { accessKeyId: '303030303030', secretAccessKey: 'anything' };
      const other = { accessKeyId: '404040404040', secretAccessKey: 'anything' };
      const [mineName, otherName] = [uniqueName('console-open-mine'), uniqueName('console-open-other')];
      await sdk(server, mine).send(new CreateStreamCommand({ StreamName: mineName, ShardCount: 1 }));
      await sdk(server, other).send(new CreateStreamCommand({ StreamName: otherName, ShardCount: 1 }));
      const page = await openConsole(server);
      await enterKeys(page, mine);
      expect(await streamsShown(page, mineName)).toEqual([mineName]);
      expect(pageErrors).toEqual([]);
      await page.browserContext().close();
    });
  });
});
