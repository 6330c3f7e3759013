// Resharding as plans: which shards close and which new shards (with lineage and hash ranges) appear, for SplitShard,
// MergeShards and UpdateShardCount's UNIFORM_SCALING. Pure: the stream object validates, applies and stores a plan.
// Every new shard is the child of exactly one split (one parent) or one merge (two adjacent parents), as AWS's
// lineage is (https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-resharding.html), so readers that
// finish parents before children (the KCL) follow it unchanged.
import { evenHashRange } from './hash-key';
import type { ChildShardInfo } from './shard';
import type { ShardInfo } from './stream';

export interface ReshardPlan {
  /** Indexes of shards open before the plan that it closes. */
  close: number[];
  /** New shards in index order; those a later step of the same plan splits or merges again are already closed. */
  add: ShardInfo[];
}

interface Node {
  index: number;
  start: bigint;
  end: bigint;
}

class Builder {
  readonly close: number[] = [];
  readonly add: ShardInfo[] = [];
  constructor(
    private nextIndex: number,
    private readonly now: number,
  ) {}

  private create(start: bigint, end: bigint, parent: number, adjacentParent: number | null): Node {
    const index = this.nextIndex++;
    this.add.push({ index, parent, adjacentParent, startHash: start.toString(), endHash: end.toString(), createdAt: this.now, closedAt: null });
    return { index, start, end };
  }

  /** Closes a shard: one open before the plan, or one the plan made a moment ago. */
  private retire(node: Node): void {
    const added = this.add.find((s) => s.index === node.index);
    if (added) added.closedAt = this.now;
    else this.close.push(node.index);
  }

  split(node: Node, at: bigint): [Node, Node] {
    this.retire(node);
    return [this.create(node.start, at - 1n, node.index, null), this.create(at, node.end, node.index, null)];
  }

  merge(left: Node, right: Node): Node {
    this.retire(left);
    this.retire(right);
    return this.create(left.start, right.end, left.index, right.index);
  }
}

const nodeOf = (s: ShardInfo): Node => ({ index: s.index, start: BigInt(s.startHash), end: BigInt(s.endHash) });

/** SplitShard: [start, key - 1] and [key, end] [https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html]. */
export function splitPlan(shard: ShardInfo, newStartingHashKey: bigint, nextIndex: number, now: number): ReshardPlan {
  const b = new Builder(nextIndex, now);
  b.split(nodeOf(shard), newStartingHashKey);
  return { close: b.close, add: b.add };
}

/** MergeShards: the child covers both; ParentShardId is ShardToMerge, AdjacentParentShardId the other
 *  [https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html]. */
export function mergePlan(shard: ShardInfo, adjacent: ShardInfo, nextIndex: number, now: number): ReshardPlan {
  const b = new Builder(nextIndex, now);
  const [a, c] = [nodeOf(shard), nodeOf(adjacent)];
  if (a.start < c.start) b.merge(a, c);
  else b.merge(c, a);
  // The range runs low to high; the lineage names the shard asked to merge first, wherever it lies.
  b.add[0].parent = shard.index;
  b.add[0].adjacentParent = adjacent.index;
  return { close: b.close, add: b.add };
}

/** Two shards are adjacent when one's range ends right below the other's start. */
export function adjacent(a: ShardInfo, b: ShardInfo): boolean {
  return BigInt(a.endHash) + 1n === BigInt(b.startHash) || BigInt(b.endHash) + 1n === BigInt(a.startHash);
}

/**
 * UNIFORM_SCALING: afterwards the open shards are exactly CreateStream's even ranges for `target` shards. Each open
 * shard is split (balanced, middle cut first) at every target boundary inside it, then the pieces inside each target
 * range are merged left to right. Shards that already match a target range stay as they are. AWS does not document
 * its resulting ranges or intermediate shards (aws-behaviour §3.12); this plan keeps every step a split or a merge.
 */
export function uniformScalingPlan(open: readonly ShardInfo[], target: number, nextIndex: number, now: number): ReshardPlan {
  const b = new Builder(nextIndex, now);
  const sorted = [...open].map(nodeOf).sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  const starts = Array.from({ length: target }, (_, j) => evenHashRange(j, target).start);
  const pieces: Node[] = [];
  const cut = (node: Node, cuts: bigint[]): void => {
    if (cuts.length === 0) {
      pieces.push(node);
      return;
    }
    const mid = cuts.length >> 1;
    const [left, right] = b.split(node, cuts[mid]);
    cut(left, cuts.slice(0, mid));
    cut(right, cuts.slice(mid + 1));
  };
  // starts is sorted; the cuts inside a node are target starts strictly after its own start.
  let j = 0;
  for (const node of sorted) {
    while (j < starts.length && starts[j] <= node.start) j++;
    const cuts: bigint[] = [];
    for (let k = j; k < starts.length && starts[k] <= node.end; k++) cuts.push(starts[k]);
    cut(node, cuts);
  }
  // Pieces are in hash order and none crosses a target boundary: fold each target range's run into one shard.
  let run: Node | undefined;
  let t = 0;
  for (const piece of pieces) {
    while (t + 1 < starts.length && starts[t + 1] <= piece.start) t++;
    if (run && run.start >= starts[t]) run = b.merge(run, piece);
    else run = piece;
  }
  return { close: b.close, add: b.add };
}

/** The shards a closed shard's range went to, as ChildShards names them. */
export function childrenOf(shards: readonly ShardInfo[], index: number): ChildShardInfo[] {
  return shards
    .filter((s) => s.parent === index || s.adjacentParent === index)
    .map((s) => ({
      shardIndex: s.index,
      parentIndexes: s.adjacentParent === null ? [s.parent!] : [s.parent!, s.adjacentParent],
      startHash: s.startHash,
      endHash: s.endHash,
    }));
}
