/**
 * Scenario steps on a real cluster, done as kubectl does them (set image and rollout restart as
 * strategic merge patches, scale through the scale subresource, rollout undo as a JSON patch of the
 * template, cordon as a patch of the node, drain as cordon plus evictions). What a grader cannot do
 * to a real cluster — fail a node, generate traffic — is reported as skipped, with the reason.
 * Only the grading's own namespaces are touched; `drain` evicts only their pods.
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../kube/object.ts';
import { text, type Text } from '../kube/text.ts';
import type { Step, StepOutcome } from './backend.ts';
import { KubeApiError, kindInfo, resourcePath, type KubeClient } from './kube-client.ts';
import type { NamespaceMap } from './kube-namespaces.ts';

export interface StepHost {
  client: KubeClient;
  namespaces: NamespaceMap;
  apply(objects: readonly KubeObject[]): Promise<unknown>;
  advance(ms: number): Promise<void>;
}

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

function done(ko: string, en: string): StepOutcome {
  return { status: 'done', message: text(ko, en) };
}

function skipped(ko: string, en: string): StepOutcome {
  return { status: 'skipped', message: text(ko, en) };
}

function argsOf(step: Step): Record<string, unknown> {
  return 'args' in step && typeof step.args === 'object' ? step.args : {};
}

function nameArg(step: Step): string {
  return 'args' in step && typeof step.args === 'string' ? step.args : '';
}

export async function runKubeStep(host: StepHost, step: Step): Promise<StepOutcome> {
  const { client, namespaces } = host;
  const a = argsOf(step);
  const ns = namespaces.map(typeof a.namespace === 'string' ? a.namespace : undefined);
  const deployment = (name: unknown) => resourcePath(kindInfo('Deployment'), ns, String(name));
  try {
    switch (step.name) {
      case 'advance':
        await host.advance(step.ms);
        return done(`${step.ms / 1000}초를 기다렸다`, `waited ${step.ms / 1000} s`);
      case 'apply':
        await host.apply(step.objects);
        return done('적용했다', 'applied');
      case 'delete': {
        const info = kindInfo(String(a.kind));
        if (!info.namespaced) return skipped(`클러스터 범위 오브젝트(${info.kind})는 실제 클러스터에서 지우지 않는다`, `cluster-scoped objects (${info.kind}) are not deleted on a real cluster`);
        await client.request('DELETE', resourcePath(info, ns, String(a.name)), { body: { propagationPolicy: 'Background' } });
        return done(`${info.kind.toLowerCase()}/${String(a.name)}을(를) 지웠다`, `deleted ${info.kind.toLowerCase()}/${String(a.name)}`);
      }
      case 'setImage':
        await client.request('PATCH', deployment(a.deployment), {
          contentType: SMP,
          query: { fieldManager: 'kubectl-set' },
          body: { spec: { template: { spec: { containers: [{ name: a.container, image: a.image }] } } } },
        });
        return done(`deployment.apps/${String(a.deployment)} 이미지를 바꿨다`, `deployment.apps/${String(a.deployment)} image updated`);
      case 'scale': {
        const kind = a.deployment ? 'Deployment' : a.statefulset ? 'StatefulSet' : 'ReplicaSet';
        const name = String(a.deployment ?? a.statefulset ?? a.replicaset);
        await client.request('PATCH', resourcePath(kindInfo(kind), ns, name, 'scale'), { contentType: MERGE, body: { spec: { replicas: a.replicas } } });
        return done(`${kind.toLowerCase()}.apps/${name} 스케일을 조정했다`, `${kind.toLowerCase()}.apps/${name} scaled`);
      }
      case 'restart':
        await client.request('PATCH', deployment(a.deployment), {
          contentType: SMP,
          query: { fieldManager: 'kubectl-rollout' },
          body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString().replace(/\.\d+Z$/, 'Z') } } } } },
        });
        return done(`deployment.apps/${String(a.deployment)} 재시작했다`, `deployment.apps/${String(a.deployment)} restarted`);
      case 'pause':
      case 'resume':
        await client.request('PATCH', deployment(a.deployment), { contentType: MERGE, query: { fieldManager: 'kubectl-rollout' }, body: { spec: { paused: step.name === 'pause' } } });
        return done(
          `deployment.apps/${String(a.deployment)} ${step.name === 'pause' ? '일시 중지했다' : '재개했다'}`,
          `deployment.apps/${String(a.deployment)} ${step.name === 'pause' ? 'paused' : 'resumed'}`,
        );
      case 'rollback':
        return await rollback(client, ns, String(a.deployment), typeof a.toRevision === 'number' ? a.toRevision : 0);
      case 'evict':
        await client.request('POST', `${resourcePath(kindInfo('Pod'), ns, String(a.pod))}/eviction`, { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: a.pod, namespace: ns } } });
        return done(`파드 ${String(a.pod)}을(를) 축출했다`, `evicted pod ${String(a.pod)}`);
      case 'cordon':
      case 'uncordon': {
        const node = nameArg(step);
        await client.request('PATCH', resourcePath(kindInfo('Node'), undefined, node), { contentType: MERGE, body: { spec: { unschedulable: step.name === 'cordon' } } });
        return done(`node/${node} ${step.name === 'cordon' ? '스케줄링을 막았다' : '스케줄링을 다시 허용했다'}`, `node/${node} ${step.name === 'cordon' ? 'cordoned' : 'uncordoned'}`);
      }
      case 'drain':
        return await drainOurs(client, namespaces, nameArg(step) || String(a.node));
      case 'failNode':
      case 'recoverNode':
        return skipped(
          '실제 클러스터의 노드는 채점기가 멈추거나 되살릴 수 없다 (kind라면 `docker stop <노드>`로 직접 해 볼 수 있다)',
          'the grader cannot stop or revive a node of a real cluster (on kind, try `docker stop <node>` yourself)',
        );
      case 'addNode':
        return skipped(
          '실제 클러스터에는 채점기가 노드를 더할 수 없다 (kind라면 설정 파일에 worker를 더해 클러스터를 다시 만든다)',
          'the grader cannot add a node to a real cluster (on kind, add a worker to the cluster config and recreate it)',
        );
      case 'traffic':
        return skipped('실제 클러스터에서는 트래픽을 만들어 보내지 않는다', 'no traffic is generated on a real cluster');
      default: {
        const unknown: string = (step as { name: string }).name;
        return skipped(`실제 클러스터에서 하지 않는 단계다: ${unknown}`, `step not run on a real cluster: ${unknown}`);
      }
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { status: 'failed', message: text(`${step.name} 실패: ${message}`, `${step.name} failed: ${message}`) };
  }
}

/** `kubectl rollout undo`: the template of the wanted revision's ReplicaSet, as a JSON patch. */
async function rollback(client: KubeClient, ns: string, name: string, toRevision: number): Promise<StepOutcome> {
  const d = await client.request<{ metadata: { uid: string } }>('GET', resourcePath(kindInfo('Deployment'), ns, name));
  const list = await client.request<{ items: ReplicaSet[] }>('GET', resourcePath(kindInfo('ReplicaSet'), ns));
  const revision = (rs: ReplicaSet): number => Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const owned = list.items.filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid) && revision(rs) > 0);
  const revisions = [...new Set(owned.map(revision))].sort((x, y) => y - x);
  const wanted = toRevision === 0 ? revisions[1] : toRevision;
  const target = owned.find((rs) => revision(rs) === wanted);
  if (!target) return { status: 'failed', message: text(`디플로이먼트 "${name}"의 롤아웃 기록이 없다`, `no rollout history found for deployment "${name}"`) };
  const template = structuredClone(target.spec!.template!);
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  await client.request('PATCH', resourcePath(kindInfo('Deployment'), ns, name), { contentType: JSON_PATCH, body: [{ op: 'replace', path: '/spec/template', value: template }] });
  return done(`deployment.apps/${name} 롤백했다`, `deployment.apps/${name} rolled back`);
}

/** Cordon, then evict the grading's own pods on the node (other namespaces are left alone). */
async function drainOurs(client: KubeClient, namespaces: NamespaceMap, node: string): Promise<StepOutcome> {
  await client.request('PATCH', resourcePath(kindInfo('Node'), undefined, node), { contentType: MERGE, body: { spec: { unschedulable: true } } });
  let evicted = 0;
  for (const ns of namespaces.all()) {
    const pods = await client.request<{ items: Pod[] }>('GET', resourcePath(kindInfo('Pod'), ns), { query: { fieldSelector: `spec.nodeName=${node}` } });
    for (const p of pods.items) {
      try {
        await client.request('POST', `${resourcePath(kindInfo('Pod'), ns, p.metadata!.name!)}/eviction`, {
          body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata!.name, namespace: ns } },
        });
        evicted++;
      } catch (e) {
        if (!(e instanceof KubeApiError && e.code === 429)) throw e;
      }
    }
  }
  return done(`node/${node} 비웠다 (이 채점의 파드 ${evicted}개를 축출했다)`, `node/${node} drained (evicted ${evicted} pod(s) of this grading)`);
}
