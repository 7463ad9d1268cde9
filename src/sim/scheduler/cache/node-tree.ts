/**
 * nodeTree (pkg/scheduler/backend/cache/node_tree.go): nodes grouped by zone, listed round-robin across
 * zones so that a scheduling cycle that stops early (percentageOfNodesToScore) still sees every zone.
 * The zone key is region + ":\0:" + zone (k8s.io/component-helpers/node/topology GetZoneKey).
 */
import type { Node } from 'kubernetes-types/core/v1';

export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l['topology.kubernetes.io/region'] || l['failure-domain.beta.kubernetes.io/region'] || '';
  const zone = l['topology.kubernetes.io/zone'] || l['failure-domain.beta.kubernetes.io/zone'] || '';
  return `${region}:\u0000:${zone}`;
}

export class NodeTree {
  private readonly tree = new Map<string, string[]>();
  private readonly zones: string[] = [];
  private readonly zoneOf = new Map<string, string>();

  get numNodes(): number {
    return this.zoneOf.size;
  }

  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    if (this.zoneOf.has(name)) return;
    const zone = zoneKey(node);
    const list = this.tree.get(zone);
    if (list) list.push(name);
    else {
      this.zones.push(zone);
      this.tree.set(zone, [name]);
    }
    this.zoneOf.set(name, zone);
  }

  removeNode(name: string): void {
    const zone = this.zoneOf.get(name);
    if (zone === undefined) return;
    this.zoneOf.delete(name);
    const list = this.tree.get(zone)!;
    list.splice(list.indexOf(name), 1);
    if (list.length === 0) {
      this.tree.delete(zone);
      this.zones.splice(this.zones.indexOf(zone), 1);
    }
  }

  /** updateNode: moves the node when its zone labels changed. */
  updateNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    if (this.zoneOf.get(name) === zoneKey(node)) return;
    this.removeNode(name);
    this.addNode(node);
  }

  /** The nodes, one from each zone in turn. */
  list(): string[] {
    const out: string[] = [];
    const n = this.numNodes;
    for (let i = 0; out.length < n; i++) {
      for (const z of this.zones) {
        const na = this.tree.get(z)!;
        if (i < na.length) out.push(na[i]!);
      }
    }
    return out;
  }
}
