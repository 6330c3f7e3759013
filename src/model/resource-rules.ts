// AWS's answers for the operations that address a stream or consumer by ResourceARN (TagResource, UntagResource,
// ListTagsForResource, Put/Get/DeleteResourcePolicy). Must not touch storage.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html
import type { ErrorData } from '../protocol/errors';
import { MAX_TAGS_PER_CONSUMER } from '../limits';
import { tagCharactersError } from './stream-rules';

/** A consumer as an ARN names it: its name and, from the ARN, which registration (creation second). */
export interface ConsumerRef {
  name: string;
  createdAtSec?: number;
}

/** A malformed ResourceARN that still passed the model's loose pattern. AWS's wording is not known [OURS]. */
export const invalidResourceArn = (arn: string): ErrorData => ({ type: 'InvalidArgumentException', message: `ResourceARN ${arn} is invalid.` });

/** DeleteResourcePolicy with no policy: moto's wording (https://github.com/getmoto/moto, kinesis/exceptions.py); AWS's is not recorded. */
export const noResourcePolicy = (arn: string): ErrorData => ({ type: 'ResourceNotFoundException', message: `No resource policy found for resource ARN ${arn}.` });

/** A consumer's tags follow the stream tag rules: the character check in AWS's recorded words, the `%` and count
 *  messages in the form of the stream ones, naming the consumer [OURS]. */
export function consumerTagCharactersError(op: 'add' | 'remove', consumer: string, stream: string, account: string, strings: string[]): ErrorData | null {
  const error = tagCharactersError(op, stream, account, strings);
  if (!error || !error.message?.startsWith('Failed to')) return error;
  const what = op === 'add' ? 'Failed to add tags to' : 'Failed to remove tags from';
  return {
    type: 'InvalidArgumentException',
    message: `${what} consumer ${consumer} of stream ${stream} under account ${account} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`,
  };
}

export function tooManyConsumerTagsError(consumer: string, stream: string, account: string, total: number): ErrorData | null {
  if (total <= MAX_TAGS_PER_CONSUMER) return null;
  return {
    type: 'InvalidArgumentException',
    message: `Failed to add tags to consumer ${consumer} of stream ${stream} under account ${account} because a given consumer cannot have more than ${MAX_TAGS_PER_CONSUMER} tags associated with it.`,
  };
}
