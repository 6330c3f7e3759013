// Finding the stream a request names (StreamName, StreamARN or both) and loading it with its derived status.
// Must not change streams.
import { KinesisError } from '../protocol/errors';
import { parseStreamArn } from '../model/arn';
import { streamStatus } from '../model/status';
import { streamNotActive, streamNotFound } from '../model/stream-rules';
import { streamObjectName } from '../objects/names';
import type { StreamState } from '../model/stream';
import type { Context } from './operation';

export interface StreamAddress {
  StreamName?: string;
  StreamARN?: string;
}

export type Status = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';
export type LoadedStream = StreamState & { status: Status };

/** "You must use either the StreamARN or the StreamName parameter, or both" [DOC]. */
export function streamNameOf(ctx: Context, input: StreamAddress): string {
  if (input.StreamARN !== undefined) {
    const arn = parseStreamArn(input.StreamARN);
    // AWS's wording for a malformed, conflicting or missing address is not known (aws-behaviour §6); these follow
    // the recorded ListShards form "Either NextToken or StreamName should be provided."
    if (!arn) throw new KinesisError('InvalidArgumentException', `StreamARN ${input.StreamARN} is invalid.`);
    if (input.StreamName !== undefined && input.StreamName !== arn.name) {
      throw new KinesisError('InvalidArgumentException', 'StreamARN and StreamName do not refer to the same stream.');
    }
    // Another tenant's stream is not visible: the same answer as a missing stream, naming the ARN's account.
    if (arn.account !== ctx.tenant.account || arn.region !== ctx.tenant.region) {
      throw KinesisError.from(streamNotFound(arn.name, arn.account));
    }
    return arn.name;
  }
  if (input.StreamName === undefined) throw new KinesisError('InvalidArgumentException', 'Either StreamName or StreamARN should be provided.');
  return input.StreamName;
}

export function streamStub(ctx: Context, name: string) {
  return ctx.env.STREAM.getByName(streamObjectName(ctx.tenant, name));
}

/** The stream in any live state, or ResourceNotFoundException. */
export async function loadStream(ctx: Context, name: string): Promise<LoadedStream> {
  const state = await streamStub(ctx, name).state();
  if (state) {
    const status = streamStatus(state, ctx.now);
    if (status !== 'GONE') return { ...state, status };
  }
  throw KinesisError.from(streamNotFound(name, ctx.tenant.account));
}

/**
 * Reads and writes go on while UPDATING (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescription.html,
 * StreamStatus). In any other state a put answers as if the stream were not there (kinesalite's recording:
 * https://github.com/mhart/kinesalite/blob/master/actions/putRecord.js) and a read that it is not active.
 */
export function requireActive(stream: LoadedStream, otherwise: 'ResourceNotFoundException' | 'ResourceInUseException'): void {
  if (stream.status === 'ACTIVE' || stream.status === 'UPDATING') return;
  throw KinesisError.from(
    otherwise === 'ResourceNotFoundException' ? streamNotFound(stream.name, stream.account) : streamNotActive(stream.name, stream.account, stream.status),
  );
}
