// AWS's error texts built from their parts, so that a table row reads like the rule it checks. Plain strings and
// no imports: the Worker suites (workerd) and the schema suites (Node) share these.

/** An error as the wire carries it: __type and message. */
export type Thrown = { type: string; message: string };

export const serialization = (message: string): Thrown => ({ type: 'SerializationException', message });
export const validation = (message: string): Thrown => ({ type: 'ValidationException', message });
export const invalidArgument = (message: string): Thrown => ({ type: 'InvalidArgumentException', message });

/** Builds AWS's ValidationException text from its items. */
export const detected = (...items: string[]): Thrown =>
  validation(`${items.length} validation error${items.length === 1 ? '' : 's'} detected: ${items.join('; ')}`);

/** One item: `value` null prints `Value null`, undefined omits the value (blobs, lists of structures). */
export const item = (value: string | null | undefined, path: string, phrase: string): string =>
  `${value === null ? 'Value null' : value === undefined ? 'Value' : `Value '${value}'`} at '${path}' failed to satisfy constraint: ${phrase}`;

// The constraint phrases of the botocore model's shapes (min, max, pattern, required), in AWS's words.
export const NOT_NULL = 'Member must not be null';
export const NAME_PATTERN = 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+';
export const minLength = (n: number): string => `Member must have length greater than or equal to ${n}`;
export const maxLength = (n: number): string => `Member must have length less than or equal to ${n}`;
export const minValue = (n: number): string => `Member must have value greater than or equal to ${n}`;
export const maxValue = (n: number): string => `Member must have value less than or equal to ${n}`;

/** AWS's answer for a stream the account does not have (or has not finished creating, for writes). */
export const notFound = (name: string, account = '000000000000'): Thrown => ({
  type: 'ResourceNotFoundException',
  message: `Stream ${name} under account ${account} not found.`,
});

/** AWS's answer for an operation that needs an ACTIVE stream. */
export const notActive = (name: string, status: string, account = '000000000000'): Thrown => ({
  type: 'ResourceInUseException',
  message: `Stream ${name} under account ${account} not ACTIVE, instead in state ${status}`,
});
