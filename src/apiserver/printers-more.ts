/**
 * Printers of the kinds beyond workloads, Services and Pods (kubernetes
 * pkg/printers/internalversion/printers.go): HorizontalPodAutoscaler, PodDisruptionBudget, Ingress,
 * NetworkPolicy, StorageClass, PersistentVolume, Lease, ControllerRevision, ResourceQuota and
 * PriorityClass.
 */
import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { PersistentVolume, ResourceQuota } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { accessMode, AGE, age, col, formatSelector, NAME, type Cell, type Printer } from './printer-columns.ts';

/** formatHPAMetrics: `cpu: 45%/50%`, at most two, then `+ N more...`. */
function hpaTargets(h: HorizontalPodAutoscaler): string {
  const specs = h.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = h.status?.currentMetrics ?? [];
  const list: string[] = [];
  specs.forEach((spec, i) => {
    if (list.length >= 2) return;
    const status = statuses[i];
    if (spec.type === 'Resource' && spec.resource) {
      const target = spec.resource.target;
      if (target.averageValue !== undefined) list.push(`${spec.resource.name}: ${status?.resource?.current.averageValue ?? '<unknown>'}/${target.averageValue}`);
      else {
        const current = status?.resource?.current.averageUtilization !== undefined ? `${status.resource.current.averageUtilization}%` : '<unknown>';
        list.push(`${spec.resource.name}: ${current}/${target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>'}`);
      }
    } else if (spec.type === 'Pods' && spec.pods) {
      list.push(`${status?.pods?.current.averageValue ?? '<unknown>'}/${spec.pods.target.averageValue ?? '<unknown>'}`);
    } else if (spec.type === 'Object' && spec.object) {
      list.push(`${status?.object?.current.value ?? status?.object?.current.averageValue ?? '<unknown>'}/${spec.object.target.value ?? spec.object.target.averageValue ?? '<unknown>'}`);
    } else if (spec.type === 'External' && spec.external) {
      list.push(`${status?.external?.current.value ?? status?.external?.current.averageValue ?? '<unknown>'}/${spec.external.target.value ?? spec.external.target.averageValue ?? '<unknown>'}`);
    } else if (spec.type === 'ContainerResource' && spec.containerResource) {
      const current = status?.containerResource?.current.averageUtilization !== undefined ? `${status.containerResource.current.averageUtilization}%` : '<unknown>';
      list.push(`${spec.containerResource.name}: ${current}/${spec.containerResource.target.averageUtilization ?? '<auto>'}%`);
    } else list.push('<unknown type>');
  });
  return specs.length > 2 ? `${list.join(', ')} + ${specs.length - 2} more...` : list.join(', ');
}

/** "cpu: 100m/1, pods: 2/10", keys sorted (printResourceQuota). */
function quotaUsage(hard: Record<string, string> | undefined, used: Record<string, string> | undefined, limits: boolean): string {
  return Object.keys(hard ?? {})
    .filter((k) => k.startsWith('limits.') === limits)
    .sort()
    .map((k) => `${k}: ${used?.[k] ?? '0'}/${hard![k]}`)
    .join(', ');
}

export const MORE_PRINTERS: Record<string, (wide: boolean) => Printer> = {
  HorizontalPodAutoscaler: () => ({
    columns: [
      NAME,
      col(
        'Reference',
        'string',
        'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.',
      ),
      col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
      col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
      col('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
      col('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
      AGE,
    ],
    row: (o, now) => {
      const h = o as unknown as HorizontalPodAutoscaler;
      const ref = h.spec?.scaleTargetRef;
      return [
        o.metadata.name!,
        `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
        hpaTargets(h),
        h.spec?.minReplicas !== undefined ? h.spec.minReplicas : '<unset>',
        h.spec?.maxReplicas ?? 0,
        h.status?.currentReplicas ?? 0,
        age(o, now),
      ];
    },
  }),
  PodDisruptionBudget: () => ({
    columns: [
      NAME,
      col('Min Available', 'string', 'The minimum number of pods that must be available.'),
      col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
      col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
      AGE,
    ],
    row: (o, now) => {
      const p = o as unknown as PodDisruptionBudget;
      return [
        o.metadata.name!,
        p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : 'N/A',
        p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : 'N/A',
        p.status?.disruptionsAllowed ?? 0,
        age(o, now),
      ];
    },
  }),
  Ingress: () => ({
    columns: [
      NAME,
      col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
      col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
      col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
      col('Ports', 'string', 'Ports of TLS configurations that open'),
      AGE,
    ],
    row: (o, now) => {
      const i = o as unknown as Ingress;
      const rules = i.spec?.rules ?? [];
      const hosts = rules.map((r) => r.host ?? '').filter((h) => h !== '');
      const hostCell = hosts.length === 0 ? '*' : rules.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${rules.length - 3} more...` : hosts.join(',');
      const address = [...new Set((i.status?.loadBalancer?.ingress ?? []).map((x) => x.ip || x.hostname || '').filter((x) => x !== ''))].sort().join(',');
      return [o.metadata.name!, i.spec?.ingressClassName ?? '<none>', hostCell, address, (i.spec?.tls ?? []).length > 0 ? '80, 443' : '80', age(o, now)];
    },
  }),
  NetworkPolicy: () => ({
    columns: [NAME, col('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'), AGE],
    row: (o, now) => [o.metadata.name!, formatSelector((o as unknown as NetworkPolicy).spec?.podSelector, '<none>'), age(o, now)],
  }),
  StorageClass: () => ({
    columns: [
      NAME,
      col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
      col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
      col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
      col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
      AGE,
    ],
    row: (o, now) => {
      const sc = o as unknown as StorageClass;
      const isDefault = o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' || o.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
      return [
        isDefault ? `${o.metadata.name} (default)` : o.metadata.name!,
        sc.provisioner,
        sc.reclaimPolicy ?? 'Delete',
        sc.volumeBindingMode ?? 'Immediate',
        String(sc.allowVolumeExpansion ?? false),
        age(o, now),
      ];
    },
  }),
  PersistentVolume: (wide) => ({
    columns: [
      NAME,
      col('Capacity', 'string', "capacity is the description of the persistent volume's resources and capacity."),
      col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
      col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
      col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
      col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
      col('StorageClass', 'string', 'StorageClass of the pv'),
      col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
      col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
      AGE,
      col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
    ],
    row: (o, now) => {
      const pv = o as unknown as PersistentVolume;
      const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '';
      const cells: Cell[] = [
        o.metadata.name!,
        pv.spec?.capacity?.storage ?? '',
        (pv.spec?.accessModes ?? []).map(accessMode).join(','),
        pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain',
        o.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
        claim,
        pv.spec?.storageClassName ?? '',
        pv.spec?.volumeAttributesClassName ?? '<unset>',
        pv.status?.reason ?? '',
        age(o, now),
      ];
      if (wide) cells.push(pv.spec?.volumeMode ?? '<unset>');
      return cells;
    },
  }),
  Lease: () => ({
    columns: [NAME, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE],
    row: (o, now) => [o.metadata.name!, (o as unknown as Lease).spec?.holderIdentity ?? '', age(o, now)],
  }),
  ControllerRevision: () => ({
    columns: [NAME, col('Controller', 'string', 'Controller of the object'), col('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'), AGE],
    row: (o, now) => {
      const owner = o.metadata.ownerReferences?.find((r) => r.controller);
      const controller = owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : ''}/${owner.name}`.replace('./', '/') : '<none>';
      return [o.metadata.name!, controller, (o as unknown as ControllerRevision).revision, age(o, now)];
    },
  }),
  ResourceQuota: () => ({
    columns: [
      NAME,
      AGE,
      col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
      col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ],
    row: (o, now) => {
      const q = o as unknown as ResourceQuota;
      return [o.metadata.name!, age(o, now), quotaUsage(q.status?.hard ?? q.spec?.hard, q.status?.used, false), quotaUsage(q.status?.hard ?? q.spec?.hard, q.status?.used, true)];
    },
  }),
  PriorityClass: () => ({
    columns: [
      NAME,
      col('Value', 'integer', 'value represents the integer value of this priority class.'),
      col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority.'),
      AGE,
      col('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
    ],
    row: (o, now) => {
      const pc = o as unknown as PriorityClass;
      return [o.metadata.name!, pc.value, pc.globalDefault ?? false, age(o, now), pc.preemptionPolicy ?? 'PreemptLowerPriority'];
    },
  }),
};
