// What an operation is: a name of the API, an optional cross-field check and a handler from validated input to output,
// typed from the generated model (shapes.generated.ts). Must not parse wire bodies or build Responses: the app does.
import type { Config } from '../config';
import type { Env } from '../env';
import type { Tenant } from '../model/tenant';
import type { Operations } from '../schema/shapes.generated';
import type { Wire } from '../protocol/target';

export interface Context {
  env: Env;
  tenant: Tenant;
  config: Config;
  /** Epoch ms when the request arrived; every rule of this request uses this one instant. */
  now: number;
  /** The x-amzn-RequestId this request is answered with: what a logged failure is found by. */
  requestId: string;
  /** The request's wire format: what an event stream's messages are encoded in (SubscribeToShard). */
  wire: Wire;
}

export type OperationName = keyof Operations;
export type InputOf<N extends OperationName> = Operations[N]['input'];
/** undefined: the operation answers 200 with an empty body. */
export type OutputOf<N extends OperationName> = Operations[N]['output'];

export interface Operation<N extends OperationName> {
  readonly name: N;
  /** Cross-field rules the declared shapes cannot say; throws KinesisError. */
  check?(input: InputOf<N>): void;
  run(ctx: Context, input: InputOf<N>): Promise<OutputOf<N>>;
}

/**
 * How the pipeline calls any operation: with the body parseInput has checked against that operation's input shape.
 * The only place the generated input types are taken on trust, and parseInput is what makes them true.
 */
export interface Dispatch {
  check?(input: Record<string, unknown>): void;
  run(ctx: Context, input: Record<string, unknown>): Promise<object | undefined>;
}

/**
 * Declares operation `name`. Pass a named function (`async function PutRecords(ctx, input)`): it is the `run` the
 * pipeline calls, so a stack trace through it reads the operation's name.
 */
export function operation<N extends OperationName>(
  name: N,
  run: (ctx: Context, input: InputOf<N>) => Promise<OutputOf<N>>,
  check?: (input: InputOf<N>) => void,
): Operation<N> {
  return check ? { name, run, check } : { name, run };
}
