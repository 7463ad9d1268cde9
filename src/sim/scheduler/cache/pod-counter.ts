/**
 * Per-topology-domain pod counts, kept up to date as pods come and go, so that InterPodAffinity and
 * PodTopologySpread need not walk every pod of the cluster for every pod they schedule (upstream
 * recomputes these maps in PreFilter: interpodaffinity/filtering.go getIncomingAffinityAntiAffinityCounts,
 * podtopologyspread/filtering.go calPreFilterState). A counter counts the pods a matcher accepts, per
 * node and per (topology key, value) of the node they run on. Results are identical; only the work moves
 * from every cycle to every pod add/remove.
 */
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';

export class PodCounter {
  readonly key: string;
  private readonly matcher: (p: PodInfo) => boolean;
  /** Each matching pod adds 1 under each of these keys (a key listed twice counts twice, as upstream). */
  readonly topologyKeys: readonly string[];
  readonly perNode = new Map<NodeInfo, number>();
  readonly byKey = new Map<string, Map<string, number>>();
  /** The scheduling cycle that last used it (least recently used counters are dropped). */
  lastUsed = 0;

  constructor(key: string, matcher: (p: PodInfo) => boolean, topologyKeys: readonly string[]) {
    this.key = key;
    this.matcher = matcher;
    this.topologyKeys = topologyKeys;
    for (const k of topologyKeys) if (!this.byKey.has(k)) this.byKey.set(k, new Map());
  }

  /** Counts (sign 1) or uncounts (sign -1) a pod on a node. */
  update(p: PodInfo, node: NodeInfo, sign: 1 | -1): void {
    if (!this.matcher(p)) return;
    const n = (this.perNode.get(node) ?? 0) + sign;
    if (n === 0) this.perNode.delete(node);
    else this.perNode.set(node, n);
    for (const k of this.topologyKeys) {
      const v = node.labels[k];
      if (v === undefined) continue;
      const m = this.byKey.get(k)!;
      const c = (m.get(v) ?? 0) + sign;
      if (c === 0) m.delete(v);
      else m.set(v, c);
    }
  }

  /** Number of (key, value) pairs with a non-zero count. */
  get pairs(): number {
    let n = 0;
    for (const m of this.byKey.values()) n += m.size;
    return n;
  }
}
