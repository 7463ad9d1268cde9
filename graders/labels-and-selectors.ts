/**
 * Grader of the lab "labels-and-selectors": a stable Deployment (3 pods, `track: stable`), a canary
 * Deployment (1 pod, `track: canary`) and a Service that must pick the stable pods only. The checks
 * run the submission on the simulator for 60 s and then ask what `kubectl get pods -l …` and the
 * Service's EndpointSlices say: how many pods carry each label, and which pods the ready endpoints are.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestHints, manifestsValidCheck, missingObject, partial, pass, rejectedObject, text } from '../src/grading/index.ts';
import type { CheckContext, SourcePosition, SubmittedObject } from '../src/grading/index.ts';
import { isRunningAndReady, namespaceOf as nsOf, podProblem, podsOfDeployment, readyEndpoints } from '../src/grading/queries.ts';
import { namedOrFirst } from '../src/grading/submitted.ts';
import { formatLabels, matchesLabelMap, matchesSelector } from '../src/kube/selector.ts';

const STABLE = { labels: { app: 'web', track: 'stable' }, replicas: 3, name: 'web' };
const CANARY = { labels: { app: 'web', track: 'canary' }, replicas: 1, name: 'web-canary' };

type Track = typeof STABLE;


/** The submitted Deployment for a track: by its pod labels, else by its name. */
function deploymentFor(ctx: CheckContext, track: Track): SubmittedObject<Deployment> | undefined {
  const all = ctx.objects<Deployment>('Deployment');
  return all.find((d) => d.object.spec?.template?.metadata?.labels?.track === track.labels.track) ?? all.find((d) => d.object.metadata.name === track.name);
}

const serviceOf = (ctx: CheckContext): SubmittedObject<Service> | undefined => namedOrFirst<Service>(ctx, 'Service', 'web');

/** Pods of the namespace that carry all the labels (`kubectl get pods -l app=web,track=stable`). */
async function podsLabelled(ctx: CheckContext, labels: Record<string, string>, namespace: string): Promise<Pod[]> {
  const { backend } = await ctx.cluster();
  return backend.list<Pod>('Pod', { namespace, labels });
}

/** Pods of a submitted Deployment on the settled cluster (empty when it is absent or was refused). */
async function podsOf(ctx: CheckContext, d: SubmittedObject<Deployment> | undefined): Promise<Pod[]> {
  if (!d) return [];
  const { backend } = await ctx.cluster();
  return podsOfDeployment(backend, d.object.metadata.name!, nsOf(d.object));
}

const name = (p: Pod): string => p.metadata?.name ?? '';

/** A pod's labels as `kubectl get pods --show-labels` prints them, less the hash the ReplicaSet adds. */
const podLabels = (p: Pod | undefined): string => formatLabels(Object.fromEntries(Object.entries(p?.metadata?.labels ?? {}).filter(([k]) => k !== 'pod-template-hash')));

export default defineGrader({
  lab: 'labels-and-selectors',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [
      manifestHints.indentation,
      text('디플로이먼트의 `spec.selector`는 `spec.template.metadata.labels`와 맞아야 API 서버가 받아 준다.', "The API server only accepts a Deployment whose `spec.selector` matches its `spec.template.metadata.labels`."),
    ]),
    {
      id: 'pod-labels',
      title: text('track: stable 파드 3개와 track: canary 파드 1개가 Ready다', '3 pods labelled track: stable and 1 labelled track: canary are Ready'),
      points: 20,
      hints: [
        text('파드의 레이블은 디플로이먼트의 `spec.template.metadata.labels`에 쓴다. 디플로이먼트 자신의 `metadata.labels`는 파드에 붙지 않는다.', "Pod labels go in the Deployment's `spec.template.metadata.labels`; the Deployment's own `metadata.labels` are not copied to its pods."),
        text('`kubectl get pods -l app=web,track=stable`처럼 레이블로 파드를 골라 세어 보자.', 'Count pods by label, e.g. `kubectl get pods -l app=web,track=stable`.'),
      ],
      async run(ctx) {
        if (!deploymentFor(ctx, STABLE) && !deploymentFor(ctx, CANARY)) return missingObject(ctx, text('디플로이먼트(Deployment)', 'Deployment'), 'Deployment', 'apps/v1');
        const lines: { ko: string; en: string }[] = [];
        const at: SourcePosition[] = [];
        let earned = 0;
        for (const track of [STABLE, CANARY]) {
          const d = deploymentFor(ctx, track);
          const namespace = d ? nsOf(d.object) : 'default';
          const pods = await podsLabelled(ctx, track.labels, namespace);
          const ready = pods.filter(isRunningAndReady);
          earned += Math.max(0, track.replicas - Math.abs(ready.length - track.replicas));
          const selector = formatLabels(track.labels);
          const why = pods.map(podProblem).find((p) => p !== undefined);
          lines.push({
            ko: `\`-l ${selector}\`: Ready 파드 ${ready.length}개 (기대 ${track.replicas}개)${why && ready.length < track.replicas ? ` — ${why.ko}` : ''}`,
            en: `\`-l ${selector}\`: ${ready.length} Ready pod(s) (expected ${track.replicas})${why && ready.length < track.replicas ? ` — ${why.en}` : ''}`,
          });
          if (ready.length !== track.replicas && d) {
            const labels = d.object.spec?.template?.metadata?.labels;
            const labelled = matchesLabelMap(track.labels, labels);
            at.push(labelled ? d.at(['spec', 'replicas']) : d.at(['spec', 'template', 'metadata', 'labels']));
            if (!labelled) {
              lines.push({
                ko: `디플로이먼트 ${d.object.metadata.name}의 파드 레이블은 ${formatLabels(labels) || '(없음)'}이다 (${formatPosition(at.at(-1)!)})`,
                en: `the pods of Deployment ${d.object.metadata.name} are labelled ${formatLabels(labels) || '(none)'} (${formatPosition(at.at(-1)!)})`,
              });
            }
          }
        }
        const msg = text(lines.map((l) => l.ko).join('; ') + '.', lines.map((l) => l.en).join('; ') + '.');
        return earned === STABLE.replicas + CANARY.replicas && at.length === 0 ? pass(msg) : partial(earned, STABLE.replicas + CANARY.replicas, msg, at);
      },
    },
    {
      id: 'selectors-distinct',
      title: text('두 디플로이먼트의 셀렉터가 서로의 파드를 고르지 않는다', "Neither Deployment's selector picks the other's pods"),
      points: 10,
      hints: [
        text('두 디플로이먼트가 `app: web`만으로 파드를 고르면 서로의 파드까지 고른다. `track` 레이블도 셀렉터에 넣자.', 'If both Deployments select on `app: web` alone, each also picks the other\'s pods; put the `track` label in the selectors too.'),
        text('쿠버네티스 문서: 다른 컨트롤러와 레이블이나 셀렉터가 겹치지 않게 하자.', 'The Kubernetes docs: do not overlap labels or selectors with other controllers.'),
      ],
      async run(ctx) {
        const stable = deploymentFor(ctx, STABLE);
        const canary = deploymentFor(ctx, CANARY);
        if (!stable || !canary || stable === canary) return missingObject(ctx, text('안정 버전과 카나리 디플로이먼트(Deployment) 한 쌍', 'pair of Deployments (stable and canary)'), 'Deployment', 'apps/v1');
        for (const d of [stable, canary]) {
          const refused = rejectedObject((await ctx.cluster()).applied, d);
          if (refused) return refused;
        }
        const pairs: [SubmittedObject<Deployment>, SubmittedObject<Deployment>][] = [[stable, canary], [canary, stable]];
        const overlaps: { ko: string; en: string; at: SourcePosition }[] = [];
        for (const [d, other] of pairs) {
          const theirs = await podsOf(ctx, other);
          const picked = theirs.filter((p) => matchesSelector(d.object.spec?.selector, p.metadata?.labels));
          if (picked.length > 0) {
            const at = d.at(['spec', 'selector']);
            overlaps.push({
              ko: `디플로이먼트 ${d.object.metadata.name}의 셀렉터(${formatPosition(at)})가 ${other.object.metadata.name}의 파드 ${picked.map(name).join(', ')}까지 고른다`,
              en: `the selector of Deployment ${d.object.metadata.name} (${formatPosition(at)}) also picks pod(s) ${picked.map(name).join(', ')} of ${other.object.metadata.name}`,
              at,
            });
          }
        }
        const [stablePods, canaryPods] = [await podsOf(ctx, stable), await podsOf(ctx, canary)];
        if (stablePods.length === 0 || canaryPods.length === 0) {
          return fail(text('두 디플로이먼트의 파드가 모두 있어야 셀렉터가 겹치는지 볼 수 있다.', "both Deployments need pods before their selectors can be compared."));
        }
        if (overlaps.length === 0) {
          return pass(text(`디플로이먼트 ${stable.object.metadata.name}와(과) ${canary.object.metadata.name}의 셀렉터가 저마다 자기 파드만 고른다.`, `the selectors of Deployments ${stable.object.metadata.name} and ${canary.object.metadata.name} each pick their own pods only.`));
        }
        return fail(text(overlaps.map((o) => o.ko).join('; ') + '.', overlaps.map((o) => o.en).join('; ') + '.'), overlaps.map((o) => o.at));
      },
    },
    {
      id: 'service-selects-stable',
      title: text('서비스의 엔드포인트에 안정 버전 파드 3개가 모두 있다', "The Service's endpoints include all 3 stable pods"),
      points: 30,
      hints: [
        text('서비스는 `spec.selector`의 레이블을 **모두** 가진 파드를 고른다. `kubectl get pods --show-labels`의 레이블과 비교하자.', 'A Service picks the pods that carry **every** label of its `spec.selector`; compare it with `kubectl get pods --show-labels`.'),
        text('`kubectl get endpointslices -l kubernetes.io/service-name=web -o wide`로 엔드포인트가 어느 파드인지 볼 수 있다.', '`kubectl get endpointslices -l kubernetes.io/service-name=web -o wide` shows which pods the endpoints are.'),
      ],
      async run(ctx) {
        const s = acceptedObject(ctx, (await ctx.cluster()).applied, serviceOf(ctx), text('서비스', 'Service'), 'Service', 'v1');
        if (isOutcome(s)) return s;
        const stable = deploymentFor(ctx, STABLE);
        if (!stable) return missingObject(ctx, text('안정 버전 디플로이먼트(Deployment)', 'stable Deployment'), 'Deployment', 'apps/v1');
        const stablePods = (await podsOf(ctx, stable)).filter(isRunningAndReady);
        const { backend } = await ctx.cluster();
        const endpoints = await readyEndpoints(backend, s.object.metadata.name!, nsOf(s.object));
        const inService = new Set(endpoints.map((e) => e.pod));
        const covered = stablePods.filter((p) => inService.has(name(p)));
        const selector = s.object.spec?.selector;
        const at = s.at(['spec', 'selector']);
        const summary = text(
          `서비스 ${s.object.metadata.name}(셀렉터 ${formatLabels(selector) || '없음'})의 준비된 엔드포인트는 ${endpoints.length}개이고, 그중 안정 버전 파드는 ${covered.length}개다 (기대 ${STABLE.replicas}개)`,
          `Service ${s.object.metadata.name} (selector ${formatLabels(selector) || 'none'}) has ${endpoints.length} ready endpoint(s), ${covered.length} of them stable pods (expected ${STABLE.replicas})`,
        );
        if (covered.length >= STABLE.replicas) return pass(text(`${summary.ko}.`, `${summary.en}.`));
        const missed = stablePods.filter((p) => !inService.has(name(p)));
        if (missed.length > 0 && !matchesLabelMap(selector, missed[0]!.metadata?.labels)) {
          const labels = podLabels(missed[0]);
          return partial(
            covered.length,
            STABLE.replicas,
            text(
              `${summary.ko}: 셀렉터(${formatPosition(at)})가 안정 버전 파드 ${name(missed[0]!)}의 레이블(${labels})과 맞지 않는다.`,
              `${summary.en}: the selector (${formatPosition(at)}) does not match the labels of stable pod ${name(missed[0]!)} (${labels}).`,
            ),
            [at],
          );
        }
        const why = stablePods.length < STABLE.replicas ? text(`: Ready인 안정 버전 파드가 ${stablePods.length}개뿐이다`, `: only ${stablePods.length} stable pod(s) are Ready`) : text('', '');
        return partial(covered.length, STABLE.replicas, text(`${summary.ko}${why.ko}.`, `${summary.en}${why.en}.`), stablePods.length < STABLE.replicas ? [stable.at(['spec', 'replicas'])] : [at]);
      },
    },
    {
      id: 'canary-excluded',
      title: text('서비스의 엔드포인트에 카나리 파드가 없다', "The Service's endpoints include no canary pod"),
      points: 30,
      hints: [
        text('`app: web`은 안정 버전과 카나리 파드 모두에 붙어 있다. 둘을 가르는 레이블을 서비스 셀렉터에 더하자.', 'Both the stable and the canary pods carry `app: web`; add the label that tells them apart to the Service selector.'),
      ],
      async run(ctx) {
        const s = acceptedObject(ctx, (await ctx.cluster()).applied, serviceOf(ctx), text('서비스', 'Service'), 'Service', 'v1');
        if (isOutcome(s)) return s;
        const { backend } = await ctx.cluster();
        const namespace = nsOf(s.object);
        const endpoints = await readyEndpoints(backend, s.object.metadata.name!, namespace);
        const at = s.at(['spec', 'selector']);
        const selector = formatLabels(s.object.spec?.selector);
        if (endpoints.length === 0) {
          return fail(
            text(
              `서비스 ${s.object.metadata.name}에 준비된 엔드포인트가 하나도 없다 (셀렉터 ${selector || '없음'}, ${formatPosition(at)}): 카나리를 빼려면 먼저 안정 버전 파드를 골라야 한다.`,
              `Service ${s.object.metadata.name} has no ready endpoint (selector ${selector || 'none'}, ${formatPosition(at)}): to leave the canary out, first pick the stable pods.`,
            ),
            [at],
          );
        }
        const canaryPods = new Map((await backend.list<Pod>('Pod', { namespace, labels: { track: CANARY.labels.track } })).map((p) => [name(p), p]));
        for (const p of await podsOf(ctx, deploymentFor(ctx, CANARY))) canaryPods.set(name(p), p);
        const leaked = endpoints.filter((e) => e.pod !== undefined && canaryPods.has(e.pod)).map((e) => e.pod!);
        if (leaked.length === 0) {
          return pass(text(`서비스 ${s.object.metadata.name}의 준비된 엔드포인트 ${endpoints.length}개 중 카나리 파드는 없다.`, `none of the ${endpoints.length} ready endpoint(s) of Service ${s.object.metadata.name} is a canary pod.`));
        }
        const labels = podLabels(canaryPods.get(leaked[0]!));
        return fail(
          text(
            `서비스 ${s.object.metadata.name}의 셀렉터 ${selector}(${formatPosition(at)})가 카나리 파드 ${leaked.join(', ')}(레이블 ${labels})까지 골라, 고객 트래픽의 일부가 카나리로 간다 (엔드포인트 ${endpoints.length}개 중 ${leaked.length}개).`,
            `the selector ${selector} of Service ${s.object.metadata.name} (${formatPosition(at)}) also picks canary pod(s) ${leaked.join(', ')} (labels ${labels}), so part of the customer traffic goes to the canary (${leaked.length} of ${endpoints.length} endpoints).`,
          ),
          [at],
        );
      },
    },
  ],
});
