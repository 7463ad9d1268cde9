/** Node objects as a kubelet registers them (pkg/kubelet/kubelet_node_status.go). */
import type { Node, Taint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../kube/object.ts';

export interface NodeSpec {
  name: string;
  /** Allocatable CPU, e.g. "2" or "1500m" (default "2"). */
  cpu?: string | number;
  /** Allocatable memory, e.g. "4Gi" (default "4Gi"). */
  memory?: string;
  /** Maximum pods (default 110, the kubelet's --max-pods). */
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
}

export const KUBELET_VERSION = 'v1.34.2';

export function defaultNodes(count: number): NodeSpec[] {
  return Array.from({ length: count }, (_, i) => ({ name: `node-${i + 1}` }));
}

export function nodeObject(spec: NodeSpec, index: number, timestamp: string): KubeObject {
  const resources = { cpu: String(spec.cpu ?? '2'), memory: spec.memory ?? '4Gi', pods: String(spec.pods ?? 110), 'ephemeral-storage': '20Gi' };
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        ...(spec.labels ?? {}),
      },
    },
    spec: { podCIDR: podCidr(index), podCIDRs: [podCidr(index)], ...(spec.taints && spec.taints.length > 0 ? { taints: spec.taints } : {}) },
    status: {
      capacity: resources,
      allocatable: resources,
      addresses: [
        { type: 'InternalIP', address: `172.18.0.${index + 2}` },
        { type: 'Hostname', address: spec.name },
      ],
      conditions: [
        ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
        ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
        ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
        ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
      ].map(([type, status, reason, message]) => ({ type: type!, status: status!, reason, message, lastHeartbeatTime: timestamp, lastTransitionTime: timestamp })),
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: '',
        containerRuntimeVersion: 'containerd://2.1.4',
        kernelVersion: '6.12.0',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
  return node as unknown as KubeObject;
}

/** Each node gets a /24 of the cluster's 10.244.0.0/16 pod network, as kube-controller-manager's IPAM hands out. */
export function podCidr(index: number): string {
  return `10.244.${index}.0/24`;
}
