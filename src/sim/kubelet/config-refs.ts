/**
 * What a container gets from ConfigMaps and Secrets (pkg/kubelet/kubelet_pods.go
 * makeEnvironmentVariables, pkg/volume/configmap and secret): environment variables, resolved once when
 * the container starts, and files in its volumes, refreshed while it runs. A missing, non-optional
 * reference keeps the container in CreateContainerConfigError; a missing volume source keeps the pod
 * from starting (FailedMount).
 */
import type { Container, KeyToPath, Pod } from 'kubernetes-types/core/v1';
import { decodeBase64 } from '../../kube/base64.ts';
import type { Store } from '../store.ts';

type Source = { data: Record<string, string> } | undefined;

function source(store: Store, kind: 'ConfigMap' | 'Secret', name: string | undefined, ns: string | undefined): Source {
  const obj = store.get(kind, name ?? '', ns) as { data?: Record<string, string>; binaryData?: Record<string, string> } | undefined;
  if (!obj) return undefined;
  if (kind === 'ConfigMap') return { data: { ...(obj.binaryData ?? {}), ...(obj.data ?? {}) } };
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.data ?? {})) data[k] = decodeBase64(v) ?? '';
  return { data };
}

/** The kubelet's error for the first missing reference, or undefined when everything is there. */
export function missingConfig(pod: Pod, c: Container, store: Store): string | undefined {
  const ns = pod.metadata?.namespace;
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef && !from.configMapRef.optional && !source(store, 'ConfigMap', from.configMapRef.name, ns)) return `configmap "${from.configMapRef.name}" not found`;
    if (from.secretRef && !from.secretRef.optional && !source(store, 'Secret', from.secretRef.name, ns)) return `secret "${from.secretRef.name}" not found`;
  }
  for (const env of c.env ?? []) {
    for (const [kind, ref] of [['ConfigMap', env.valueFrom?.configMapKeyRef], ['Secret', env.valueFrom?.secretKeyRef]] as const) {
      if (!ref || ref.optional) continue;
      const src = source(store, kind, ref.name, ns);
      if (!src) return `${kind.toLowerCase()} "${ref.name}" not found`;
      if (!(ref.key in src.data)) return `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`;
    }
  }
  return undefined;
}

/** The container's environment, as the process sees it. */
export function resolveEnv(pod: Pod, c: Container, store: Store, podIp: string): Record<string, string> {
  const ns = pod.metadata?.namespace;
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    const src = from.configMapRef ? source(store, 'ConfigMap', from.configMapRef.name, ns) : from.secretRef ? source(store, 'Secret', from.secretRef.name, ns) : undefined;
    for (const [k, v] of Object.entries(src?.data ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = expand(e.value, env);
    else if (e.valueFrom?.configMapKeyRef) {
      const v = source(store, 'ConfigMap', e.valueFrom.configMapKeyRef.name, ns)?.data[e.valueFrom.configMapKeyRef.key];
      if (v !== undefined) env[e.name] = v;
    } else if (e.valueFrom?.secretKeyRef) {
      const v = source(store, 'Secret', e.valueFrom.secretKeyRef.name, ns)?.data[e.valueFrom.secretKeyRef.key];
      if (v !== undefined) env[e.name] = v;
    } else if (e.valueFrom?.fieldRef) {
      const v = fieldRef(pod, e.valueFrom.fieldRef.fieldPath, podIp);
      if (v !== undefined) env[e.name] = v;
    } else env[e.name] = '';
  }
  return env;
}

/** $(VAR) references to earlier variables are expanded (third_party/forked/golang/expansion). */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : (env[name!] ?? m)));
}

function fieldRef(pod: Pod, path: string, podIp: string): string | undefined {
  switch (path) {
    case 'metadata.name':
      return pod.metadata?.name;
    case 'metadata.namespace':
      return pod.metadata?.namespace;
    case 'metadata.uid':
      return pod.metadata?.uid;
    case 'spec.nodeName':
      return pod.spec?.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
      return podIp;
    case 'status.hostIP':
      return pod.status?.hostIP;
    default: {
      const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
      return label ? pod.metadata?.labels?.[label[1]!] : undefined;
    }
  }
}

/** The first volume whose ConfigMap or Secret is missing (and not optional): `kind "name"`. */
export function missingVolume(pod: Pod, store: Store): { volume: string; message: string } | undefined {
  const ns = pod.metadata?.namespace;
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) {
      const claim = store.get('PersistentVolumeClaim', v.persistentVolumeClaim.claimName, ns) as { status?: { phase?: string } } | undefined;
      if (!claim) return { volume: v.name, message: `persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" not found` };
      if (claim.status?.phase !== 'Bound') return { volume: v.name, message: `persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" is not bound` };
    }
    if (v.configMap && !v.configMap.optional && !source(store, 'ConfigMap', v.configMap.name, ns)) return { volume: v.name, message: `configmap "${v.configMap.name}" not found` };
    if (v.secret && !v.secret.optional && !source(store, 'Secret', v.secret.secretName, ns)) return { volume: v.name, message: `secret "${v.secret.secretName}" not found` };
  }
  return undefined;
}

/**
 * Files the container sees in its ConfigMap and Secret volumes: absolute path → content. On a refresh
 * (`previous`: what the container saw so far), a `subPath` mount keeps its content: it is a bind mount
 * of one file, not the volume's symlink that the kubelet swaps ("A container using a ConfigMap as a
 * subPath volume mount will not receive ConfigMap updates", kubernetes.io/docs/concepts/configuration/configmap).
 */
export function mountedFiles(pod: Pod, c: Container, store: Store, previous?: Record<string, string>): Record<string, string> {
  const ns = pod.metadata?.namespace;
  const files: Record<string, string> = {};
  for (const mount of c.volumeMounts ?? []) {
    const v = pod.spec?.volumes?.find((x) => x.name === mount.name);
    if (!v) continue;
    if (previous && mount.subPath) {
      const path = mount.mountPath.replace(/\/$/, '');
      if (path in previous) files[path] = previous[path]!;
      continue;
    }
    const src = v.configMap ? source(store, 'ConfigMap', v.configMap.name, ns) : v.secret ? source(store, 'Secret', v.secret.secretName, ns) : undefined;
    if (!src) continue;
    const items: KeyToPath[] | undefined = v.configMap?.items ?? v.secret?.items;
    const entries = items ? items.filter((i) => i.key in src.data).map((i) => [i.path, src.data[i.key]!] as const) : Object.entries(src.data);
    const base = mount.mountPath.replace(/\/$/, '');
    for (const [path, content] of entries) {
      if (mount.subPath) {
        if (path === mount.subPath) files[base] = content;
      } else files[`${base}/${path}`] = content;
    }
  }
  return files;
}

/** The persistent volume behind the mount that holds `path` in this container, if it is one. */
export function volumeAt(pod: Pod, c: Container, path: string, store: Store): string | undefined {
  const mount = [...(c.volumeMounts ?? [])].sort((a, b) => b.mountPath.length - a.mountPath.length).find((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
  const claimName = pod.spec?.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
  if (!claimName) return undefined;
  return (store.get('PersistentVolumeClaim', claimName, pod.metadata?.namespace)?.spec as { volumeName?: string } | undefined)?.volumeName;
}
