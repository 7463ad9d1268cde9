/**
 * One scenario step on a simulated cluster: what `orchestra sim run` does for each step of a scenario
 * file, and what the simulator backend does for a grader's `step`. A refused step throws the API's
 * error (ApiError) or kubectl's (KubectlError); an `apply` reports each object's outcome instead.
 */
import { text, type Text } from '../../kube/text.ts';
import type { ApplyOutcome, Cluster } from '../cluster.ts';
import type { NodeSpec } from '../nodes.ts';
import { KubectlError } from '../kubectl/kubectl-error.ts';
import type { Step } from './scenario.ts';

export interface StepDone {
  /** What kubectl would print, or what happened. */
  message: Text;
  /** For `apply`: each object's outcome (refusals included). */
  applied?: ApplyOutcome[];
}

const ns = (a: Record<string, unknown>): string => (typeof a.namespace === 'string' ? a.namespace : 'default');

export function runStep(cluster: Cluster, step: Step): StepDone {
  switch (step.name) {
    case 'advance':
      cluster.advance(step.ms);
      return { message: text(`${step.ms / 1000}초가 지났다`, `${step.ms / 1000} s passed`) };
    case 'apply': {
      const applied = cluster.apply(step.objects);
      const lines = applied.map((o) => `${o.kind.toLowerCase()}/${o.name} ${o.action ?? 'refused'}`).join('\n');
      return { message: text(lines, lines), applied };
    }
    case 'failNode':
      cluster.failNode(String(step.args));
      return { message: text(`노드 ${String(step.args)}이(가) 보고를 멈췄다`, `node ${String(step.args)} stopped reporting`) };
    case 'recoverNode':
      cluster.recoverNode(String(step.args));
      return { message: text(`노드 ${String(step.args)}이(가) 다시 보고한다`, `node ${String(step.args)} reports again`) };
    case 'addNode': {
      const spec = step.args as unknown as NodeSpec;
      cluster.addNode(spec);
      return { message: text(`노드 ${spec.name}이(가) 클러스터에 합류했다`, `node ${spec.name} joined the cluster`) };
    }
    case 'cordon':
    case 'uncordon':
      return { message: cluster.cordon(String(step.args), step.name === 'cordon') };
    case 'drain': {
      const d = typeof step.args === 'string' ? { node: step.args } : (step.args as { node: string; force?: boolean });
      const out = cluster.drain(d.node, { ...(d.force ? { force: true } : {}) }).output;
      return { message: text(out.map((t) => t.ko).join('\n'), out.map((t) => t.en).join('\n')) };
    }
    default:
      break;
  }
  const a = (typeof step.args === 'object' ? step.args : {}) as Record<string, unknown>;
  switch (step.name) {
    case 'delete': {
      const kind = String(a.kind);
      cluster.delete(kind, String(a.name), ns(a));
      return { message: text(`${kind.toLowerCase()} "${String(a.name)}" 삭제됨`, `${kind.toLowerCase()} "${String(a.name)}" deleted`) };
    }
    case 'setImage':
      return { message: cluster.setImage(String(a.deployment), String(a.container), String(a.image), ns(a)) };
    case 'scale': {
      const [kind, name] = a.deployment ? ['Deployment', a.deployment] : a.statefulset ? ['StatefulSet', a.statefulset] : ['ReplicaSet', a.replicaset];
      if (!name) throw new KubectlError(text('scale에는 deployment, statefulset, replicaset 중 하나가 필요하다', 'scale needs one of deployment, statefulset or replicaset'));
      return { message: cluster.scale(kind!, String(name), Number(a.replicas), ns(a)) };
    }
    case 'rollback':
      return { message: cluster.rollback(String(a.deployment), { namespace: ns(a), ...(a.toRevision !== undefined ? { toRevision: Number(a.toRevision) } : {}) }) };
    case 'restart':
      return { message: cluster.restart(String(a.deployment), ns(a)) };
    case 'pause':
    case 'resume':
      return { message: cluster.pause(String(a.deployment), step.name === 'pause', ns(a)) };
    case 'evict':
      cluster.evict(String(a.pod), ns(a));
      return { message: text(`파드 "${String(a.pod)}" 축출됨`, `pod "${String(a.pod)}" evicted`) };
    case 'traffic':
      cluster.setTraffic({ service: String(a.service), namespace: ns(a), rps: Number(a.rps), ...(a.via ? { via: String(a.via) } : {}), ...(a.port !== undefined ? { port: a.port as number | string } : {}) });
      return { message: text(`서비스 ${String(a.service)}에 초당 ${Number(a.rps)}개 요청`, `${Number(a.rps)} requests a second to Service ${String(a.service)}`) };
  }
}
