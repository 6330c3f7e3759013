// The console page's behaviour: keys, then browse (streams, a stream's summary, shards and consumers), read a
// shard page by page, or tail the whole stream live. Every request goes through callKinesis (signed, same origin).
import { DATA_VIEWS, type DataView } from './decode';
import { byId, definitions, h } from './dom';
import { forgetKeys, loadKeys, saveKeys } from './keys';
import { callKinesis, type Keys } from './kinesis';
import { ShardRateLimiter } from './rate';
import { recordItem, refreshRecordViews } from './records';
import { LiveTail } from './tail';
import type {
  GetRecordsOutput,
  GetShardIteratorOutput,
  ListShardsOutput,
  ListStreamConsumersOutput,
  ListStreamsOutput,
  Shard,
  StreamDescriptionSummary,
  StreamSummary,
} from './types';

/** Records per GetRecords page when reading a shard (our choice; AWS allows up to 10,000, API_GetRecords). */
export const PAGE_LIMIT = 100;
/** Records the live tail keeps; older ones drop off the bottom. */
export const TAIL_BUFFER = 1000;

const limiter = new ShardRateLimiter();
let keys: Keys | undefined;
let stream: StreamDescriptionSummary | undefined;
let tail: LiveTail | undefined;
let streamsToken: string | undefined;
let shardsToken: string | undefined;
let consumersToken: string | undefined;
let reading: { shardId: string; iterator: string | undefined; page: number } | undefined;
/** Bumped whenever the user picks another stream or keys, so answers to older requests are dropped. */
let generation = 0;

const pageView = (): DataView => byId<HTMLSelectElement>('data-view').value as DataView;

function showError(err: unknown): void {
  const el = byId('error');
  el.textContent = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  el.hidden = false;
}

function clearError(): void {
  byId('error').hidden = true;
  byId('error').textContent = '';
}

/** Runs a user action, showing what it throws. */
function act(work: () => Promise<void>): () => void {
  return () => {
    clearError();
    work().catch(showError);
  };
}

function need(): Keys {
  if (!keys) throw new Error('Enter keys first.');
  return keys;
}

// ---- keys

function useKeys(k: Keys): Promise<void> {
  keys = k;
  generation++;
  stopTail();
  byId('whoami').textContent = `${k.accessKeyId} in ${k.region}`;
  byId('main').hidden = false;
  byId('stream-panel').hidden = true;
  byId('records-panel').hidden = true;
  return loadStreams(false);
}

// ---- streams

async function loadStreams(more: boolean): Promise<void> {
  const g = generation;
  const input: Record<string, unknown> = more && streamsToken ? { NextToken: streamsToken } : {};
  const out = await callKinesis<ListStreamsOutput>(need(), 'ListStreams', input);
  if (g !== generation) return;
  const list = byId<HTMLUListElement>('streams');
  if (!more) list.replaceChildren();
  const summaries: StreamSummary[] = out.StreamSummaries ?? out.StreamNames.map((StreamName) => ({ StreamName }));
  for (const s of summaries) {
    const detail = [s.StreamStatus, s.StreamModeDetails?.StreamMode].filter(Boolean).join(', ');
    const open = h('button', { class: 'open-stream', attrs: { type: 'button' } }, s.StreamName);
    open.addEventListener('click', act(() => openStream(s.StreamName)));
    list.append(h('li', { data: { stream: s.StreamName } }, open, detail ? h('span', { class: 'detail' }, ` ${detail}`) : undefined));
  }
  streamsToken = out.HasMoreStreams ? out.NextToken : undefined;
  byId('more-streams').hidden = !streamsToken;
  byId('streams-status').textContent = list.children.length === 0 ? 'No streams for these keys in this region.' : `${list.children.length} stream(s)`;
}

async function openStream(name: string): Promise<void> {
  const g = ++generation;
  stopTail();
  const out = await callKinesis<{ StreamDescriptionSummary: StreamDescriptionSummary }>(need(), 'DescribeStreamSummary', { StreamName: name });
  if (g !== generation) return;
  stream = out.StreamDescriptionSummary;
  byId('stream-title').textContent = stream.StreamName;
  byId('stream-panel').dataset.stream = stream.StreamName;
  definitions(byId<HTMLDListElement>('stream-summary'), [
    ['Status', stream.StreamStatus],
    ['Mode', stream.StreamModeDetails?.StreamMode],
    ['Open shards', String(stream.OpenShardCount)],
    ['Consumers', stream.ConsumerCount === undefined ? undefined : String(stream.ConsumerCount)],
    ['Retention', `${stream.RetentionPeriodHours} h`],
    ['Encryption', stream.EncryptionType === 'KMS' ? `KMS (${stream.KeyId ?? ''})` : stream.EncryptionType],
    ['Created', new Date(stream.StreamCreationTimestamp * 1000).toISOString()],
    ['ARN', stream.StreamARN],
  ]);
  byId('stream-panel').hidden = false;
  byId('records-panel').hidden = true;
  byId<HTMLTableSectionElement>('shards-body').replaceChildren();
  byId('consumers').replaceChildren();
  await Promise.all([loadShards(false), loadConsumers(false)]);
}

// ---- shards and consumers

async function loadShards(more: boolean): Promise<void> {
  const s = stream;
  if (!s) return;
  const g = generation;
  const out = await callKinesis<ListShardsOutput>(need(), 'ListShards', more && shardsToken ? { NextToken: shardsToken } : { StreamARN: s.StreamARN });
  if (g !== generation) return;
  const body = byId<HTMLTableSectionElement>('shards-body');
  for (const shard of out.Shards) body.append(shardRow(shard));
  shardsToken = out.NextToken;
  byId('more-shards').hidden = !shardsToken;
  byId('shards-status').textContent = `${body.children.length} shard(s)${shardsToken ? ' so far' : ''}`;
}

function shardRow(shard: Shard): HTMLTableRowElement {
  const closed = shard.SequenceNumberRange.EndingSequenceNumber !== undefined;
  const read = h('button', { class: 'read-shard', attrs: { type: 'button' } }, 'Read');
  read.addEventListener('click', act(() => showReader(shard.ShardId)));
  const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter(Boolean).join(', ');
  return h(
    'tr',
    { data: { shard: shard.ShardId, state: closed ? 'closed' : 'open' } },
    h('td', {}, shard.ShardId),
    h('td', {}, closed ? 'closed' : 'open'),
    h('td', { class: 'hash' }, shard.HashKeyRange.StartingHashKey),
    h('td', { class: 'hash' }, shard.HashKeyRange.EndingHashKey),
    h('td', {}, parents || '—'),
    h('td', {}, read),
  );
}

async function loadConsumers(more: boolean): Promise<void> {
  const s = stream;
  if (!s) return;
  const g = generation;
  const input: Record<string, unknown> = { StreamARN: s.StreamARN };
  if (more && consumersToken) input.NextToken = consumersToken;
  const out = await callKinesis<ListStreamConsumersOutput>(need(), 'ListStreamConsumers', input);
  if (g !== generation) return;
  const list = byId('consumers');
  for (const c of out.Consumers) {
    list.append(h('li', { data: { consumer: c.ConsumerName } }, c.ConsumerName, h('span', { class: 'detail' }, ` ${c.ConsumerStatus}, since ${new Date(c.ConsumerCreationTimestamp * 1000).toISOString()}`)));
  }
  consumersToken = out.NextToken;
  byId('more-consumers').hidden = !consumersToken;
  byId('consumers-status').textContent = list.children.length === 0 ? 'No consumers.' : `${list.children.length} consumer(s)`;
}

// ---- reading a shard

function showReader(shardId: string): Promise<void> {
  reading = { shardId, iterator: undefined, page: 0 };
  byId('records-title').textContent = `Records of ${shardId}`;
  byId('records-panel').dataset.shard = shardId;
  byId('records-panel').hidden = false;
  byId('records').replaceChildren();
  byId('records-status').textContent = '';
  byId('next-page').hidden = true;
  return readFromStart();
}

async function readFromStart(): Promise<void> {
  const s = stream;
  const r = reading;
  if (!s || !r) return;
  const type = byId<HTMLSelectElement>('iterator-type').value;
  const position = byId<HTMLInputElement>('iterator-position').value.trim();
  const input: Record<string, unknown> = { StreamARN: s.StreamARN, ShardId: r.shardId, ShardIteratorType: type };
  if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (!position) throw new Error(`${type} needs a sequence number.`);
    input.StartingSequenceNumber = position;
  } else if (type === 'AT_TIMESTAMP') {
    // Timestamps travel as epoch seconds in JSON 1.1; accept an ISO 8601 date or epoch seconds.
    const ms = /^\d+(\.\d+)?$/.test(position) ? Number(position) * 1000 : Date.parse(position);
    if (!position || Number.isNaN(ms)) throw new Error('AT_TIMESTAMP needs a date (ISO 8601, e.g. 2026-01-31T12:00:00Z) or epoch seconds.');
    input.Timestamp = ms / 1000;
  }
  const out = await callKinesis<GetShardIteratorOutput>(need(), 'GetShardIterator', input);
  r.iterator = out.ShardIterator;
  r.page = 0;
  await nextPage();
}

async function nextPage(): Promise<void> {
  const r = reading;
  if (!r?.iterator) return;
  const g = generation;
  await limiter.take(`${stream?.StreamARN} ${r.shardId}`);
  const out = await callKinesis<GetRecordsOutput>(need(), 'GetRecords', { ShardIterator: r.iterator, Limit: PAGE_LIMIT });
  if (g !== generation || r !== reading) return;
  r.iterator = out.NextShardIterator;
  r.page++;
  byId('records').replaceChildren(...out.Records.map((rec) => recordItem(r.shardId, rec, pageView)));
  const parts = [`Page ${r.page}: ${out.Records.length} record(s)`];
  if (out.MillisBehindLatest !== undefined) parts.push(`${out.MillisBehindLatest} ms behind the tip`);
  if (!out.NextShardIterator) parts.push(`shard closed and read to its end; children: ${(out.ChildShards ?? []).map((c) => c.ShardId).join(', ') || 'none'}`);
  const status = byId('records-status');
  status.textContent = parts.join(' · ');
  status.dataset.page = String(r.page);
  byId('next-page').hidden = !out.NextShardIterator;
}

// ---- live tail

function startTail(): Promise<void> {
  const s = stream;
  if (!s) return Promise.resolve();
  stopTail();
  const list = byId('tail-records');
  list.replaceChildren();
  byId('tail-stream').textContent = s.StreamName;
  byId('tail-panel').hidden = false;
  byId('pause-tail').textContent = 'Pause';
  const status = byId('tail-status');
  const current = new LiveTail(need(), s.StreamARN, limiter, {
    records(shardId, records) {
      // Newest on top: each record goes before the previous ones, so a batch ends with its last record first.
      for (const rec of records) list.prepend(recordItem(shardId, rec, pageView));
      while (list.children.length > TAIL_BUFFER) list.lastElementChild?.remove();
      byId('tail-count').textContent = `${list.children.length} record(s) shown (newest first, at most ${TAIL_BUFFER})`;
    },
    status(state, shards, error) {
      if (tail !== current) return;
      status.dataset.state = state;
      status.dataset.shards = shards.join(' ');
      status.textContent = `${state}${shards.length ? `: ${shards.length} shard(s), ${shards.join(', ')}` : ''}${error ? ` — ${error}` : ''}`;
    },
  });
  tail = current;
  return current.start();
}

function stopTail(): void {
  tail?.stop();
  tail = undefined;
  byId('tail-panel').hidden = true;
}

// ---- wiring

function readForm(): Keys {
  const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
  const k: Keys = { accessKeyId: value('access-key-id'), secretAccessKey: value('secret-access-key'), region: value('region') };
  const token = value('session-token');
  if (token) k.sessionToken = token;
  return k;
}

function wire(): void {
  const viewSelect = byId<HTMLSelectElement>('data-view');
  viewSelect.replaceChildren(...DATA_VIEWS.map((v) => h('option', { attrs: { value: v } }, v)));
  viewSelect.addEventListener('change', () => refreshRecordViews(document));

  byId<HTMLFormElement>('keys-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const k = readForm();
    saveKeys(k);
    act(() => useKeys(k))();
  });
  byId('forget-keys').addEventListener('click', () => {
    forgetKeys();
    keys = undefined;
    generation++;
    stopTail();
    byId<HTMLFormElement>('keys-form').reset();
    byId('whoami').textContent = '';
    byId('main').hidden = true;
  });
  byId('refresh-streams').addEventListener('click', act(() => loadStreams(false)));
  byId('more-streams').addEventListener('click', act(() => loadStreams(true)));
  byId('more-shards').addEventListener('click', act(() => loadShards(true)));
  byId('more-consumers').addEventListener('click', act(() => loadConsumers(true)));
  byId<HTMLFormElement>('read-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act(readFromStart)();
  });
  byId('next-page').addEventListener('click', act(nextPage));
  byId('start-tail').addEventListener('click', act(startTail));
  byId('stop-tail').addEventListener('click', stopTail);
  byId('clear-tail').addEventListener('click', () => byId('tail-records').replaceChildren());
  byId('pause-tail').addEventListener('click', () => {
    if (!tail) return;
    if (tail.isPaused) tail.resume();
    else tail.pause();
    byId('pause-tail').textContent = tail.isPaused ? 'Resume' : 'Pause';
  });

  const saved = loadKeys();
  if (saved) {
    byId<HTMLInputElement>('access-key-id').value = saved.accessKeyId;
    byId<HTMLInputElement>('secret-access-key').value = saved.secretAccessKey;
    byId<HTMLInputElement>('region').value = saved.region;
    byId<HTMLInputElement>('session-token').value = saved.sessionToken ?? '';
    act(() => useKeys(saved))();
  }
}

wire();
