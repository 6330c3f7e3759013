// Table-driven refusals for the Worker suites: one `it` per request the operation must refuse, named by the rule
// it checks, asserting AWS's status, __type and exact message on the wire.
import { it } from 'vitest';
import { expectError, kinesis } from './kinesis';
import type { Thrown } from './messages';

/** [the behaviour, as a sentence; the request body; AWS's answer; what must exist first (a stream, say)] */
export type Refusal = [name: string, body: unknown, answer: Thrown, given?: () => Promise<unknown>];

/** One test per row: after `given`, `operation` with `body` gets exactly `answer` (status 400). */
export function itRefuses(operation: string, rows: Refusal[]): void {
  for (const [name, body, answer, given] of rows) {
    it(name, async () => {
      await given?.();
      expectError(await kinesis(operation, body), answer.type, answer.message);
    });
  }
}
