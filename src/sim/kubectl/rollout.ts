/**
 * The client-side workload commands, done as kubectl does them (staging/src/k8s.io/kubectl/pkg):
 * `rollout undo` (polymorphichelpers/rollback.go), `rollout restart` (objectrestarter.go),
 * `rollout pause|resume`, `scale`, `set image`.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../../kube/object.ts';
import { text, type Text } from '../../kube/text.ts';
import type { Api } from '../api.ts';
import { notFound } from '../api-error.ts';
import type { Clock } from '../clock.ts';
import { controllerRef } from '../controllers/owner.ts';
import { equalIgnoreHash, POD_TEMPLATE_HASH, revisionOf } from '../controllers/deployment-util.ts';
import { KubectlError } from './kubectl-error.ts';

/** Annotations `rollout undo` keeps from the Deployment instead of taking them from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function getDeployment(api: Api, name: string, namespace: string): KubeObject {
  const d = api.get('Deployment', name, namespace);
  if (!d) throw notFound('Deployment', 'apps', name);
  return d;
}

function ownedReplicaSets(api: Api, d: KubeObject): ReplicaSet[] {
  return api.store.list('ReplicaSet', d.metadata.namespace).filter((rs) => controllerRef(rs)?.uid === d.metadata.uid) as unknown as ReplicaSet[];
}

/** `kubectl rollout undo deployment/<name> [--to-revision=N]`. */
export function rolloutUndo(api: Api, name: string, namespace: string, toRevision = 0): Text {
  const obj = getDeployment(api, name, namespace);
  const d = obj as unknown as Deployment;
  if (d.spec?.paused) {
    throw new KubectlError(text("일시 중지된 디플로이먼트는 롤백할 수 없다. 먼저 'kubectl rollout resume'으로 재개하자.", "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"));
  }
  const history = ownedReplicaSets(api, obj).filter((rs) => revisionOf(rs) > 0);
  let target: ReplicaSet | undefined;
  if (toRevision === 0) {
    const revisions = [...new Set(history.map(revisionOf))].sort((a, b) => b - a);
    if (revisions.length < 2) throw new KubectlError(text(`디플로이먼트 "${name}"의 롤아웃 기록이 없다`, `no rollout history found for deployment "${name}"`));
    target = history.find((rs) => revisionOf(rs) === revisions[1]);
  } else {
    target = history.find((rs) => revisionOf(rs) === toRevision);
    if (!target) throw new KubectlError(text(`기록에서 리비전 ${toRevision}을(를) 찾을 수 없다`, `unable to find specified revision ${toRevision} in history`));
  }
  const revision = revisionOf(target!);
  if (equalIgnoreHash(target!.spec?.template, d.spec?.template)) {
    return text(`deployment.apps/${name} 롤백을 건너뛰었다 (현재 템플릿이 이미 리비전 ${revision}과 같다)`, `deployment.apps/${name} skipped rollback (current template already matches revision ${revision})`);
  }
  const template = structuredClone(target!.spec!.template!);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target!.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  // The JSON patch kubectl sends replaces /spec/template and /metadata/annotations.
  api.update({ ...obj, metadata: { ...obj.metadata, annotations }, spec: { ...(obj.spec as object), template } });
  return text(`deployment.apps/${name} 롤백했다`, `deployment.apps/${name} rolled back`);
}

/** `kubectl rollout restart deployment/<name>`: a new pod template annotation makes a new rollout. */
export function rolloutRestart(api: Api, clock: Clock, name: string, namespace: string): Text {
  const obj = getDeployment(api, name, namespace);
  const d = structuredClone(obj) as unknown as Deployment;
  const template = d.spec!.template;
  template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': clock.timestamp() } };
  api.update(d as unknown as KubeObject);
  return text(`deployment.apps/${name} 재시작했다`, `deployment.apps/${name} restarted`);
}

/** `kubectl rollout pause|resume deployment/<name>`. */
export function rolloutPause(api: Api, name: string, namespace: string, paused: boolean): Text {
  const obj = getDeployment(api, name, namespace);
  if (((obj.spec as { paused?: boolean }).paused ?? false) === paused) {
    throw new KubectlError(paused ? text(`deployment.apps/${name}은(는) 이미 일시 중지되었다`, `deployments.apps "${name}" is already paused`) : text(`deployment.apps/${name}은(는) 일시 중지 상태가 아니다`, `deployments.apps "${name}" is not paused`));
  }
  api.update({ ...obj, spec: { ...(obj.spec as object), paused } });
  return paused ? text(`deployment.apps/${name} 일시 중지했다`, `deployment.apps/${name} paused`) : text(`deployment.apps/${name} 재개했다`, `deployment.apps/${name} resumed`);
}

/** `kubectl scale deployment/<name> --replicas=N` (through the scale subresource). */
export function scale(api: Api, kind: string, name: string, namespace: string, replicas: number): Text {
  const obj = api.get(kind, name, namespace);
  if (!obj) throw notFound(kind, kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' ? 'apps' : '', name);
  api.update({ ...obj, spec: { ...(obj.spec as object), replicas } });
  return text(`${kind.toLowerCase()}.apps/${name} 스케일을 조정했다`, `${kind.toLowerCase()}.apps/${name} scaled`);
}

/** `kubectl set image deployment/<name> <container>=<image>`. */
export function setImage(api: Api, name: string, namespace: string, container: string, image: string): Text {
  const obj = getDeployment(api, name, namespace);
  const d = structuredClone(obj) as unknown as Deployment;
  const spec = d.spec!.template.spec!;
  const c = [...(spec.initContainers ?? []), ...spec.containers].find((x) => x.name === container);
  if (!c) throw new KubectlError(text(`이름이 "${container}"인 컨테이너를 찾을 수 없다`, `unable to find container named "${container}"`));
  if (c.image === image) return text(`deployment.apps/${name}은(는) 바뀌지 않았다`, `deployment.apps/${name} unchanged`);
  c.image = image;
  api.update(d as unknown as KubeObject);
  return text(`deployment.apps/${name} 이미지를 바꿨다`, `deployment.apps/${name} image updated`);
}
