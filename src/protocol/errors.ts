// The one error type of the emulator: a closed union of AWS's error types and their HTTP statuses.
// Must not know about wire encodings (JSON/CBOR/XML); the responders in this folder do that.

/** Status per type: AWS sends 400 for every client error of Kinesis (docs/aws-behaviour.md §1.2). */
export const errorStatus = {
  AccessDeniedException: 400,
  DryRunOperationException: 400,
  ExpiredIteratorException: 400,
  ExpiredNextTokenException: 400,
  IncompleteSignatureException: 400,
  InvalidArgumentException: 400,
  InvalidSignatureException: 400,
  KMSNotFoundException: 400,
  LimitExceededException: 400,
  MissingAuthenticationTokenException: 400,
  ProvisionedThroughputExceededException: 400,
  ResourceInUseException: 400,
  ResourceNotFoundException: 400,
  SerializationException: 400,
  UnknownOperationException: 400,
  UnrecognizedClientException: 400,
  ValidationException: 400,
  InternalFailure: 500,
} as const;

export type KinesisErrorType = keyof typeof errorStatus;

/** What object RPC methods return instead of throwing: Workers RPC keeps only name and message of a thrown error. */
export type ErrorData = { type: KinesisErrorType; message?: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (type: KinesisErrorType, message?: string): { ok: false; error: ErrorData } => ({
  ok: false,
  error: message === undefined ? { type } : { type, message },
});

export class KinesisError extends Error {
  readonly type: KinesisErrorType;
  /** AWS omits the message on envelope-level errors and InternalFailure (aws-behaviour §1.2). */
  readonly hasMessage: boolean;
  constructor(type: KinesisErrorType, message?: string) {
    super(message ?? type);
    this.name = 'KinesisError';
    this.type = type;
    this.hasMessage = message !== undefined;
  }
  get status(): number {
    return errorStatus[this.type];
  }
  toData(): ErrorData {
    return this.hasMessage ? { type: this.type, message: this.message } : { type: this.type };
  }
  static from(data: ErrorData): KinesisError {
    return new KinesisError(data.type, data.message);
  }
}

/**
 * A fresh copy of a Result that came from another object's RPC method, for passing on as this method's own result.
 * workerd gives every RPC result object a disposer; returned as is, that disposer travels on and the next caller
 * is expected to call dispose(), or workerd logs "An RPC result was not disposed properly" when it is collected
 * (https://developers.cloudflare.com/workers/runtime-apis/rpc/lifecycle/). Only the top-level object carries one.
 */
export function passOn<T>(result: Result<T>): Result<T> {
  return result.ok ? { ok: true, value: result.value } : { ok: false, error: { ...result.error } };
}

/** Unwraps an object's Result, rebuilding the Kinesis error in the Worker. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw KinesisError.from(result.error);
}
