// Cross-account access by resource-based policy: a request naming another account's stream or consumer (by its
// ARN, or for GetRecords by a shard iterator of that stream) is let in when the resource's policy allows the
// caller's account that action, and then runs as the owner's request; otherwise AccessDeniedException
// (https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html). Nothing but a policy lets another account in.
import { KinesisError } from '../protocol/errors';
import { parseConsumerArn, parseStreamArn, streamArn } from '../model/arn';
import { accessDenied, CROSS_ACCOUNT_ACTIONS, evaluate, parsePolicy, type Decision } from '../model/policy';
import { decodeIterator } from '../model/iterator';
import type { ConsumerRef } from '../model/resource-rules';
import type { Tenant } from '../model/tenant';
import { streamObjectName } from '../objects/names';
import type { Context } from './operation';

interface Target {
  owner: Tenant;
  streamName: string;
  consumer?: ConsumerRef;
  /** The ARN the policy's Resource is matched against and the refusal names. */
  arn: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The resource of another account this request addresses, if any (consumer before stream, as the operations read them). */
function targetOf(ctx: Context, operation: string, input: Record<string, unknown>): Target | null {
  for (const arn of [str(input.ConsumerARN), str(input.ResourceARN), str(input.StreamARN)]) {
    if (arn === undefined) continue;
    const consumer = parseConsumerArn(arn);
    if (consumer) return { owner: consumer, streamName: consumer.name, consumer: { name: consumer.consumerName, createdAtSec: consumer.createdAtSec }, arn };
    const stream = parseStreamArn(arn);
    if (stream) return { owner: stream, streamName: stream.name, arn };
    return null; // malformed: the operation answers it
  }
  const iterator = operation === 'GetRecords' ? str(input.ShardIterator) : undefined;
  const state = iterator === undefined ? null : decodeIterator(iterator, ctx.config.iteratorKey);
  return state ? { owner: state, streamName: state.streamName, arn: streamArn(state.region, state.account, state.streamName) } : null;
}

/**
 * The context `operation` runs in: this one, or, when the request addresses another account's resource in this
 * region and its policy allows the call, the owner's. Another region's ARN is left to the operation (not found,
 * as an endpoint of one region answers). Refused: AccessDeniedException naming the caller, the action and the ARN.
 */
export async function asResourceOwner(ctx: Context, operation: string, input: Record<string, unknown>): Promise<Context> {
  const target = targetOf(ctx, operation, input);
  if (!target || target.owner.account === ctx.tenant.account || target.owner.region !== ctx.tenant.region) return ctx;
  const action = `kinesis:${operation}`;
  const decision = CROSS_ACCOUNT_ACTIONS[target.consumer ? 'consumer' : 'stream'].has(operation)
    ? await decide(ctx, target, action)
    : 'implicit-deny';
  if (decision !== 'allow') throw KinesisError.from(accessDenied(ctx.tenant.account, action, target.arn, decision));
  return { ...ctx, tenant: { account: target.owner.account, region: target.owner.region } };
}

async function decide(ctx: Context, target: Target, action: string): Promise<Decision> {
  const owner = { account: target.owner.account, region: target.owner.region };
  // A missing stream or consumer has no policy: denied like one whose policy does not allow the call.
  const stored = await ctx.env.STREAM.getByName(streamObjectName(owner, target.streamName)).policy(target.consumer);
  if (!stored.ok || stored.value === null) return 'implicit-deny';
  const policy = parsePolicy(stored.value);
  if (!policy.ok) return 'implicit-deny';
  return evaluate(policy.value, { account: ctx.tenant.account, action, resource: target.arn });
}
