// Fault injection (--fault / FAULTS): `OPERATION:ERROR[:RATE]` rules, and the deterministic choice of which calls (or
// PutRecords records) fail. RATE r fails exactly every round(1/r)-th eligible call or record, counted per rule in one
// isolate, so a test or a user can say in advance which ones fail. Must not do I/O; the Worker keeps one plan per
// isolate (operations/faults.ts).
import faultErrors from '../../local/fault-errors.json';
import { errorStatus, type KinesisErrorType } from '../protocol/errors';

/** The errors each operation may be made to answer: AWS's model's errors for it that we know, and InternalFailure. */
export const FAULT_ERRORS: Readonly<Record<string, readonly string[]>> = faultErrors.operations;

/** PutRecords fails these per record (ErrorCode and ErrorMessage in its answer), the other errors per call. */
export const PER_RECORD_FAULTS: Readonly<Record<string, readonly KinesisErrorType[]>> = {
  PutRecords: ['ProvisionedThroughputExceededException', 'InternalFailure'],
};

/** Operations that inject their own faults at the point where they can name the shard (AWS's messages do);
 *  every other operation's faults are injected by the pipeline just before the operation runs. */
export const FAULTS_IN_OPERATION: ReadonlySet<string> = new Set(['PutRecord', 'PutRecords', 'GetRecords']);

export interface FaultRule {
  operation: string;
  error: KinesisErrorType;
  rate: number;
  /** The rule fires on every `every`-th eligible call or record: round(1 / rate). */
  every: number;
}

const RATE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/** One `OPERATION:ERROR[:RATE]`, or why it is refused (the message names what is allowed). */
export function parseFaultRule(text: string): { ok: true; rule: FaultRule } | { ok: false; message: string } {
  const parts = text.trim().split(':');
  if (parts.length < 2 || parts.length > 3) return { ok: false, message: `--fault wants OPERATION:ERROR[:RATE], got '${text}'` };
  const [operation, error, rateText = '1'] = parts;
  const allowed = FAULT_ERRORS[operation];
  if (!Object.hasOwn(FAULT_ERRORS, operation) || !allowed) {
    return { ok: false, message: `--fault ${text}: unknown operation '${operation}' (one of ${Object.keys(FAULT_ERRORS).join(', ')})` };
  }
  if (!allowed.includes(error) || !Object.hasOwn(errorStatus, error)) {
    return { ok: false, message: `--fault ${text}: ${operation} cannot answer '${error}' (it can answer ${allowed.join(', ')})` };
  }
  const rate = RATE.test(rateText) ? Number(rateText) : NaN;
  if (!(rate > 0 && rate <= 1)) return { ok: false, message: `--fault ${text}: RATE must be a number in (0, 1], got '${rateText}'` };
  return { ok: true, rule: { operation, error: error as KinesisErrorType, rate, every: Math.round(1 / rate) } };
}

/** A comma-separated list of rules (FAULTS); empty parts are skipped. Refused parts are returned, not thrown. */
export function parseFaults(list: string): { rules: FaultRule[]; problems: string[] } {
  const rules: FaultRule[] = [];
  const problems: string[] = [];
  for (const part of list.split(',')) {
    if (part.trim() === '') continue;
    const parsed = parseFaultRule(part);
    if (parsed.ok) rules.push(parsed.rule);
    else problems.push(parsed.message);
  }
  return { rules, problems };
}

const perRecord = (rule: FaultRule): boolean => PER_RECORD_FAULTS[rule.operation]?.includes(rule.error) ?? false;

/** Which calls and records fail: each rule counts the events it is eligible for and fires on every `every`-th. */
export class FaultPlan {
  private readonly counts: number[];

  constructor(readonly rules: readonly FaultRule[]) {
    this.counts = rules.map(() => 0);
  }

  private next(operation: string, records: boolean): KinesisErrorType | undefined {
    let fired: KinesisErrorType | undefined;
    this.rules.forEach((rule, i) => {
      if (rule.operation !== operation || perRecord(rule) !== records) return;
      this.counts[i] += 1;
      // Every rule counts each event; the first that fires answers it.
      if (this.counts[i] % rule.every === 0) fired ??= rule.error;
    });
    return fired;
  }

  /** The error this call of `operation` is to answer as a whole, if any. */
  forCall(operation: string): KinesisErrorType | undefined {
    return this.rules.length === 0 ? undefined : this.next(operation, false);
  }

  /** The error one record of `operation` (PutRecords) is to fail with, if any; ask once per record, in order. */
  forRecord(operation: string): KinesisErrorType | undefined {
    return this.rules.length === 0 ? undefined : this.next(operation, true);
  }
}

/** The message of an injected error other than the throttling ones (which use AWS's wording) [OURS]. */
export const injectedFaultMessage = (operation: string, error: KinesisErrorType): string =>
  `Injected fault: ${operation} answers ${error} (--fault ${operation}:${error}).`;
