// What an operation is: an optional cross-field check and a handler from validated input to output.
// Must not parse wire bodies or build Responses: the app does that around it.
import type { Config } from '../config';
import type { Env } from '../env';
import type { Tenant } from '../model/tenant';

export interface Context {
  env: Env;
  tenant: Tenant;
  config: Config;
  /** Epoch ms when the request arrived; every rule of this request uses this one instant. */
  now: number;
  /** The x-amzn-RequestId this request is answered with: what a logged failure is found by. */
  requestId: string;
}

export interface Operation<I = any> {
  /** Cross-field rules the declared shapes cannot say; throws KinesisError. */
  check?(input: I): void;
  /** Returns the output object, or undefined for operations that answer 200 with an empty body. */
  run(ctx: Context, input: I): Promise<object | undefined>;
}

export const defineOperation = <I>(op: Operation<I>): Operation<I> => op;
