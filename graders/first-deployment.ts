/**
 * Grader of the lab "first-deployment": a Deployment of 3 nginx replicas and a Service selecting them.
 * The last two checks run the submission on the simulator for 60 s and look at what happened.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import { defineGrader, fail, formatPosition, manifestHints, manifestsValidCheck, partial, pass, text } from '../src/grading/index.ts';
import type { CheckContext, SubmittedObject } from '../src/grading/index.ts';
import { isRunningAndReady, podProblem, podsOfDeployment, readyEndpoints } from '../src/grading/queries.ts';
import { matchesLabelMap, formatLabels } from '../src/kube/selector.ts';

const REPLICAS = 3;

function deploymentOf(ctx: CheckContext): SubmittedObject<Deployment> | undefined {
  const all = ctx.objects<Deployment>('Deployment');
  return all.find((d) => d.object.spec?.template?.spec?.containers?.some((c) => /(^|\/)nginx(:|@|$)/.test(c.image ?? ''))) ?? all[0];
}

function serviceFor(ctx: CheckContext, d: SubmittedObject<Deployment> | undefined): SubmittedObject<Service> | undefined {
  const all = ctx.objects<Service>('Service');
  const labels = d?.object.spec?.template?.metadata?.labels;
  return all.find((s) => matchesLabelMap(s.object.spec?.selector, labels)) ?? all[0];
}

/** "There is no X", or, when files failed to load, that X could not be read. */
function missing(ctx: CheckContext, ko: string, en: string, apiVersion: string) {
  if (ctx.submission.problems.length > 0) {
    return fail(text(`${ko}을(를) 읽지 못했다: 먼저 매니페스트의 오류를 고치자.`, `no ${en} could be read: fix the errors in the manifests first.`));
  }
  return fail(text(`${ko}이(가) 없다: \`kind: ${en}\`, \`apiVersion: ${apiVersion}\`인 오브젝트를 작성하자.`, `there is no ${en}: write an object with \`kind: ${en}\` and \`apiVersion: ${apiVersion}\`.`));
}

/** The API server's refusal of a submitted object, if it refused it. */
async function rejection<T>(ctx: CheckContext, o: SubmittedObject<T>) {
  const { applied } = await ctx.cluster();
  const r = applied.find((a) => a.kind === o.object.kind && a.name === o.object.metadata.name);
  return r?.error ? { message: r.error.message, at: r.error.fields.map((f) => o.at(f)) } : undefined;
}

export default defineGrader({
  lab: 'first-deployment',
  settle: '60s',
  checks: [
    manifestsValidCheck(20, [manifestHints.indentation, manifestHints.dryRun]),
    {
      id: 'deployment-spec',
      title: text('nginx 레플리카 3개를 선언한 디플로이먼트(Deployment)', 'A Deployment declaring 3 nginx replicas'),
      points: 20,
      hints: [text('`spec.replicas`는 디플로이먼트가 유지할 파드 수다. 쓰지 않으면 1이 된다.', '`spec.replicas` is how many pods the Deployment keeps; it defaults to 1.')],
      run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return missing(ctx, '디플로이먼트(Deployment)', 'Deployment', 'apps/v1');
        const problems: { ko: string; en: string; at: ReturnType<typeof d.at> }[] = [];
        const replicas = d.object.spec?.replicas;
        if (replicas === undefined) {
          const at = d.at(['spec']);
          problems.push({ ko: `\`spec.replicas\`가 없어 기본값 1이 된다 (${formatPosition(at)}); 실습은 ${REPLICAS}을 요구한다`, en: `\`spec.replicas\` is missing, so it defaults to 1 (${formatPosition(at)}); the lab asks for ${REPLICAS}`, at });
        } else if (replicas !== REPLICAS) {
          const at = d.at(['spec', 'replicas']);
          problems.push({ ko: `\`spec.replicas\`가 ${formatPosition(at)}에서 ${replicas}이다; 실습은 ${REPLICAS}을 요구한다`, en: `\`spec.replicas\` is ${replicas} at ${formatPosition(at)}; the lab asks for ${REPLICAS}`, at });
        }
        const containers = d.object.spec?.template?.spec?.containers ?? [];
        const nginx = containers.findIndex((c) => /(^|\/)nginx(:|@|$)/.test(c.image ?? ''));
        if (nginx < 0) {
          const at = d.at(['spec', 'template', 'spec', 'containers', 0, 'image']);
          problems.push({ ko: `nginx 이미지를 쓰는 컨테이너가 없다 (${formatPosition(at)})`, en: `no container uses an nginx image (${formatPosition(at)})`, at });
        }
        if (problems.length === 0) return pass(text(`디플로이먼트 ${d.object.metadata.name}이(가) nginx 레플리카 ${REPLICAS}개를 선언한다.`, `Deployment ${d.object.metadata.name} declares ${REPLICAS} nginx replicas.`));
        return partial(
          2 - problems.length,
          2,
          text(problems.map((p) => p.ko).join('. ') + '.', problems.map((p) => p.en).join('. ') + '.'),
          problems.map((p) => p.at),
        );
      },
    },
    {
      id: 'pods-ready',
      title: text('60초 뒤 파드 3개가 Running이고 Ready다', 'After 60 s, 3 pods are Running and Ready'),
      points: 30,
      hints: [
        text('`kubectl get pods`와 `kubectl describe pod`로 파드가 왜 준비되지 않았는지 보자. 이미지 이름과 태그가 정확한지 확인하자.', 'Use `kubectl get pods` and `kubectl describe pod` to see why a pod is not ready; check the image name and tag.'),
      ],
      async run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return missing(ctx, '디플로이먼트(Deployment)', 'Deployment', 'apps/v1');
        const refused = await rejection(ctx, d);
        if (refused) return fail(text(`API 서버가 디플로이먼트를 거부했다: ${refused.message.ko}`, `the API server rejected the Deployment: ${refused.message.en}`), refused.at);
        const { backend } = await ctx.cluster();
        const pods = await podsOfDeployment(backend, d.object.metadata.name!, d.object.metadata.namespace);
        const ready = pods.filter(isRunningAndReady).length;
        const why = pods.map(podProblem).find((p) => p !== undefined);
        const msg = text(
          `${backend.now()}초 뒤 디플로이먼트 ${d.object.metadata.name}의 파드 ${pods.length}개 중 ${ready}개가 Running이고 Ready다.${why ? ` ${why.ko}.` : ''}`,
          `after ${backend.now()} s, ${ready} of the ${pods.length} pods of Deployment ${d.object.metadata.name} are Running and Ready.${why ? ` ${why.en}.` : ''}`,
        );
        const imageAt = why ? [d.at(['spec', 'template', 'spec', 'containers', 0, 'image'])] : [];
        return ready >= REPLICAS ? pass(msg) : partial(ready, REPLICAS, msg, imageAt);
      },
    },
    {
      id: 'service-endpoints',
      title: text('서비스가 준비된 파드 3개를 엔드포인트로 가진다', 'The Service has the 3 ready pods as endpoints'),
      points: 30,
      hints: [
        text('서비스는 `spec.selector`의 레이블을 모두 가진 파드로 트래픽을 보낸다. 디플로이먼트의 `spec.template.metadata.labels`와 비교하자.', 'A Service sends traffic to pods that carry every label in its `spec.selector`; compare it with the Deployment\'s `spec.template.metadata.labels`.'),
        text('`kubectl get endpointslices -l kubernetes.io/service-name=<이름>`으로 엔드포인트를 볼 수 있다.', '`kubectl get endpointslices -l kubernetes.io/service-name=<name>` shows the endpoints.'),
      ],
      async run(ctx) {
        const d = deploymentOf(ctx);
        const s = serviceFor(ctx, d);
        if (!s) return missing(ctx, '서비스', 'Service', 'v1');
        const refused = await rejection(ctx, s);
        if (refused) return fail(text(`API 서버가 서비스를 거부했다: ${refused.message.ko}`, `the API server rejected the Service: ${refused.message.en}`), refused.at);
        const { backend } = await ctx.cluster();
        const endpoints = await readyEndpoints(backend, s.object.metadata.name!, s.object.metadata.namespace);
        const selector = s.object.spec?.selector;
        const labels = d?.object.spec?.template?.metadata?.labels;
        const msg = text(
          `서비스 ${s.object.metadata.name}의 준비된 엔드포인트가 ${endpoints.length}개다.`,
          `Service ${s.object.metadata.name} has ${endpoints.length} ready endpoint(s).`,
        );
        if (endpoints.length >= REPLICAS) return pass(msg);
        if (d && !matchesLabelMap(selector, labels)) {
          const at = s.at(['spec', 'selector']);
          return fail(
            text(
              `서비스 ${s.object.metadata.name}의 셀렉터(${formatLabels(selector) || '없음'}, ${formatPosition(at)})가 디플로이먼트 ${d.object.metadata.name}의 파드 레이블(${formatLabels(labels)})과 맞지 않아 엔드포인트가 ${endpoints.length}개다.`,
              `the selector of Service ${s.object.metadata.name} (${formatLabels(selector) || 'none'}, ${formatPosition(at)}) does not match the pod labels of Deployment ${d.object.metadata.name} (${formatLabels(labels)}), so it has ${endpoints.length} endpoint(s).`,
            ),
            [at],
          );
        }
        return partial(endpoints.length, REPLICAS, msg);
      },
    },
  ],
});
