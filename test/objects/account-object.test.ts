// AccountObject's methods answer with plain values of their own. An RPC result that an object passes on as its own
// result carries the disposer workerd added to it, so the Worker that gets it "expects" a dispose() call and, when
// it never comes, workerd logs "An RPC result was not disposed properly" at garbage collection (issue 7 item 10;
// https://developers.cloudflare.com/workers/runtime-apis/rpc/lifecycle/).
import { runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, bindings, freshStart, restoreClock } from '../helpers/kinesis';
import type { CreateParams } from '../../src/model/stream';

const tenant = { account: '000000000000', region: 'us-east-1' };
const account = () => bindings.ACCOUNT.getByName('000000000000:us-east-1:account');
const params = (name: string): CreateParams => ({
  tenant, name, createdAt: T0, activeAt: T0 + 500, mode: 'PROVISIONED', retentionHours: 24, maxRecordKib: 1024, shardCount: 1, tags: {},
});

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('results handed back by the account object', () => {
  it('carry no disposer, whether the stream object answered ok or not', async () => {
    await runInDurableObject(account(), async (instance) => {
      const created = await instance.createStream(params('plain'), 50);
      expect(created).toEqual({ ok: true, value: null });
      expect(Object.getOwnPropertySymbols(created)).toEqual([]);
      const deleted = await instance.deleteStream(tenant, 'plain', T0, 500);
      expect(deleted).toEqual({ ok: true, value: null });
      expect(Object.getOwnPropertySymbols(deleted)).toEqual([]);
    });
  });
});
