// Enhanced fan-out consumers: their status (derived from stored timestamps, like a stream's) and AWS's messages
// about them. Must not touch storage: the stream object calls these with what it reads.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Consumer.html
import type { ErrorData } from '../protocol/errors';
import { streamStatus } from './status';

export type ConsumerStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

/** A registered consumer as the stream object hands it out: plain data across RPC. */
export interface ConsumerInfo {
  name: string;
  /** Epoch ms of registration; the ARN carries it in whole seconds. */
  createdAt: number;
  status: ConsumerStatus;
}

export interface ConsumerTimes {
  createdAt: number;
  activeAt: number;
  deletingAt: number | null;
  goneAt: number | null;
}

/** CREATING until activeAt, DELETING from deregistration until goneAt, then gone (null). */
export function consumerStatus(t: ConsumerTimes, now: number): ConsumerStatus | null {
  const s = streamStatus(t, now);
  return s === 'GONE' ? null : s === 'UPDATING' ? 'ACTIVE' : s;
}

// AWS's wording of the messages below is not known (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html
// names only the exception types); they follow the form of the recorded stream messages. docs/aws-behaviour.md says so.

export const consumerNotFound = (consumer: string, stream: string, account: string): ErrorData => ({
  type: 'ResourceNotFoundException',
  message: `Consumer ${consumer} under stream ${stream} under account ${account} not found.`,
});

export const consumerExists = (consumer: string, stream: string, account: string): ErrorData => ({
  type: 'ResourceInUseException',
  message: `Consumer ${consumer} under stream ${stream} under account ${account} already exists.`,
});

export const tooManyConsumers = (stream: string, account: string, limit: number): ErrorData => ({
  type: 'LimitExceededException',
  message: `Stream ${stream} under account ${account} already has ${limit} registered consumers, the most a stream may have.`,
});

export const tooManyCreatingConsumers = (stream: string, account: string, limit: number): ErrorData => ({
  type: 'LimitExceededException',
  message: `Stream ${stream} under account ${account} already has ${limit} consumers in CREATING status; wait for one to become ACTIVE.`,
});

/** SubscribeToShard with a consumer not ACTIVE: the form recorded in 2025
 *  (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2442). */
export const consumerNotActive = (consumer: string, createdAtSec: number, stream: string, account: string): ErrorData => ({
  type: 'ResourceInUseException',
  message: `Consumer ${consumer} with creation timestamp ${createdAtSec} under stream ${stream} and account ${account} is not in ACTIVE status.`,
});

/** DeleteStream on a stream with consumers, without EnforceConsumerDeletion: recorded in
 *  https://github.com/hashicorp/terraform-provider-aws/issues/8420; the apostrophe is U+2019 in later captures. */
export const streamHasConsumers = (stream: string, account: string): ErrorData => ({
  type: 'ResourceInUseException',
  message:
    `DeleteStream can\u2019t delete ${account}:${stream} because there are consumers associated with this data stream. ` +
    `To delete ${stream} anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`,
});

/** The prefix is recorded (https://github.com/daangn/kinesumer/issues/16); the rest is ours. */
export const anotherSubscription = (consumerArn: string): ErrorData => ({
  type: 'ResourceInUseException',
  message: `Another active subscription exists for this consumer: ${consumerArn}`,
});
