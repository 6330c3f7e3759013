// Reads KPL-aggregated Kinesis records back into user records, written from the KPL's published format, not from
// the KPL: 4 magic bytes F3 89 9A C2, a protobuf AggregatedRecord, then the MD5 of that protobuf (16 bytes).
// AggregatedRecord: 1 partition_key_table (string), 2 explicit_hash_key_table (string), 3 records (Record);
// Record: 1 partition_key_index, 2 explicit_hash_key_index (uint64), 3 data (bytes), 4 tags.
// https://github.com/awslabs/amazon-kinesis-producer/blob/master/aggregation-format.md
import { createHash } from 'node:crypto';

export const KPL_MAGIC = Buffer.from([0xf3, 0x89, 0x9a, 0xc2]);

export interface UserRecord {
  partitionKey: string;
  data: Buffer;
}

interface Field {
  no: number;
  /** Varint value, or undefined for a length-delimited field. */
  int?: bigint;
  bytes?: Buffer;
}

/** Protobuf fields of `buf`; throws on wire types the format does not use. */
function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
    throw new Error('varint too long');
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    if ((key & 7) === 0) out.push({ no, int: varint() });
    else if ((key & 7) === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new Error('truncated field');
      out.push({ no, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else throw new Error(`unexpected wire type ${key & 7}`);
  }
  return out;
}

/** The user records inside one Kinesis record: itself when it is not aggregated. */
export function deaggregate(data: Buffer, partitionKey: string): { aggregated: boolean; records: UserRecord[] } {
  if (data.length < KPL_MAGIC.length + 16 || !data.subarray(0, 4).equals(KPL_MAGIC)) {
    return { aggregated: false, records: [{ partitionKey, data }] };
  }
  const body = data.subarray(4, data.length - 16);
  const digest = createHash('md5').update(body).digest();
  if (!digest.equals(data.subarray(data.length - 16))) throw new Error('aggregated record with a wrong MD5 trailer');
  const top = fields(body);
  const keys = top.filter((f) => f.no === 1).map((f) => f.bytes!.toString('utf8'));
  const records = top
    .filter((f) => f.no === 3)
    .map((f) => {
      const inner = fields(f.bytes!);
      const index = Number(inner.find((x) => x.no === 1)?.int ?? -1n);
      if (!(index in keys)) throw new Error(`partition key index ${index} outside the table of ${keys.length}`);
      return { partitionKey: keys[index], data: Buffer.from(inner.find((x) => x.no === 3)?.bytes ?? []) };
    });
  return { aggregated: true, records };
}
