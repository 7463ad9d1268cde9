/**
 * ConfigMaps and Secrets a container needs before it can start (pkg/kubelet/kubelet_pods.go
 * makeEnvironmentVariables): a missing, non-optional reference keeps it in CreateContainerConfigError.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { Store } from '../store.ts';

/** The kubelet's error for the first missing reference, or undefined when everything is there. */
export function missingConfig(pod: Pod, c: Container, store: Store): string | undefined {
  const ns = pod.metadata?.namespace;
  const cm = (name: string): boolean => store.get('ConfigMap', name, ns) !== undefined;
  const secret = (name: string): boolean => store.get('Secret', name, ns) !== undefined;
  const data = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, unknown> => {
    const obj = store.get(kind, name, ns) as { data?: Record<string, unknown>; stringData?: Record<string, unknown>; binaryData?: Record<string, unknown> } | undefined;
    return { ...(obj?.data ?? {}), ...(obj?.binaryData ?? {}), ...(obj?.stringData ?? {}) };
  };
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef && !from.configMapRef.optional && !cm(from.configMapRef.name ?? '')) return `configmap "${from.configMapRef.name}" not found`;
    if (from.secretRef && !from.secretRef.optional && !secret(from.secretRef.name ?? '')) return `secret "${from.secretRef.name}" not found`;
  }
  for (const env of c.env ?? []) {
    const cmRef = env.valueFrom?.configMapKeyRef;
    if (cmRef && !cmRef.optional) {
      if (!cm(cmRef.name ?? '')) return `configmap "${cmRef.name}" not found`;
      if (!(cmRef.key in data('ConfigMap', cmRef.name ?? ''))) return `couldn't find key ${cmRef.key} in ConfigMap ${ns}/${cmRef.name}`;
    }
    const sRef = env.valueFrom?.secretKeyRef;
    if (sRef && !sRef.optional) {
      if (!secret(sRef.name ?? '')) return `secret "${sRef.name}" not found`;
      if (!(sRef.key in data('Secret', sRef.name ?? ''))) return `couldn't find key ${sRef.key} in Secret ${ns}/${sRef.name}`;
    }
  }
  return undefined;
}
