/**
 * Grader of the lab "expose-service": an API listening on 8080, run by Deployment shop-api in
 * namespace shop, exposed as port 80 of Service shop-api. Besides the pods and the Service's ports,
 * the checks look at what a client sees on the simulator: the Service's ready endpoints, the DNS
 * name looked up from another namespace, and requests sent to the Service (a wrong targetPort makes
 * every one of them fail, although the endpoints look fine).
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import { SimBackend } from '../src/backends/sim.ts';
import { defineGrader, fail, formatPosition, manifestHints, manifestsValidCheck, missingObject, partial, pass, simulatorOnly, skip, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { isRunningAndReady, namespaceOf as nsOf, podProblem, podsOfDeployment, readyEndpoints } from '../src/grading/queries.ts';
import { namedOrFirst } from '../src/grading/submitted.ts';
import { formatLabels, matchesLabelMap } from '../src/kube/selector.ts';

const NAMESPACE = 'shop';
const NAME = 'shop-api';
const REPLICAS = 2;
/** The port the app in shop/api:2.3 listens on (lab.yaml, images). */
const APP_PORT = 8080;
const SERVICE_PORT = 80;
const FQDN = `${NAME}.${NAMESPACE}.svc.cluster.local`;
/** The namespace the client runs in. */
const CLIENT_NAMESPACE = 'default';
const RPS = 50;
const TRAFFIC_SECONDS = 60;


const deploymentOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => namedOrFirst<Deployment>(ctx, 'Deployment', NAME);

function serviceOf(ctx: CheckContext): SubmittedObject<Service> | undefined {
  const all = ctx.objects<Service>('Service');
  return all.find((s) => s.object.metadata.name === NAME && nsOf(s.object) === NAMESPACE) ?? all.find((s) => s.object.metadata.name === NAME) ?? all[0];
}

/** The API server's refusal of a submitted object, if it refused it, with what to do about a missing namespace. */
async function rejection<T>(ctx: CheckContext, o: SubmittedObject<T>): Promise<Outcome | undefined> {
  const { applied } = await ctx.cluster();
  const r = applied.find((a) => a.kind === o.object.kind && a.name === o.object.metadata.name && (a.namespace ?? nsOf(o.object)) === nsOf(o.object));
  if (!r?.error) return undefined;
  const ns = nsOf(o.object);
  const late = r.error.reason === 'NotFound' && /namespaces? "/.test(r.error.message.en);
  const more = late
    ? text(
        ` 네임스페이스 ${ns}이(가) 이 오브젝트보다 늦게 만들어졌거나 없다: \`kubectl apply -f .\`는 파일을 이름 순서대로 적용하므로, 네임스페이스를 같은 파일의 맨 앞이나 이름이 앞서는 파일(예: 00-namespace.yaml)에 두자.`,
        ` Namespace ${ns} was created after this object, or not at all: \`kubectl apply -f .\` applies files in name order, so put the Namespace first in the same file or in a file whose name sorts first (e.g. 00-namespace.yaml).`,
      )
    : text('', '');
  return fail(
    text(`API 서버가 ${o.object.kind} ${o.object.metadata.name}을(를) 거부했다: ${r.error.message.ko}.${more.ko}`, `the API server rejected ${o.object.kind} ${o.object.metadata.name}: ${r.error.message.en}.${more.en}`),
    r.error.fields.length > 0 ? r.error.fields.map((f) => o.at(f)) : [o.at(['metadata', 'namespace'])],
  );
}

/** The Service's port 80 and what its targetPort resolves to against the Deployment's containers. */
interface PortVerdict {
  ok: boolean;
  message: Text;
  at: SourcePosition[];
}

function judgePorts(s: SubmittedObject<Service>, d: SubmittedObject<Deployment> | undefined): PortVerdict {
  const ports = s.object.spec?.ports ?? [];
  const i = ports.findIndex((p: ServicePort) => p.port === SERVICE_PORT);
  const svc = s.object.metadata.name;
  if (i < 0) {
    const at = s.at(['spec', 'ports']);
    const have = ports.map((p) => p.port).join(', ');
    return {
      ok: false,
      message: text(`서비스 ${svc}에 포트 ${SERVICE_PORT}이(가) 없다 (${formatPosition(at)}; 지금 포트: ${have || '없음'}). 클라이언트는 포트 ${SERVICE_PORT}으로 부른다.`, `Service ${svc} has no port ${SERVICE_PORT} (${formatPosition(at)}; its ports: ${have || 'none'}); clients call port ${SERVICE_PORT}.`),
      at: [at],
    };
  }
  const port = ports[i]!;
  const target = port.targetPort;
  if (target === undefined) {
    const at = s.at(['spec', 'ports', i]);
    return {
      ok: false,
      message: text(
        `서비스 ${svc}의 포트 ${SERVICE_PORT}에 \`targetPort\`가 없어 기본값인 ${SERVICE_PORT}(\`port\`와 같은 값)으로 보낸다 (${formatPosition(at)}). 앱은 ${APP_PORT}에서 듣는다.`,
        `port ${SERVICE_PORT} of Service ${svc} has no \`targetPort\`, so it defaults to ${SERVICE_PORT} (the same as \`port\`) (${formatPosition(at)}); the app listens on ${APP_PORT}.`,
      ),
      at: [at],
    };
  }
  const at = s.at(['spec', 'ports', i, 'targetPort']);
  if (typeof target === 'number') {
    if (target === APP_PORT) return { ok: true, message: text(`서비스 ${svc}이(가) 포트 ${SERVICE_PORT}을 파드의 ${APP_PORT}으로 보낸다.`, `Service ${svc} sends port ${SERVICE_PORT} to the pods' ${APP_PORT}.`), at: [] };
    return {
      ok: false,
      message: text(`서비스 ${svc}의 \`targetPort\`가 ${target}이다 (${formatPosition(at)}): 앱은 ${APP_PORT}에서 듣는다.`, `the \`targetPort\` of Service ${svc} is ${target} (${formatPosition(at)}); the app listens on ${APP_PORT}.`),
      at: [at],
    };
  }
  const containers = d?.object.spec?.template?.spec?.containers ?? [];
  const named = containers.flatMap((c, ci) => (c.ports ?? []).map((p, pi) => ({ p, ci, pi }))).find((x) => x.p.name === target);
  if (!named) {
    const names = containers.flatMap((c) => (c.ports ?? []).map((p) => p.name).filter((n): n is string => !!n));
    return {
      ok: false,
      message: text(
        `서비스 ${svc}의 \`targetPort: ${target}\`(${formatPosition(at)})라는 이름의 컨테이너 포트가 파드에 없다 (있는 이름: ${names.join(', ') || '없음'}). 이름을 풀지 못한 포트로는 요청이 가지 않는다.`,
        `the pods have no container port named \`${target}\`, which Service ${svc} uses as \`targetPort\` (${formatPosition(at)}; names they have: ${names.join(', ') || 'none'}). Requests never reach a port whose name does not resolve.`,
      ),
      at: [at],
    };
  }
  if (named.p.containerPort === APP_PORT) {
    return { ok: true, message: text(`서비스 ${svc}이(가) 포트 ${SERVICE_PORT}을 이름이 ${target}인 컨테이너 포트 ${APP_PORT}으로 보낸다.`, `Service ${svc} sends port ${SERVICE_PORT} to container port ${target}, which is ${APP_PORT}.`), at: [] };
  }
  const cpAt = d!.at(['spec', 'template', 'spec', 'containers', named.ci, 'ports', named.pi, 'containerPort']);
  return {
    ok: false,
    message: text(
      `서비스 ${svc}의 \`targetPort: ${target}\`(${formatPosition(at)})는 컨테이너 포트 ${named.p.containerPort}(${formatPosition(cpAt)})을 가리킨다. \`containerPort\`는 앱이 듣는 포트를 바꾸지 않는다: 앱은 ${APP_PORT}에서 듣는다.`,
      `\`targetPort: ${target}\` of Service ${svc} (${formatPosition(at)}) names container port ${named.p.containerPort} (${formatPosition(cpAt)}). \`containerPort\` does not change the port the app listens on: it listens on ${APP_PORT}.`,
    ),
    at: [at, cpAt],
  };
}

/** When the Service is not in namespace shop: what that means for the check at hand. */
function wrongNamespace(s: SubmittedObject<Service>, consequence: Text): Outcome | undefined {
  const ns = nsOf(s.object);
  if (ns === NAMESPACE) return undefined;
  const at = s.object.metadata.namespace ? s.at(['metadata', 'namespace']) : s.at(['metadata']);
  return fail(
    text(
      `서비스 ${s.object.metadata.name}이(가) 네임스페이스 ${ns}에 있다 (${formatPosition(at)}${s.object.metadata.namespace ? '' : '; `metadata.namespace`가 없으면 default'}): ${consequence.ko}`,
      `Service ${s.object.metadata.name} is in namespace ${ns} (${formatPosition(at)}${s.object.metadata.namespace ? '' : '; without `metadata.namespace` it is default'}): ${consequence.en}`,
    ),
    [at],
  );
}

export default defineGrader({
  lab: 'expose-service',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [manifestHints.indentation, manifestHints.dryRun]),
    {
      id: 'pods-ready',
      title: text('네임스페이스 shop에서 shop-api 파드 2개가 Ready다', '2 shop-api pods are Ready in namespace shop'),
      points: 15,
      hints: [
        text('네임스페이스 오브젝트가 그 안에 만들 오브젝트보다 먼저 적용되어야 한다.', 'The Namespace object must be applied before the objects that live in it.'),
        text('`kubectl get pods -n shop`과 `kubectl describe pod -n shop <이름>`으로 파드를 살펴보자.', 'Look at the pods with `kubectl get pods -n shop` and `kubectl describe pod -n shop <name>`.'),
      ],
      async run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return missingObject(ctx, text('디플로이먼트(Deployment)', 'Deployment'), 'Deployment', 'apps/v1');
        const refused = await rejection(ctx, d);
        if (refused) return refused;
        const ns = nsOf(d.object);
        const { backend } = await ctx.cluster();
        const pods = await podsOfDeployment(backend, d.object.metadata.name!, ns);
        const ready = pods.filter(isRunningAndReady).length;
        const why = pods.map(podProblem).find((p) => p !== undefined);
        const msg = text(
          `네임스페이스 ${ns}에서 디플로이먼트 ${d.object.metadata.name}의 파드 ${pods.length}개 중 ${ready}개가 Ready다.${why ? ` ${why.ko}.` : ''}`,
          `in namespace ${ns}, ${ready} of the ${pods.length} pods of Deployment ${d.object.metadata.name} are Ready.${why ? ` ${why.en}.` : ''}`,
        );
        if (ns !== NAMESPACE) {
          const at = d.object.metadata.namespace ? d.at(['metadata', 'namespace']) : d.at(['metadata']);
          return fail(text(`${msg.ko} 디플로이먼트는 네임스페이스 ${NAMESPACE}에 있어야 한다 (${formatPosition(at)}).`, `${msg.en} The Deployment belongs in namespace ${NAMESPACE} (${formatPosition(at)}).`), [at]);
        }
        if (ready === REPLICAS) return pass(msg);
        return partial(Math.max(0, REPLICAS - Math.abs(ready - REPLICAS)), REPLICAS, msg, [why ? d.at(['spec', 'template', 'spec', 'containers', 0]) : d.at(['spec', 'replicas'])]);
      },
    },
    {
      id: 'service-ports',
      title: text('서비스가 포트 80을 앱이 듣는 8080으로 보낸다 (targetPort)', "The Service sends port 80 to the app's 8080 (targetPort)"),
      points: 15,
      hints: [
        text('`port`는 클라이언트가 서비스에 부르는 포트, `targetPort`는 요청이 가는 파드의 포트다. `targetPort`를 생략하면 `port`와 같아진다.', '`port` is what clients call on the Service, `targetPort` the pod port the request goes to; without `targetPort` it equals `port`.'),
        text('이름으로 쓴 `targetPort`는 컨테이너의 `ports[].name`과 정확히 같아야 한다.', 'A named `targetPort` must equal a container\'s `ports[].name` exactly.'),
      ],
      run(ctx) {
        const s = serviceOf(ctx);
        if (!s) return missingObject(ctx, text('서비스', 'Service'), 'Service', 'v1');
        const v = judgePorts(s, deploymentOf(ctx));
        return v.ok ? pass(v.message) : fail(v.message, v.at);
      },
    },
    {
      id: 'endpoints-ready',
      title: text('서비스가 준비된 파드 2개를 엔드포인트로 가진다', 'The Service has the 2 ready pods as endpoints'),
      points: 15,
      hints: [
        text('서비스는 자기와 같은 네임스페이스의 파드만 고른다.', 'A Service only selects pods in its own namespace.'),
        text('`kubectl get endpointslices -n shop -l kubernetes.io/service-name=shop-api`로 엔드포인트를 볼 수 있다.', '`kubectl get endpointslices -n shop -l kubernetes.io/service-name=shop-api` shows the endpoints.'),
      ],
      async run(ctx) {
        const s = serviceOf(ctx);
        if (!s) return missingObject(ctx, text('서비스', 'Service'), 'Service', 'v1');
        const refused = await rejection(ctx, s);
        if (refused) return refused;
        const elsewhere = wrongNamespace(s, text(`서비스는 자기 네임스페이스의 파드만 고르는데, 파드는 ${NAMESPACE}에 있다.`, `a Service selects pods in its own namespace only, and the pods are in ${NAMESPACE}.`));
        if (elsewhere) return elsewhere;
        const { backend } = await ctx.cluster();
        const endpoints = await readyEndpoints(backend, s.object.metadata.name!, NAMESPACE);
        const msg = text(`서비스 ${s.object.metadata.name}의 준비된 엔드포인트가 ${endpoints.length}개다 (기대 ${REPLICAS}개).`, `Service ${s.object.metadata.name} has ${endpoints.length} ready endpoint(s) (expected ${REPLICAS}).`);
        if (endpoints.length === REPLICAS) return pass(msg);
        const d = deploymentOf(ctx);
        const labels = d?.object.spec?.template?.metadata?.labels;
        if (endpoints.length === 0 && d && !matchesLabelMap(s.object.spec?.selector, labels)) {
          const at = s.at(['spec', 'selector']);
          return fail(
            text(
              `${msg.ko} 셀렉터(${formatLabels(s.object.spec?.selector) || '없음'}, ${formatPosition(at)})가 파드 레이블(${formatLabels(labels)})과 맞지 않는다.`,
              `${msg.en} Its selector (${formatLabels(s.object.spec?.selector) || 'none'}, ${formatPosition(at)}) does not match the pod labels (${formatLabels(labels)}).`,
            ),
            [at],
          );
        }
        const pods = d ? (await podsOfDeployment(backend, d.object.metadata.name!, NAMESPACE)).filter(isRunningAndReady).length : 0;
        const context = text(` 디플로이먼트 ${d?.object.metadata.name ?? NAME}의 Ready 파드는 ${pods}개다.`, ` Deployment ${d?.object.metadata.name ?? NAME} has ${pods} Ready pod(s).`);
        return partial(Math.max(0, REPLICAS - Math.abs(endpoints.length - REPLICAS)), REPLICAS, text(msg.ko + context.ko, msg.en + context.en));
      },
    },
    {
      id: 'dns-resolves',
      title: text('네임스페이스 default에서 shop-api.shop.svc.cluster.local이 서비스 IP로 풀린다', "From namespace default, shop-api.shop.svc.cluster.local resolves to the Service's IP"),
      points: 20,
      hints: [
        text('서비스의 DNS 이름은 `<서비스>.<네임스페이스>.svc.cluster.local`이다. 서비스 이름과 네임스페이스가 모두 맞아야 한다.', "A Service's DNS name is `<service>.<namespace>.svc.cluster.local`: both the Service's name and its namespace must be right."),
        text('다른 네임스페이스의 파드에서는 짧은 이름 `shop-api`가 풀리지 않는다. 적어도 `shop-api.shop`까지 써야 한다.', 'From a pod in another namespace the short name `shop-api` does not resolve; write at least `shop-api.shop`.'),
      ],
      async run(ctx) {
        const { backend } = await ctx.cluster();
        if (!(backend instanceof SimBackend)) return skip(text('DNS 조회는 시뮬레이터에서만 검사한다.', 'the DNS lookup is checked on the simulator only.'));
        const s = serviceOf(ctx);
        if (!s) return missingObject(ctx, text('서비스', 'Service'), 'Service', 'v1');
        const records = backend.cluster.resolve(FQDN, CLIENT_NAMESPACE);
        const svc = await backend.get<Service>('Service', NAME, NAMESPACE);
        const ip = svc?.spec?.clusterIP;
        const short = backend.cluster.resolve(NAME, CLIENT_NAMESPACE);
        if (records.length > 0 && (ip === 'None' || (ip !== undefined && records.includes(ip)))) {
          return pass(
            text(
              `네임스페이스 ${CLIENT_NAMESPACE}의 파드에서 ${FQDN}이(가) ${records.join(', ')}(으)로 풀린다.${short.length === 0 ? ` (짧은 이름 ${NAME}은(는) 그 네임스페이스에서 풀리지 않는다.)` : ''}`,
              `from a pod in namespace ${CLIENT_NAMESPACE}, ${FQDN} resolves to ${records.join(', ')}.${short.length === 0 ? ` (The short name ${NAME} does not resolve from there.)` : ''}`,
            ),
          );
        }
        const refused = await rejection(ctx, s);
        if (refused) return refused;
        const elsewhere = wrongNamespace(
          s,
          text(`그래서 ${FQDN}은(는) 아무 주소로도 풀리지 않는다 (NXDOMAIN). 이 서비스의 이름은 ${s.object.metadata.name}.${nsOf(s.object)}.svc.cluster.local이다.`, `so ${FQDN} resolves to nothing (NXDOMAIN). This Service's name is ${s.object.metadata.name}.${nsOf(s.object)}.svc.cluster.local.`),
        );
        if (elsewhere) return elsewhere;
        const at = s.at(['metadata', 'name']);
        return fail(
          text(`네임스페이스 ${CLIENT_NAMESPACE}에서 ${FQDN}이(가) 풀리지 않는다 (NXDOMAIN): 네임스페이스 ${NAMESPACE}에 서비스 ${NAME}이(가) 없다 (${formatPosition(at)}).`, `from namespace ${CLIENT_NAMESPACE}, ${FQDN} does not resolve (NXDOMAIN): there is no Service ${NAME} in namespace ${NAMESPACE} (${formatPosition(at)}).`),
          [at],
        );
      },
    },
    {
      id: 'traffic-succeeds',
      title: text('서비스로 보낸 요청이 하나도 실패하지 않는다', 'No request sent to the Service fails'),
      points: 25,
      hints: [
        text('엔드포인트가 준비되어 있어도 `targetPort`가 앱이 듣는 포트와 다르면 요청은 모두 실패한다.', 'Even with ready endpoints, every request fails when `targetPort` is not the port the app listens on.'),
      ],
      async run(ctx) {
        const run = await ctx.scenario();
        const sim = run.sim;
        if (!sim) return simulatorOnly(text('트래픽 시나리오', 'the traffic scenario'));
        await run.advance('30s');
        sim.setTraffic({ service: NAME, namespace: NAMESPACE, rps: RPS, port: SERVICE_PORT });
        await run.advance(`${TRAFFIC_SECONDS}s`);
        const t = sim.traffic.totalsFor(NAMESPACE, NAME);
        const msg = text(
          `t=30초부터 ${TRAFFIC_SECONDS}초 동안 http://${FQDN}:${SERVICE_PORT}(으)로 초당 ${RPS}개씩 보낸 요청 ${t.requests}개 중 ${t.ok}개가 성공하고 ${t.failed}개가 실패했다.`,
          `of ${t.requests} requests sent to http://${FQDN}:${SERVICE_PORT} at ${RPS} a second for ${TRAFFIC_SECONDS} s from t=30 s, ${t.ok} succeeded and ${t.failed} failed.`,
        );
        if (t.requests > 0 && t.failed === 0) return pass(msg);
        const s = serviceOf(ctx);
        const why = s ? (nsOf(s.object) !== NAMESPACE ? { ok: false, message: text(`서비스 ${s.object.metadata.name}이(가) 네임스페이스 ${nsOf(s.object)}에 있다.`, `Service ${s.object.metadata.name} is in namespace ${nsOf(s.object)}.`), at: [s.object.metadata.namespace ? s.at(['metadata', 'namespace']) : s.at(['metadata'])] } : judgePorts(s, deploymentOf(ctx))) : undefined;
        const detail = why && !why.ok ? why : undefined;
        return partial(t.ok, t.requests, detail ? text(`${msg.ko} ${detail.message.ko}`, `${msg.en} ${detail.message.en}`) : msg, detail?.at ?? []);
      },
    },
  ],
});
