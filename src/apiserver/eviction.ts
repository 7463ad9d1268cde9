/**
 * `pods/eviction` and `pods/binding` (and the `bindings` resource): an eviction goes through the
 * simulator's Eviction API (src/sim/registry/eviction.ts: 429 when a PodDisruptionBudget forbids
 * it); a binding sets spec.nodeName of an unbound pod (409 when it is bound already,
 * pkg/registry/core/pod/storage/storage.go BindingREST).
 */
import { isPlainObject, type KubeObject } from '../kube/object.ts';
import type { Cluster } from '../sim/cluster.ts';
import { badRequest, notFoundError, StatusError } from './status.ts';

export function evictPod(cluster: Cluster, pod: KubeObject, body: unknown, dryRun: boolean): unknown {
  if (!isPlainObject(body)) throw badRequest('the request body must be an Eviction');
  const name = pod.metadata.name!;
  const bodyName = (body.metadata as { name?: string } | undefined)?.name;
  if (bodyName && bodyName !== name) throw badRequest('name in URL does not match name in Eviction object');
  // The simulator's Eviction API checks the PodDisruptionBudgets (429 TooManyRequests when one forbids it).
  if (!dryRun) cluster.evict(name, pod.metadata.namespace ?? 'default');
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

export function bindPod(cluster: Cluster, namespace: string, podName: string, body: unknown, dryRun: boolean): unknown {
  if (!isPlainObject(body)) throw badRequest('the request body must be a Binding');
  const target = body.target as { kind?: string; name?: string } | undefined;
  if (!target?.name) throw new StatusError(422, 'Invalid', `Binding "${podName}" is invalid: target.name: Required value`);
  const pod = cluster.ctx.store.get('Pod', podName, namespace);
  if (!pod) throw notFoundError('pods', '', podName);
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (spec.nodeName)
    throw new StatusError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${podName}": pod ${podName} is already assigned to node "${spec.nodeName}"`, {
      name: podName,
      kind: 'pods/binding',
    });
  if (pod.metadata.deletionTimestamp)
    throw new StatusError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${podName}": pod ${podName} is being deleted, cannot be assigned to a host`, {
      name: podName,
      kind: 'pods/binding',
    });
  if (!cluster.ctx.store.get('Node', target.name)) throw notFoundError('nodes', '', target.name);
  if (!dryRun) cluster.ctx.api.replace({ ...pod, spec: { ...spec, nodeName: target.name } });
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
