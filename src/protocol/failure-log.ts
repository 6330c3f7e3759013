// The one log line of a real internal failure: request id (the x-amzn-RequestId sent back), operation, cause.
// One line, so a failure is never lost among (or split across) other output, and can be found by its request id.

const MAX_CAUSE_CHARS = 2000;

export function logInternalFailure(requestId: string, operation: string | undefined, err: unknown): void {
  console.error(`InternalFailure request ${requestId} operation ${operation ?? '-'}: ${causeOf(err)}`);
}

/** `Name: message (at the innermost frame)`, flattened to one line. */
function causeOf(err: unknown): string {
  let text: string;
  try {
    if (err instanceof Error) {
      const frame = err.stack?.split('\n').find((line) => line.trim().startsWith('at '));
      text = `${err.name}: ${err.message}${frame ? ` (${frame.trim()})` : ''}`;
    } else {
      text = String(err);
    }
  } catch {
    text = 'unprintable error value';
  }
  return text.replace(/\s*[\r\n]+\s*/g, ' ').slice(0, MAX_CAUSE_CHARS);
}
