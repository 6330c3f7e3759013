// StartStreamEncryption: server-side encryption with a KMS key; the stream is UPDATING for a while, and records
// written from then on carry EncryptionType KMS (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html).
// No KMS is involved: any well-formed key in the stream's Region is taken (aws-behaviour §3.20).
import { operation } from './operation';
import { KinesisError } from '../protocol/errors';
import { encryptionTypeError, keyIdError } from '../model/stream-settings';
import { streamNameOf } from './streams';
import { changeStream } from './stream-settings';

export const StartStreamEncryption = operation('StartStreamEncryption', async function StartStreamEncryption(ctx, input) {
  const name = streamNameOf(ctx, input);
  const error = encryptionTypeError(input.EncryptionType) ?? keyIdError(input.KeyId, ctx.tenant.region);
  if (error) throw KinesisError.from(error);
  await changeStream(ctx, name, (stub) => stub.setEncryption('start', input.KeyId, ctx.config.updateStreamMs));
  return undefined;
});
