// Resharding invariants as properties (fast-check): after any sequence of splits, merges and uniform scalings the
// open shards partition the whole 128-bit hash space; every new shard is the child of one split or one merge of
// adjacent shards; lineage only points to older shards (a DAG); UNIFORM_SCALING ends at CreateStream's even ranges.
// Expected ranges are computed here, independently of src/model/hash-key.ts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { childrenOf, mergePlan, splitPlan, uniformScalingPlan, type ReshardPlan } from '../../src/model/reshard';
import type { ShardInfo } from '../../src/model/stream';

const SPACE = 2n ** 128n;
const NOW = 1_000;

function evenShards(n: number): ShardInfo[] {
  const size = SPACE / BigInt(n);
  return Array.from({ length: n }, (_, i) => ({
    index: i, parent: null, adjacentParent: null, createdAt: 0, closedAt: null,
    startHash: (BigInt(i) * size).toString(), endHash: (i === n - 1 ? SPACE - 1n : BigInt(i + 1) * size - 1n).toString(),
  }));
}

const open = (shards: ShardInfo[]) =>
  shards.filter((s) => s.closedAt === null).sort((a, b) => (BigInt(a.startHash) < BigInt(b.startHash) ? -1 : 1));

/** Applies a plan as the stream object does, checking each step's shape on the way. */
function apply(shards: ShardInfo[], plan: ReshardPlan): ShardInfo[] {
  const next = shards.map((s) => ({ ...s }));
  for (const index of plan.close) {
    const s = next.find((x) => x.index === index)!;
    expect(s.closedAt).toBeNull();
    s.closedAt = NOW;
  }
  const maxBefore = Math.max(...shards.map((s) => s.index));
  plan.add.forEach((s, i) => expect(s.index).toBe(maxBefore + 1 + i));
  return [...next, ...plan.add.map((s) => ({ ...s }))];
}

function checkInvariants(shards: ShardInfo[]): void {
  // The open shards tile [0, 2^128 - 1] with no gap and no overlap.
  let expected = 0n;
  for (const s of open(shards)) {
    expect(BigInt(s.startHash)).toBe(expected);
    expect(BigInt(s.endHash) >= BigInt(s.startHash)).toBe(true);
    expected = BigInt(s.endHash) + 1n;
  }
  expect(expected).toBe(SPACE);
  const byIndex = new Map(shards.map((s) => [s.index, s]));
  for (const s of shards) {
    if (s.parent === null) continue;
    const parent = byIndex.get(s.parent)!;
    // Lineage points to older shards only: a DAG.
    expect(s.parent).toBeLessThan(s.index);
    expect(parent.closedAt).not.toBeNull();
    if (s.adjacentParent === null) {
      // A split: exactly two children, which cover the parent's range.
      const kids = shards.filter((k) => k.parent === parent.index && k.adjacentParent === null).sort((a, b) => (BigInt(a.startHash) < BigInt(b.startHash) ? -1 : 1));
      expect(kids).toHaveLength(2);
      expect(kids[0].startHash).toBe(parent.startHash);
      expect(BigInt(kids[0].endHash) + 1n).toBe(BigInt(kids[1].startHash));
      expect(kids[1].endHash).toBe(parent.endHash);
    } else {
      // A merge: two adjacent parents, the child covers both.
      const other = byIndex.get(s.adjacentParent)!;
      expect(s.adjacentParent).toBeLessThan(s.index);
      expect(other.closedAt).not.toBeNull();
      const [lo, hi] = BigInt(parent.startHash) < BigInt(other.startHash) ? [parent, other] : [other, parent];
      expect(BigInt(lo.endHash) + 1n).toBe(BigInt(hi.startHash));
      expect([s.startHash, s.endHash]).toEqual([lo.startHash, hi.endHash]);
    }
  }
  // Every closed shard has children, and no shard is the parent of more than one split.
  for (const s of shards.filter((x) => x.closedAt !== null)) expect(childrenOf(shards, s.index).length).toBeGreaterThan(0);
}

type Step = { kind: 'split'; pick: number; at: number } | { kind: 'merge'; pick: number } | { kind: 'uniform'; factor: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('split' as const), pick: fc.nat(), at: fc.double({ min: 0.01, max: 0.99, noNaN: true }) }),
  fc.record({ kind: fc.constant('merge' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('uniform' as const), factor: fc.double({ min: 0.5, max: 2, noNaN: true }) }),
);

function run(shards: ShardInfo[], s: Step): ShardInfo[] {
  const live = open(shards);
  const next = Math.max(...shards.map((x) => x.index)) + 1;
  if (s.kind === 'split') {
    const shard = live[s.pick % live.length];
    const start = BigInt(shard.startHash);
    const width = BigInt(shard.endHash) - start;
    if (width < 4n) return shards;
    let key = start + (width * BigInt(Math.floor(s.at * 1000))) / 1000n;
    if (key <= start + 1n) key = start + 2n;
    return apply(shards, splitPlan(shard, key, next, NOW));
  }
  if (s.kind === 'merge') {
    if (live.length < 2) return shards;
    const i = s.pick % (live.length - 1);
    return apply(shards, mergePlan(live[i + 1], live[i], next, NOW));
  }
  const target = Math.max(Math.ceil(live.length / 2), Math.min(live.length * 2, Math.round(live.length * s.factor)));
  const after = apply(shards, uniformScalingPlan(live, target, next, NOW));
  expect(open(after).map((x) => [x.startHash, x.endHash])).toEqual(evenShards(target).map((x) => [x.startHash, x.endHash]));
  return after;
}

describe('resharding plans', () => {
  it('keep the open shards a partition of the hash space, with split/merge lineage, over random sequences', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(step, { maxLength: 12 }), (n, steps) => {
        let shards = evenShards(n);
        for (const s of steps) {
          shards = run(shards, s);
          checkInvariants(shards);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('split: [start, key - 1] and [key, end], each with the parent as ParentShardId', () => {
    const [shard] = evenShards(1);
    const plan = splitPlan(shard, 100n, 1, NOW);
    expect(plan.close).toEqual([0]);
    expect(plan.add.map((s) => [s.index, s.parent, s.adjacentParent, s.startHash, s.endHash, s.closedAt])).toEqual([
      [1, 0, null, '0', '99', null],
      [2, 0, null, '100', (SPACE - 1n).toString(), null],
    ]);
  });

  it('merge: the shard asked to merge is the parent, the other the adjacent parent, whichever lies lower', () => {
    const shards = evenShards(2);
    const plan = mergePlan(shards[1], shards[0], 2, NOW);
    expect(plan.close.sort()).toEqual([0, 1]);
    expect(plan.add.map((s) => [s.index, s.parent, s.adjacentParent, s.startHash, s.endHash])).toEqual([[2, 1, 0, '0', (SPACE - 1n).toString()]]);
  });

  it('uniform 1 -> 4 -> 2 gives 4 open shards, then 2, with the intermediate shards closed', () => {
    let shards = evenShards(1);
    shards = apply(shards, uniformScalingPlan(open(shards), 4, 1, NOW));
    // One balanced round of splits: 0 -> 1,2; 1 -> 3,4; 2 -> 5,6.
    expect(shards.map((s) => [s.index, s.parent, s.closedAt === null])).toEqual([
      [0, null, false], [1, 0, false], [2, 0, false], [3, 1, true], [4, 1, true], [5, 2, true], [6, 2, true],
    ]);
    shards = apply(shards, uniformScalingPlan(open(shards), 2, 7, NOW));
    expect(open(shards).map((s) => [s.index, s.parent, s.adjacentParent])).toEqual([[7, 3, 4], [8, 5, 6]]);
    checkInvariants(shards);
  });

  it('uniform to the same even count changes nothing', () => {
    const shards = evenShards(5);
    expect(uniformScalingPlan(shards, 5, 5, NOW)).toEqual({ close: [], add: [] });
  });
});
