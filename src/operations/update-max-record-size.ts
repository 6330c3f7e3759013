// UpdateMaxRecordSize: the largest record (key + data) the stream takes, 1024-10240 KiB (the range is the model's,
// checked before this runs); puts are held to it at once
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateMaxRecordSize.html).
import { operation } from './operation';
import { KinesisError } from '../protocol/errors';
import { streamNameOf } from './streams';
import { changeStream } from './stream-settings';

export const UpdateMaxRecordSize = operation('UpdateMaxRecordSize', async function UpdateMaxRecordSize(ctx, input) {
  // The operation has no StreamName: the ARN is the only address (our wording for its absence, aws-behaviour §3.20).
  if (input.StreamARN === undefined) throw new KinesisError('InvalidArgumentException', 'StreamARN should be provided.');
  const name = streamNameOf(ctx, { StreamARN: input.StreamARN });
  await changeStream(ctx, name, (stub) => stub.setMaxRecordSize(input.MaxRecordSizeInKiB));
  return undefined;
});
