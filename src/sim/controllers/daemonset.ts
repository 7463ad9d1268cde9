/**
 * The DaemonSet controller (kubernetes pkg/controller/daemon/daemon_controller.go, update.go): one pod
 * on every node the pod template fits (node selector and affinity, taints it tolerates — with the
 * tolerations every DaemonSet pod gets), pinned to its node through a `matchFields metadata.name`
 * node affinity that the scheduler honours; pods on nodes that no longer fit are removed; a new
 * template rolls out node by node within maxUnavailable.
 */
import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node, NodeSelectorTerm, Pod, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { matchesSelector } from '../../kube/selector.ts';
import type { SimContext } from '../context.ts';
import { computeHash, scaledValue } from './deployment-util.ts';
import { controllerRef, isControlledBy } from './owner.ts';
import { isPodAvailable, isPodReady } from './pod-util.ts';
import { tolerates } from './taint-eviction.ts';
import { PodControl } from './pod-control.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

const COMPONENT = 'daemonset-controller';
const REVISION_LABEL = 'controller-revision-hash';

/** util.AddOrUpdateDaemonPodTolerations: what every DaemonSet pod tolerates. */
export const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

export class DaemonSetController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;
  private readonly pods: PodControl;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.pods = new PodControl(ctx, COMPONENT);
    ctx.store.watch('DaemonSet', (e) => {
      if (e.type !== 'DELETED') this.queue.add(keyFor(e.object));
    });
    ctx.store.watch('Node', () => {
      for (const ds of ctx.store.list('DaemonSet')) this.queue.add(keyFor(ds));
    });
    ctx.store.watch('Pod', (e) => {
      const ref = controllerRef(e.object);
      if (ref?.kind === 'DaemonSet') this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
    });
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.store.get('DaemonSet', name, namespace);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const ds = obj as unknown as DaemonSet;
    const revision = computeHash(ds.spec!.template, ds.status?.collisionCount ?? 0);
    const pods = (this.ctx.store.list('Pod', namespace) as unknown as Pod[]).filter((p) => isControlledBy(p, obj) && !p.metadata?.deletionTimestamp);
    const byNode = new Map<string, Pod[]>();
    for (const p of pods) {
      const node = pinnedNode(p) ?? p.spec?.nodeName ?? '';
      byNode.set(node, [...(byNode.get(node) ?? []), p]);
    }
    const nodes = this.ctx.store.list('Node') as unknown as Node[];
    let desired = 0;
    let misscheduled = 0;
    for (const node of nodes) {
      const nodeName = node.metadata!.name!;
      const here = byNode.get(nodeName) ?? [];
      if (shouldRun(ds, node)) {
        desired++;
        if (here.length === 0) this.createPod(obj, nodeName, revision);
        // Duplicates: keep the oldest.
        for (const extra of [...here].sort((a, b) => ((a.metadata?.creationTimestamp ?? '') < (b.metadata?.creationTimestamp ?? '') ? -1 : 1)).slice(1)) this.deletePod(obj, extra);
      } else {
        for (const p of here) {
          if (p.spec?.nodeName) misscheduled++;
          this.deletePod(obj, p);
        }
      }
    }
    // Rolling update: replace outdated pods while at most maxUnavailable are unavailable.
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const maxUnavailable = Math.max(1, scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true));
      const live = (this.ctx.store.list('Pod', namespace) as unknown as Pod[]).filter((p) => isControlledBy(p, obj) && !p.metadata?.deletionTimestamp);
      let unavailable = desired - live.filter((p) => isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, this.ctx.clock)).length;
      for (const p of live) {
        if (unavailable >= maxUnavailable) break;
        if (p.metadata?.labels?.[REVISION_LABEL] === revision) continue;
        this.deletePod(obj, p);
        unavailable++;
      }
    }
    this.updateStatus(obj, revision, desired, misscheduled);
  }

  private createPod(owner: KubeObject, nodeName: string, revision: string): void {
    const ds = owner as unknown as DaemonSet;
    const template = ds.spec!.template;
    const spec = structuredClone(template.spec!);
    // ReplaceDaemonSetPodNodeNameNodeAffinity: the pod may only go to its node.
    const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
    spec.affinity = { ...(spec.affinity ?? {}), nodeAffinity: { ...(spec.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
    spec.tolerations = [...(spec.tolerations ?? []), ...DAEMON_TOLERATIONS.filter((t) => !(spec.tolerations ?? []).some((x) => x.key === t.key && x.effect === t.effect))];
    // util.CreatePodTemplate: the revision hash and template generation as labels.
    const labels = { ...(template.metadata?.labels ?? {}), [REVISION_LABEL]: revision, 'pod-template-generation': String(owner.metadata.generation ?? 1) };
    if (this.pods.create(owner, { metadata: { ...template.metadata, labels }, spec })) this.queue.addAfter(keyFor(owner), 10_000);
  }

  private deletePod(owner: KubeObject, pod: Pod): void {
    this.pods.delete(owner, pod);
  }

  private updateStatus(owner: KubeObject, revision: string, desired: number, misscheduled: number): void {
    const current = this.ctx.store.get('DaemonSet', owner.metadata.name!, owner.metadata.namespace);
    if (!current) return;
    const ds = current as unknown as DaemonSet;
    const pods = (this.ctx.store.list('Pod', owner.metadata.namespace) as unknown as Pod[]).filter((p) => isControlledBy(p, current) && !p.metadata?.deletionTimestamp && p.spec?.nodeName);
    const available = pods.filter((p) => isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, this.ctx.clock)).length;
    const status: DaemonSetStatus = {
      observedGeneration: current.metadata.generation,
      currentNumberScheduled: pods.length,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: pods.filter(isPodReady).length,
      updatedNumberScheduled: pods.filter((p) => p.metadata?.labels?.[REVISION_LABEL] === revision).length,
      numberAvailable: available,
      numberUnavailable: Math.max(0, desired - available),
    };
    if (JSON.stringify(current.status) !== JSON.stringify(status)) this.ctx.api.updateStatus(current, status);
  }
}

/** The node a DaemonSet pod is pinned to by its matchFields affinity. */
function pinnedNode(pod: Pod): string | undefined {
  const term = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0];
  return term?.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In')?.values?.[0];
}

/** NodeShouldRunDaemonPod: the template's node selector and affinity fit, and every NoSchedule/NoExecute taint is tolerated. */
function shouldRun(ds: DaemonSet, node: Node): boolean {
  const spec = ds.spec!.template.spec!;
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && terms.length > 0 && !terms.some((t) => (t.matchExpressions ?? []).every((r) => matchesSelector({ matchExpressions: [{ key: r.key, operator: r.operator as 'In', values: r.values ?? [] }] }, labels)))) return false;
  const tolerations = [...(spec.tolerations ?? []), ...DAEMON_TOLERATIONS];
  return (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute').every((t) => tolerations.some((x) => tolerates(x, t)));
}
