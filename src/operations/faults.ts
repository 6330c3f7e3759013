// This isolate's fault plan (model/faults.ts): its counters live as long as the isolate, so RATE's "every n-th call"
// counts across requests. A FAULTS value that changes (tests) starts a new plan. Refused rules are logged once per
// value and left out: locally the host refuses to start on them (local/options.mjs), so only a deployment sees this.
import { KinesisError, type KinesisErrorType } from '../protocol/errors';
import { FaultPlan, injectedFaultMessage, parseFaults } from '../model/faults';
import type { Context } from './operation';

let current: { spec: string; plan: FaultPlan } | undefined;

export function faultPlan(spec: string): FaultPlan {
  if (current?.spec === spec) return current.plan;
  const { rules, problems } = parseFaults(spec);
  for (const problem of problems) console.warn(`FAULTS: ignored: ${problem}`);
  current = { spec, plan: new FaultPlan(rules) };
  return current.plan;
}

/** Forgets the plan and its counters. Tests call it so each starts counting from zero. */
export function clearFaultPlan(): void {
  current = undefined;
}

/** The injected error: InternalFailure is AWS's bare 500; a throttling error takes `throttled`'s AWS wording. */
export function injectedError(operation: string, type: KinesisErrorType, throttledMessage?: string): KinesisError {
  if (type === 'InternalFailure') return new KinesisError('InternalFailure');
  if (type === 'ProvisionedThroughputExceededException' && throttledMessage !== undefined) return new KinesisError(type, throttledMessage);
  return new KinesisError(type, injectedFaultMessage(operation, type));
}

/** Throws the fault this call of `operation` is to answer as a whole, if any. */
export function injectCallFault(ctx: Context, operation: string, throttledMessage?: () => string): void {
  if (ctx.config.faults === '') return;
  const type = faultPlan(ctx.config.faults).forCall(operation);
  if (type) throw injectedError(operation, type, throttledMessage?.());
}
