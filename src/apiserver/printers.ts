/**
 * The printers of server-side printing: for each kind, the columns `kubectl get` shows (priority 1 for
 * `-o wide`) and the cells of one object, following kubernetes
 * pkg/printers/internalversion/printers.go. Kinds without a printer get upstream's default table
 * (Name, Created At).
 */
import type { Deployment, DaemonSet, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ConfigMap, Event, Namespace, Node, PersistentVolumeClaim, Pod, Secret, Service, ServiceAccount } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../kube/object.ts';
import { podStatusReason } from '../sim/scenario/sample.ts';
import { humanDuration, since } from './human-duration.ts';
import { MORE_PRINTERS } from './printers-more.ts';
import { accessMode, age, AGE, col, CONTAINERS, containerCells, formatLabelMap, formatSelector, IMAGES, NAME, SELECTOR, type Cell, type Printer } from './printer-columns.ts';

export { formatSelector, type IncludeObject } from './printer-columns.ts';

function podRow(obj: KubeObject, now: number, wide: boolean): Cell[] {
  const p = obj as unknown as Pod;
  let restarts = 0;
  let ready = 0;
  let lastRestart = 0;
  const sidecars = new Set((p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = (p.spec?.containers ?? []).length + sidecars.size;
  // printers.go printPod: sidecars count in READY once started and ready, and in RESTARTS.
  const sidecarStatuses = (p.status?.initContainerStatuses ?? []).filter((c) => sidecars.has(c.name));
  for (const c of sidecarStatuses) if (c.started && c.ready) ready++;
  for (const c of [...sidecarStatuses, ...(p.status?.containerStatuses ?? [])]) {
    restarts += c.restartCount;
    const finished = c.lastState?.terminated?.finishedAt;
    if (finished) lastRestart = Math.max(lastRestart, Date.parse(finished));
    if (!sidecars.has(c.name) && c.ready && c.state?.running) ready++;
  }
  let reason = podStatusReason(p);
  if (p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  if (p.metadata?.deletionTimestamp && (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') && reason === 'Terminating') reason = p.status.phase;
  const restartsCell = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const cells: Cell[] = [p.metadata!.name!, `${ready}/${total}`, reason, restartsCell, age(obj, now)];
  if (wide) {
    const gates = p.spec?.readinessGates ?? [];
    const gatesCell = gates.length === 0 ? '<none>' : `${gates.filter((g) => p.status?.conditions?.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
    cells.push(p.status?.podIPs?.[0]?.ip || p.status?.podIP || '<none>', p.spec?.nodeName || '<none>', p.status?.nominatedNodeName || '<none>', gatesCell);
  }
  return cells;
}

const PRINTERS: Record<string, (wide: boolean) => Printer> = {
  Pod: (wide) => ({
    columns: [
      NAME,
      col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'string', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      AGE,
      col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
      col('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
      col(
        'Nominated Node',
        'string',
        'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
        1,
      ),
      col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
    ],
    row: (o, now) => podRow(o, now, wide),
  }),
  Deployment: (wide) => ({
    columns: [
      NAME,
      col('Ready', 'string', 'Number of the pod with ready state'),
      col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const d = o as unknown as Deployment;
      const cells: Cell[] = [d.metadata!.name!, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, age(o, now)];
      if (wide) cells.push(...containerCells(d.spec?.template?.spec?.containers), formatSelector(d.spec?.selector, ''));
      return cells;
    },
  }),
  ReplicaSet: (wide) => ({
    columns: [
      NAME,
      col('Desired', 'integer', 'Replicas is the number of desired pods.'),
      col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
      col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const rs = o as unknown as ReplicaSet;
      const cells: Cell[] = [rs.metadata!.name!, rs.spec?.replicas ?? 0, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, age(o, now)];
      if (wide) cells.push(...containerCells(rs.spec?.template?.spec?.containers), formatSelector(rs.spec?.selector));
      return cells;
    },
  }),
  StatefulSet: (wide) => ({
    columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
    row: (o, now) => {
      const s = o as unknown as StatefulSet;
      const cells: Cell[] = [s.metadata!.name!, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, age(o, now)];
      if (wide) cells.push(...containerCells(s.spec?.template?.spec?.containers));
      return cells;
    },
  }),
  DaemonSet: (wide) => ({
    columns: [
      NAME,
      col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
      col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
      col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
      col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
      col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
      col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const d = o as unknown as DaemonSet;
      const st = d.status;
      const cells: Cell[] = [
        d.metadata!.name!,
        st?.desiredNumberScheduled ?? 0,
        st?.currentNumberScheduled ?? 0,
        st?.numberReady ?? 0,
        st?.updatedNumberScheduled ?? 0,
        st?.numberAvailable ?? 0,
        formatLabelMap(d.spec?.template?.spec?.nodeSelector),
        age(o, now),
      ];
      if (wide) cells.push(...containerCells(d.spec?.template?.spec?.containers), formatSelector(d.spec?.selector));
      return cells;
    },
  }),
  Job: (wide) => ({
    columns: [
      NAME,
      col('Status', 'string', 'Status of the job.'),
      col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
      col('Duration', 'string', 'Time required to complete the job.'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const j = o as unknown as Job;
      const succeeded = j.status?.succeeded ?? 0;
      const parallelism = j.spec?.parallelism ?? 0;
      const completions = j.spec?.completions !== undefined ? `${succeeded}/${j.spec.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
      const start = j.status?.startTime ? Date.parse(j.status.startTime) : undefined;
      const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : undefined;
      const duration = start === undefined ? '' : humanDuration((end ?? now) - start);
      const has = (type: string): boolean => j.status?.conditions?.find((c) => c.type === type)?.status === 'True';
      const status = has('Complete')
        ? 'Complete'
        : has('Failed')
          ? 'Failed'
          : j.metadata?.deletionTimestamp
            ? 'Terminating'
            : has('Suspended')
              ? 'Suspended'
              : has('FailureTarget')
                ? 'FailureTarget'
                : 'Running';
      const cells: Cell[] = [j.metadata!.name!, status, completions, duration, age(o, now)];
      if (wide) cells.push(...containerCells(j.spec?.template?.spec?.containers), formatSelector(j.spec?.selector));
      return cells;
    },
  }),
  CronJob: (wide) => ({
    columns: [
      NAME,
      col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
      col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
      col('Active', 'integer', 'A list of pointers to currently running jobs.'),
      col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const c = o as unknown as CronJob;
      const last = c.status?.lastScheduleTime ? since(c.status.lastScheduleTime, now) : '<none>';
      const suspend = c.spec?.suspend === undefined ? '<unset>' : String(c.spec.suspend);
      const cells: Cell[] = [c.metadata!.name!, c.spec?.schedule ?? '', c.spec?.timeZone ?? '<none>', suspend, (c.status?.active ?? []).length, last, age(o, now)];
      if (wide) cells.push(...containerCells(c.spec?.jobTemplate?.spec?.template?.spec?.containers), formatSelector(c.spec?.jobTemplate?.spec?.selector));
      return cells;
    },
  }),
  Service: (wide) => ({
    columns: [
      NAME,
      col('Type', 'string', 'type determines how the Service is exposed.'),
      col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
      col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
      col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
      AGE,
      col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
    ],
    row: (o, now) => {
      const s = o as unknown as Service;
      const spec = s.spec ?? {};
      const type = spec.type ?? 'ClusterIP';
      let external = '<unknown>';
      if (type === 'ClusterIP' || type === 'NodePort') external = (spec.externalIPs ?? []).length > 0 ? spec.externalIPs!.join(',') : '<none>';
      else if (type === 'LoadBalancer') {
        const lb = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((x) => x !== '');
        const all = [...lb, ...(spec.externalIPs ?? [])];
        external = all.length > 0 ? all.join(',') : '<pending>';
      } else if (type === 'ExternalName') external = spec.externalName ?? '';
      const ports = (spec.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
      const cells: Cell[] = [s.metadata!.name!, type, spec.clusterIPs?.[0] ?? spec.clusterIP ?? '<none>', external, ports || '<none>', age(o, now)];
      if (wide) cells.push(formatLabelMap(spec.selector));
      return cells;
    },
  }),
  Node: (wide) => ({
    columns: [
      NAME,
      col('Status', 'string', 'The status of the node'),
      col('Roles', 'string', 'The roles of the node'),
      AGE,
      col('Version', 'string', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
      col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
      col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
      col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
      col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
    ],
    row: (o, now) => {
      const n = o as unknown as Node;
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
      const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown', ...(n.spec?.unschedulable ? ['SchedulingDisabled'] : [])].join(',');
      const roles = new Set<string>();
      for (const [k, v] of Object.entries(n.metadata?.labels ?? {})) {
        if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
        else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
      }
      const info = n.status?.nodeInfo;
      const cells: Cell[] = [n.metadata!.name!, status, roles.size > 0 ? [...roles].sort().join(',') : '<none>', age(o, now), info?.kubeletVersion ?? ''];
      if (wide) {
        const addr = (type: string): string => n.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
        cells.push(addr('InternalIP'), addr('ExternalIP'), info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>');
      }
      return cells;
    },
  }),
  Namespace: () => ({
    columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
    row: (o, now) => [o.metadata.name!, (o as unknown as Namespace).status?.phase ?? '', age(o, now)],
  }),
  ConfigMap: () => ({
    columns: [NAME, col('Data', 'string', 'Data contains the configuration data.'), AGE],
    row: (o, now) => {
      const c = o as unknown as ConfigMap;
      return [o.metadata.name!, Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(o, now)];
    },
  }),
  Secret: () => ({
    columns: [NAME, col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'string', 'Data contains the secret data.'), AGE],
    row: (o, now) => {
      const s = o as unknown as Secret;
      return [o.metadata.name!, s.type ?? 'Opaque', Object.keys(s.data ?? {}).length, age(o, now)];
    },
  }),
  ServiceAccount: () => ({
    columns: [NAME, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
    row: (o, now) => [o.metadata.name!, ((o as unknown as ServiceAccount).secrets ?? []).length, age(o, now)],
  }),
  EndpointSlice: () => ({
    columns: [
      NAME,
      col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
      col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
      col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
      AGE,
    ],
    row: (o, now) => {
      const s = o as unknown as EndpointSlice;
      const ports = (s.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*')));
      const addrs = (s.endpoints ?? []).flatMap((e) => e.addresses);
      const more = (list: string[]): string => (list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.length === 0 ? '<unset>' : list.join(','));
      return [o.metadata.name!, s.addressType, more(ports), more(addrs), age(o, now)];
    },
  }),
  Event: (wide) => ({
    columns: [
      col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
      col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
      col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      col('Object', 'string', 'The object that this event is about.'),
      col(
        'Subobject',
        'string',
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
        1,
      ),
      col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
      col('Message', 'string', 'A human-readable description of the status of this operation.'),
      col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
      col('Count', 'string', 'The number of times this event has occurred.', 1),
      { ...NAME, priority: 1 },
    ],
    row: (o, now) => {
      const e = o as unknown as Event;
      const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
      const last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
      const kind = (e.involvedObject.kind ?? '').toLowerCase();
      const target = e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
      const message = (e.message ?? '').trim();
      if (!wide) return [last, e.type ?? '', e.reason ?? '', target, message];
      const source = e.source?.component ? (e.source.host ? `${e.source.component}, ${e.source.host}` : e.source.component) : (e.reportingComponent ?? '');
      return [last, e.type ?? '', e.reason ?? '', target, e.involvedObject.fieldPath ?? '', source, message, first, e.count ?? 1, o.metadata.name!];
    },
  }),
  PersistentVolumeClaim: (wide) => ({
    columns: [
      NAME,
      col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
      col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
      col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
      col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
      col('StorageClass', 'string', 'StorageClass of the pvc'),
      col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
      AGE,
      col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
    ],
    row: (o, now) => {
      const c = o as unknown as PersistentVolumeClaim;
      const phase = c.metadata?.deletionTimestamp ? 'Terminating' : (c.status?.phase ?? '');
      const bound = !!c.spec?.volumeName;
      const cells: Cell[] = [
        o.metadata.name!,
        phase,
        c.spec?.volumeName ?? '',
        bound ? (c.status?.capacity?.storage ?? '') : '',
        bound ? (c.status?.accessModes ?? []).map(accessMode).join(',') : '',
        c.spec?.storageClassName ?? '',
        c.spec?.volumeAttributesClassName ?? '<unset>',
        age(o, now),
      ];
      if (wide) cells.push(c.spec?.volumeMode ?? '<unset>');
      return cells;
    },
  }),
};

const DEFAULT: Printer = {
  columns: [NAME, col('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (o) => [o.metadata.name!, o.metadata.creationTimestamp ?? ''],
};

export function printerFor(kind: string, wide: boolean): Printer {
  return (PRINTERS[kind] ?? MORE_PRINTERS[kind])?.(wide) ?? DEFAULT;
}
