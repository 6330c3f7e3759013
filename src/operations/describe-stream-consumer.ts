// DescribeStreamConsumer: one consumer, by ConsumerARN or by StreamARN and ConsumerName.
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { streamArn } from '../model/arn';
import { streamStub } from './streams';
import { cachedStream } from './stream-cache';
import { consumerRefOf, consumerView } from './consumers';

export const DescribeStreamConsumer = operation('DescribeStreamConsumer', async function DescribeStreamConsumer(ctx, input) {
  const ref = consumerRefOf(ctx, input);
  const stream = await cachedStream(ctx, ref.streamName);
  const consumer = unwrap(await streamStub(ctx, ref.streamName).consumer(ref.consumerName, ref.createdAtSec));
  return { ConsumerDescription: { ...consumerView(stream, consumer), StreamARN: streamArn(stream.region, stream.account, stream.name) } };
});
