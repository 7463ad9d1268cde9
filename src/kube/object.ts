import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** Any Kubernetes object in its JSON shape. Specific kinds use the `kubernetes-types` interfaces. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** namespace/name, or name for cluster-scoped objects. */
export function objectName(obj: { metadata?: ObjectMeta }): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}

/** `Deployment/web` as kubectl prints it. */
export function objectRef(obj: { kind?: string; metadata?: ObjectMeta }): string {
  return `${obj.kind ?? '?'}/${obj.metadata?.name ?? '?'}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
