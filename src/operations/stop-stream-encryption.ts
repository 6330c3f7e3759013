// StopStreamEncryption: records written from then on are unencrypted; the stream is UPDATING for a while
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html). The request names the
// encryption type and key, checked as StartStreamEncryption checks them; a stream not encrypted is not refused.
import { operation } from './operation';
import { KinesisError } from '../protocol/errors';
import { encryptionTypeError, keyIdError } from '../model/stream-settings';
import { streamNameOf } from './streams';
import { changeStream } from './stream-settings';

export const StopStreamEncryption = operation('StopStreamEncryption', async function StopStreamEncryption(ctx, input) {
  const name = streamNameOf(ctx, input);
  const error = encryptionTypeError(input.EncryptionType) ?? keyIdError(input.KeyId, ctx.tenant.region);
  if (error) throw KinesisError.from(error);
  await changeStream(ctx, name, (stub) => stub.setEncryption('stop', null, ctx.config.updateStreamMs));
  return undefined;
});
