/**
 * Letting a submitted cluster settle before cluster checks look at it: either a fixed time
 * (`settle: '60s'`), or until nothing changes any more, within a bound
 * (`settle: { until: 'stable', within: '180s', quiet: '5s' }`): the workloads, pods and endpoints
 * keep the same resourceVersions for `quiet`, checked every simulated second. A pod in a crash loop
 * never settles; the bound stops the wait, and the checks see the cluster as it is then.
 */
import type { ClusterBackend } from '../backends/backend.ts';
import type { KubeObject } from '../kube/object.ts';
import { parseDuration } from '../sim/duration.ts';

export interface SettleUntilStable {
  until: 'stable';
  /** The longest wait (a duration, e.g. "180s"). */
  within: string;
  /** How long nothing may change to call the cluster stable. Default "5s". */
  quiet?: string;
}

export type Settle = string | SettleUntilStable;

/** The kinds whose changes mean the cluster is still moving (Nodes and Events change on their own). */
const MOVING = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'Pod', 'EndpointSlice', 'HorizontalPodAutoscaler', 'PersistentVolumeClaim'];

async function fingerprint(backend: ClusterBackend): Promise<string> {
  const parts: string[] = [];
  for (const kind of MOVING) {
    let objects: KubeObject[];
    try {
      objects = await backend.list<KubeObject>(kind);
    } catch {
      continue; // a kind this backend does not serve
    }
    for (const o of objects) parts.push(`${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}@${o.metadata.resourceVersion ?? ''}`);
  }
  return parts.sort().join('\n');
}

/** Lets the cluster settle as the grader asks. */
export async function settle(backend: ClusterBackend, how: Settle): Promise<void> {
  if (typeof how === 'string') {
    await backend.advance(how);
    return;
  }
  const end = parseDuration(how.within);
  const quiet = parseDuration(how.quiet ?? '5s');
  const start = backend.now() * 1000;
  let last = await fingerprint(backend);
  let unchangedSince = start;
  while (backend.now() * 1000 - start < end) {
    await backend.advance('1s');
    const now = await fingerprint(backend);
    const t = backend.now() * 1000;
    if (now !== last) {
      last = now;
      unchangedSince = t;
    } else if (t - unchangedSince >= quiet) {
      return;
    }
  }
}
