/**
 * Rollouts in graders: starting one in a scenario as `kubectl set image` does, and reading a
 * Deployment's rolling update strategy for feedback (where it is written, how much capacity it may take away).
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import { formatPosition, type SourcePosition } from '../kube/position.ts';
import { text, type Text } from '../kube/text.ts';
import { resolveFenceposts } from '../sim/controllers/deployment-util.ts';
import { parseImage } from '../sim/kubelet/images.ts';
import { KubectlError } from '../sim/kubectl/kubectl-error.ts';
import type { SubmittedObject } from './context.ts';
import { fail, type Outcome } from './grader.ts';
import type { ScenarioRun } from './scenario.ts';

/** What `kubectl set image` left: the Deployment as stored just before (defaults filled in), and why the image was not set, if it was not. */
export interface ImageChange {
  stored?: Deployment;
  error?: Text;
}

/** Sets the image of one container of a Deployment on the simulator, as `kubectl set image deployment/<name> <container>=<image>` does. */
export async function setImage(run: ScenarioRun, name: string, namespace: string, container: string | undefined, image: string): Promise<ImageChange> {
  const stored = await run.backend.get<Deployment>('Deployment', name, namespace);
  if (!stored || container === undefined || !run.sim) {
    const repository = parseImage(image).repository;
    return { ...(stored ? { stored } : {}), error: text(`${repository} 이미지를 쓰는 디플로이먼트가 없다`, `no Deployment running ${repository}`) };
  }
  try {
    run.sim.setImage(name, container, image, namespace);
    return { stored };
  } catch (e) {
    // kubectl's own words in both languages; anything else as the API error said it.
    if (e instanceof KubectlError) return { stored, error: e.text };
    const message = e instanceof Error ? e.message : String(e);
    return { stored, error: text(message, message) };
  }
}

/** The rollout a check is about never started: the new image could not be set (marked at the containers). */
export function imageNotSet(d: SubmittedObject<Deployment>, why: Text): Outcome {
  return fail(text(`새 이미지를 지정하지 못했다: ${why.ko}`, `the new image could not be set: ${why.en}`), [d.at(['spec', 'template', 'spec', 'containers'])]);
}

/** Where the strategy says what it says: maxUnavailable, the strategy, or the spec when there is none. */
export function strategyAt(d: SubmittedObject<Deployment>): SourcePosition {
  const st = d.object.spec?.strategy;
  if (st?.type === 'Recreate') return d.at(['spec', 'strategy', 'type']);
  if (st?.rollingUpdate?.maxUnavailable !== undefined) return d.at(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']);
  return st ? d.at(['spec', 'strategy']) : d.at(['spec']);
}

/**
 * Why the strategy of the Deployment as stored (defaults filled in) lets a rollout take Ready pods
 * away, as a sentence that starts with a space: Recreate, or a maxUnavailable that resolves to more
 * than 0 (deployment_util.go ResolveFenceposts); undefined when it keeps every pod until its
 * replacement is available.
 */
export function capacityLoss(stored: Deployment, at: SourcePosition): Text | undefined {
  if (stored.spec?.strategy?.type === 'Recreate') {
    return text(` 전략 Recreate는 새 파드를 만들기 전에 옛 파드를 모두 없앤다 (${formatPosition(at)}).`, ` The Recreate strategy removes every old pod before it creates new ones (${formatPosition(at)}).`);
  }
  const f = resolveFenceposts(stored);
  if (f.maxUnavailable === 0) return undefined;
  const replicas = stored.spec?.replicas ?? 1;
  const written = String(stored.spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%');
  return text(
    ` maxUnavailable ${written}이(가) 파드 ${replicas}개에서 ${f.maxUnavailable}개가 되어, 롤아웃이 그만큼 Ready 파드를 줄일 수 있다 (${formatPosition(at)}).`,
    ` maxUnavailable ${written} comes to ${f.maxUnavailable} of ${replicas} pods, so the rollout may take that many Ready pods away (${formatPosition(at)}).`,
  );
}
