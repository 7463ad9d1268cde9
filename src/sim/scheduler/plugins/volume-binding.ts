/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding/volume_binding.go): every
 * PersistentVolumeClaim the pod uses exists and is not being deleted (PreFilter); an unbound claim of an
 * Immediate class makes the pod wait ("pod has unbound immediate PersistentVolumeClaims") until the PV
 * controller (src/sim/controllers/persistent-volume.ts) binds it; a claim bound to a PersistentVolume
 * with node affinity only fits nodes that match it (Filter). WaitForFirstConsumer claims pass: the PV
 * controller provisions them on the node the pod is bound to (upstream does it in PreBind).
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { CycleState, StateData } from '../framework/cycle-state.ts';
import type { ClusterEventWithHint } from '../framework/events.ts';
import type { Handle } from '../framework/handle.ts';
import type { FilterPlugin, PreBindPlugin, PreFilterPlugin, ReservePlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { newStatus, SKIP, type Status } from '../framework/status.ts';
import { termMatcher } from '../helpers/node-affinity.ts';

export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

class State implements StateData {
  /** The bound PersistentVolumes the pod uses. */
  readonly boundVolumes: readonly PersistentVolume[];
  constructor(v: readonly PersistentVolume[]) {
    this.boundVolumes = v;
  }
  clone(): StateData {
    return this;
  }
}

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin {
  readonly name = 'VolumeBinding';
  slot = 0;
  private readonly handle: Handle;
  /** Reject pods with unbound Immediate claims, as upstream. */
  strictImmediateBinding = true;

  constructor(handle: Handle) {
    this.handle = handle;
  }

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const claims = (pod.pod.spec?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName ?? (v.ephemeral ? `${pod.name}-${v.name}` : undefined)).filter((c): c is string => !!c);
    if (claims.length === 0) return SKIP;
    const store = this.handle.ctx.store;
    const bound: PersistentVolume[] = [];
    for (const name of claims) {
      const pvc = store.get('PersistentVolumeClaim', name, pod.namespace) as unknown as PersistentVolumeClaim | undefined;
      if (!pvc) return newStatus('UnschedulableAndUnresolvable', this.name, `persistentvolumeclaim "${name}" not found`);
      if (pvc.metadata?.deletionTimestamp) return newStatus('UnschedulableAndUnresolvable', this.name, `persistentvolumeclaim "${name}" is being deleted`);
      const volumeName = pvc.spec?.volumeName;
      if (volumeName) {
        const pv = store.get('PersistentVolume', volumeName) as unknown as PersistentVolume | undefined;
        if (pv) bound.push(pv);
        continue;
      }
      const className = pvc.spec?.storageClassName;
      const sc = className ? (store.get('StorageClass', className) as unknown as StorageClass | undefined) : undefined;
      if (this.strictImmediateBinding && sc?.volumeBindingMode !== 'WaitForFirstConsumer') return newStatus('UnschedulableAndUnresolvable', this.name, ERR_REASON_UNBOUND_IMMEDIATE);
    }
    state.write(this.slot, new State(bound));
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.read<State>(this.slot);
    for (const pv of s?.boundVolumes ?? []) {
      const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
      if (!terms) continue;
      const ok = terms.some((t) => termMatcher(t)?.(node.labels, node.name) ?? false);
      if (!ok) return newStatus('UnschedulableAndUnresolvable', this.name, ERR_REASON_NODE_CONFLICT);
    }
    return null;
  }

  reserve(): Status | null {
    return null;
  }

  unreserve(): void {}

  preBind(): Status | null {
    return null;
  }

  events(): ClusterEventWithHint[] {
    return [
      { resource: 'PersistentVolumeClaim', actions: ['Add', 'Update'] },
      { resource: 'PersistentVolume', actions: ['Add', 'Update'] },
      { resource: 'StorageClass', actions: ['Add', 'Update'] },
      { resource: 'Node', actions: ['Add', 'UpdateNodeLabel'] },
    ];
  }
}
