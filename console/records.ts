// One record as the page shows it: sequence number, partition key, arrival time, size, and the data in the view
// chosen for this record or, failing that, the page's. Re-rendered in place when either choice changes.
import { base64ToBytes, DATA_VIEWS, decodeData, type DataView } from './decode';
import { h } from './dom';
import type { KinesisRecord } from './types';

/** Re-renders an item after the page's view changed (see refreshRecordViews). */
const refreshers = new WeakMap<Element, () => void>();

/** `pageView` is read at each render, so one page-wide switch re-renders every record. */
export function recordItem(shardId: string, record: KinesisRecord, pageView: () => DataView): HTMLLIElement {
  const size = base64ToBytes(record.Data).length;
  const choice = h('select', { class: 'record-view', attrs: { 'aria-label': 'Show this record as' } }, h('option', { attrs: { value: '' } }, 'as the page'), ...DATA_VIEWS.map((v) => h('option', { attrs: { value: v } }, v)));
  const data = h('pre', { class: 'data' });
  const note = h('span', { class: 'note' });
  const render = () => {
    const decoded = decodeData(record.Data, (choice.value as DataView | '') || pageView());
    data.dataset.view = decoded.view;
    data.textContent = decoded.text;
    note.textContent = decoded.note ? `(${decoded.note})` : `(${decoded.view})`;
  };
  choice.addEventListener('change', render);
  const arrival = new Date(record.ApproximateArrivalTimestamp * 1000).toISOString();
  const item = h(
    'li',
    { class: 'record', data: { seq: record.SequenceNumber, shard: shardId, partitionKey: record.PartitionKey } },
    h(
      'div',
      { class: 'meta' },
      h('span', { class: 'shard' }, shardId),
      h('span', { class: 'seq', attrs: { title: 'SequenceNumber' } }, record.SequenceNumber),
      h('span', { class: 'key', attrs: { title: 'PartitionKey' } }, record.PartitionKey),
      h('time', { class: 'arrival', attrs: { datetime: arrival, title: 'ApproximateArrivalTimestamp' } }, arrival),
      h('span', { class: 'size', data: { bytes: String(size) } }, `${size} B`),
      record.EncryptionType && record.EncryptionType !== 'NONE' ? h('span', { class: 'encryption' }, record.EncryptionType) : undefined,
      choice,
      note,
    ),
    data,
  );
  refreshers.set(item, render);
  render();
  return item;
}

/** Re-renders every record under `root` in the page's current view. */
export function refreshRecordViews(root: ParentNode): void {
  for (const item of root.querySelectorAll('li.record')) refreshers.get(item)?.();
}
