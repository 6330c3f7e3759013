// Each registered operation is the named function its file declares: stack traces and logs read the AWS name.
import { describe, expect, it } from 'vitest';
import { operations } from '../../src/operations/registry';
import type { Operation, OperationName } from '../../src/operations/operation';

describe('operation registry', () => {
  it('keys every operation by its own name and runs a function of that name', () => {
    expect(Object.keys(operations)).toHaveLength(45);
    for (const [key, op] of Object.entries(operations)) {
      expect((op as unknown as Operation<OperationName>).name, key).toBe(key);
      expect(op.run.name, key).toBe(key);
    }
  });

  it("shows the operation's name in the stack of an error thrown inside it", async () => {
    const ctx = { now: 0, requestId: 'r', tenant: { account: '000000000000', region: 'us-east-1' } } as never;
    // A missing env makes the handler fail on its first storage call, inside its own frame.
    const err = await operations.ListStreams.run(ctx, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).stack).toMatch(/at (?:async )?(?:Object\.)?ListStreams\b/);
  });
});
