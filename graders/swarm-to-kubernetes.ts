/**
 * Grader of the lab "swarm-to-kubernetes": a Docker Swarm stack (Compose file) moved to Kubernetes.
 * What each Swarm setting means, and what it becomes (Compose file reference, docs.docker.com
 * reference/compose-file/deploy and services#healthcheck; Swarm routing mesh, engine/swarm/ingress):
 * - `deploy.replicas` → `spec.replicas`;
 * - `ports: "80:8080"` published through the routing mesh (every node's port 80) → a Service of type
 *   NodePort or LoadBalancer with port 80 and targetPort 8080;
 * - the service name `api` on the overlay network → a Service named `api` (cluster DNS);
 * - `healthcheck` interval/timeout/retries → a readinessProbe's periodSeconds/timeoutSeconds/failureThreshold
 *   (Swarm sends no traffic to a task before it is healthy);
 * - `update_config` order start-first, parallelism 1 → RollingUpdate maxSurge 1, maxUnavailable 0;
 * - `resources.reservations`/`limits` → `requests`/`limits` (Docker's M is MiB).
 *
 * One scenario, shared by the checks: the submission runs 40 s; then 200 requests a second go to the
 * web Service's port 80; at t=60 s the grader looks up the name in web's API_URL from web's namespace
 * and sets web's image to shop/web:2.1 (as `kubectl set image` does), and watches 90 s more.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Container, Service } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, missingObject, partial, pass, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, ScenarioRun, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { namespaceOf, readyEndpoints } from '../src/grading/queries.ts';
import { judgeReadinessProbe } from '../src/grading/readiness.ts';
import { capacityLoss, imageNotSet, setImage, strategyAt } from '../src/grading/rollout.ts';
import { containerRunningOrFirst, deploymentRunning, serviceSelecting } from '../src/grading/submitted.ts';
import { describeOutage, failedRequests, lastSecond, shareForFailureRate, sumTraffic, zeroDowntimeShare, type TrafficSecond } from '../src/grading/traffic.ts';
import { bytes, milliCpu } from '../src/kube/quantity.ts';

const WEB_IMAGE = 'shop/web';
const API_IMAGE = 'shop/api';
const NEW_IMAGE = 'shop/web:2.1';
const REPLICAS = { web: 4, api: 2 };
const APP_PORT = 8080;
const PUBLISHED_PORT = 80;
const API_URL = 'http://api:5000';
const TRAFFIC_AT = 40;
const ROLLOUT_AT = 60;
const WATCH = 90;
const END = ROLLOUT_AT + WATCH;
const RPS = 200;
/** The healthcheck's interval, timeout and retries, as the probe fields they become. */
const HEALTHCHECK = [
  { field: 'periodSeconds', swarm: 'interval: 5s', want: 5, fallback: 10 },
  { field: 'timeoutSeconds', swarm: 'timeout: 2s', want: 2, fallback: 1 },
  { field: 'failureThreshold', swarm: 'retries: 3', want: 3, fallback: 3 },
] as const;
/** reservations and limits: cpus 0.25/0.5 and memory 128M/256M (MiB in Docker's units). */
const RESOURCES = [
  { path: ['requests', 'cpu'], swarm: 'reservations.cpus: "0.25"', want: 250, read: milliCpu, shown: '250m' },
  { path: ['requests', 'memory'], swarm: 'reservations.memory: 128M', want: 128 * 2 ** 20, read: bytes, shown: '128Mi' },
  { path: ['limits', 'cpu'], swarm: 'limits.cpus: "0.5"', want: 500, read: milliCpu, shown: '500m' },
  { path: ['limits', 'memory'], swarm: 'limits.memory: 256M', want: 256 * 2 ** 20, read: bytes, shown: '256Mi' },
] as const;

interface Observed {
  run: ScenarioRun;
  web?: SubmittedObject<Deployment>;
  api?: SubmittedObject<Deployment>;
  service?: SubmittedObject<Service>;
  traffic: Sample<TrafficSecond>[];
  endpoints: Sample<number>[];
  /** What the host in web's API_URL resolves to from web's namespace, at t=ROLLOUT_AT. */
  apiLookup?: { host: string; port: number; addresses: string[]; readyEndpoints: number };
  /** web as stored before its image was set (defaults filled in). */
  stored?: Deployment;
  setImageError?: Text;
  /** web at the end of the scenario. */
  final?: Deployment;
}

const webOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => deploymentRunning(ctx, WEB_IMAGE, 'web');
const apiOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => deploymentRunning(ctx, API_IMAGE, 'api');
const webText = text('디플로이먼트(Deployment) web', 'Deployment web');
const apiText = text('디플로이먼트(Deployment) api', 'Deployment api');

function apiUrlOf(c: Container | undefined): { value?: string; i: number } {
  const i = (c?.env ?? []).findIndex((e) => e.name === 'API_URL');
  return { ...(i >= 0 && c!.env![i]!.value !== undefined ? { value: c!.env![i]!.value! } : {}), i };
}

async function migrate(ctx: CheckContext): Promise<Observed> {
  const run = await ctx.scenario();
  const web = webOf(ctx);
  const api = apiOf(ctx);
  const service = serviceSelecting(ctx, web, 'web');
  const ns = web ? namespaceOf(web.object) : 'default';
  const svc = service?.object.metadata.name ?? 'web';
  const sim = run.sim;
  await run.probe('traffic', () => lastSecond(sim, ns, svc));
  await run.probe('endpoints', async (b) => (await readyEndpoints(b, svc, ns)).length);
  const observed: Observed = { run, ...(web ? { web } : {}), ...(api ? { api } : {}), ...(service ? { service } : {}), traffic: run.timeline('traffic'), endpoints: run.timeline('endpoints') };
  if (!sim) return observed;
  await run.advance(`${TRAFFIC_AT}s`);
  if (service) sim.setTraffic({ service: svc, namespace: ns, rps: RPS, port: PUBLISHED_PORT });
  await run.advance(`${ROLLOUT_AT - TRAFFIC_AT}s`);
  const url = web ? apiUrlOf(containerRunningOrFirst(web, WEB_IMAGE).c).value : undefined;
  const parsed = url ? /^https?:\/\/([^/:]+)(?::(\d+))?/.exec(url) : null;
  if (parsed) {
    const host = parsed[1]!;
    const service = host.split('.')[0]!;
    const serviceNs = host.split('.')[1] ?? ns;
    observed.apiLookup = { host, port: Number(parsed[2] ?? 80), addresses: sim.resolve(host, ns), readyEndpoints: (await readyEndpoints(run.backend, service, serviceNs)).length };
  }
  if (web) {
    const { stored, error } = await setImage(run, web.object.metadata.name!, ns, containerRunningOrFirst(web, WEB_IMAGE).c.name, NEW_IMAGE);
    if (stored) observed.stored = stored;
    if (error) observed.setImageError = error;
  }
  await run.advance(`${WATCH}s`);
  const final = web ? await run.backend.get<Deployment>('Deployment', web.object.metadata.name!, ns) : undefined;
  if (final) observed.final = final;
  return observed;
}

/** The scenario, run once per submission; every check reads the same timeline. */
const observe = perSubmission(migrate);

async function scenarioWeb(ctx: CheckContext, scenario: Text): Promise<{ o: Observed; d: SubmittedObject<Deployment> } | Outcome> {
  const o = await observe(ctx);
  if (!o.run.sim) return simulatorOnly(scenario);
  const d = acceptedObject(ctx, o.run.applied, o.web, webText, 'Deployment', 'apps/v1');
  return isOutcome(d) ? d : { o, d };
}

/** Positions without repeats (several missing fields are all marked where their parent is). */
const unique = (at: SourcePosition[]): SourcePosition[] => at.filter((p, i) => at.findIndex((q) => formatPosition(q) === formatPosition(p)) === i);

const between = <T>(samples: readonly Sample<T>[], from: number, to: number): Sample<T>[] => samples.filter((s) => s.t > from && s.t <= to);

/** Why requests to port 80 of the web Service fail: no such port, or a targetPort that misses the app. */
function whyNoAnswer(service: SubmittedObject<Service>, web: SubmittedObject<Deployment>): { why: Text; at: SourcePosition } | undefined {
  const ports = service.object.spec?.ports ?? [];
  const i = ports.findIndex((p) => p.port === PUBLISHED_PORT);
  if (i < 0) {
    const at = service.at(['spec', 'ports']);
    return { why: text(`서비스 ${service.object.metadata.name}에 포트 ${PUBLISHED_PORT}이(가) 없다 (${formatPosition(at)}): Swarm은 80번으로 게시했다.`, `Service ${service.object.metadata.name} has no port ${PUBLISHED_PORT} (${formatPosition(at)}); Swarm published port 80.`), at };
  }
  const target = ports[i]!.targetPort ?? PUBLISHED_PORT;
  const c = containerRunningOrFirst(web, WEB_IMAGE).c;
  const resolved = typeof target === 'string' ? c.ports?.find((p) => p.name === target)?.containerPort : target;
  if (resolved !== APP_PORT) {
    const at = service.at(['spec', 'ports', i, ...(ports[i]!.targetPort !== undefined ? ['targetPort'] : [])]);
    return { why: text(`포트 ${PUBLISHED_PORT}의 targetPort가 ${String(target)}(으)로 풀린다 (${formatPosition(at)}): 컨테이너는 ${APP_PORT}에서 듣는다("80:8080"의 오른쪽).`, `port ${PUBLISHED_PORT}'s targetPort resolves to ${String(resolved ?? target)} (${formatPosition(at)}); the container listens on ${APP_PORT} (the right side of "80:8080").`), at };
  }
  return undefined;
}

export default defineGrader({
  lab: 'swarm-to-kubernetes',
  settle: `${TRAFFIC_AT}s`,
  checks: [
    manifestsValidCheck(10, [
      text('스택 파일(Compose)은 쿠버네티스 매니페스트가 아니다: `services:` 대신 `apiVersion`과 `kind`가 있는 오브젝트를 쓰고, 여러 오브젝트는 `---`로 나눈다.', 'A stack file (Compose) is not a Kubernetes manifest: write objects with `apiVersion` and `kind` instead of `services:`, separated by `---`.'),
    ]),
    {
      id: 'replicas',
      title: text('web이 4개, api가 2개 레플리카로 돈다', 'web runs 4 replicas and api 2'),
      points: 10,
      hints: [text('`deploy.replicas`는 디플로이먼트의 `spec.replicas`가 된다. 쓰지 않으면 1이다.', '`deploy.replicas` becomes the Deployment\'s `spec.replicas`; it defaults to 1.')],
      run(ctx) {
        const problems: { ko: string; en: string; at?: SourcePosition }[] = [];
        for (const [name, d] of [['web', webOf(ctx)], ['api', apiOf(ctx)]] as const) {
          const want = REPLICAS[name];
          if (!d) {
            problems.push({ ko: `${name === 'web' ? WEB_IMAGE : API_IMAGE}을(를) 돌리는 디플로이먼트가 없다`, en: `no Deployment runs ${name === 'web' ? WEB_IMAGE : API_IMAGE}` });
            continue;
          }
          const got = d.object.spec?.replicas;
          if (got !== want) {
            const at = d.at(got === undefined ? ['spec'] : ['spec', 'replicas']);
            problems.push({ ko: `디플로이먼트 ${d.object.metadata.name}의 레플리카가 ${got ?? '1(기본값)'}이다 (${formatPosition(at)}): 스택은 ${want}`, en: `Deployment ${d.object.metadata.name} has ${got ?? '1 (the default)'} replica(s) (${formatPosition(at)}); the stack has ${want}`, at });
          }
        }
        if (problems.length === 0) return pass(text(`web ${REPLICAS.web}개, api ${REPLICAS.api}개: 스택과 같다.`, `web ${REPLICAS.web}, api ${REPLICAS.api}: as in the stack.`));
        return partial(2 - problems.length, 2, text(problems.map((p) => p.ko).join('. ') + '.', problems.map((p) => p.en).join('. ') + '.'), problems.flatMap((p) => (p.at ? [p.at] : [])));
      },
    },
    {
      id: 'web-published',
      title: text('web이 클러스터 밖에 포트 80으로 게시되고 요청에 답한다', 'web is published outside the cluster on port 80 and answers requests'),
      points: 15,
      hints: [
        text('Swarm의 게시 포트는 라우팅 메시로 모든 노드에 열린다. 쿠버네티스에서는 type NodePort(모든 노드의 포트) 또는 LoadBalancer(클라우드의 로드 밸런서) 서비스가 같은 일을 한다.', "Swarm's published port is open on every node through the routing mesh; on Kubernetes a Service of type NodePort (a port on every node) or LoadBalancer (the cloud's load balancer) does the same."),
        text('`\"80:8080\"`은 게시 포트:컨테이너 포트다. 서비스의 `port`는 80, `targetPort`는 8080이다.', '`"80:8080"` is published:container; the Service\'s `port` is 80 and its `targetPort` 8080.'),
      ],
      async run(ctx) {
        const r = await scenarioWeb(ctx, text('트래픽 시나리오', 'the traffic scenario'));
        if (isOutcome(r)) return r;
        const { o, d } = r;
        if (!o.service) return missingObject(ctx, text('web의 파드를 고르는 서비스', 'Service selecting the web pods'), 'Service', 'v1');
        const s = acceptedObject(ctx, o.run.applied, o.service, text('서비스 web', 'Service web'), 'Service', 'v1');
        if (isOutcome(s)) return s;
        const sum = sumTraffic(between(o.traffic, TRAFFIC_AT, ROLLOUT_AT));
        const served = failedRequests(s.object.metadata.name!, TRAFFIC_AT, ROLLOUT_AT, sum);
        const type = s.object.spec?.type ?? 'ClusterIP';
        const published = type === 'NodePort' || type === 'LoadBalancer';
        const typeAt = s.at(s.object.spec?.type ? ['spec', 'type'] : ['spec']);
        const typeNote = published
          ? text('', '')
          : text(` 서비스 type이 ${type}이라 클러스터 안에서만 닿는다 (${formatPosition(typeAt)}): NodePort나 LoadBalancer로 게시하자.`, ` The Service is of type ${type}, reachable from inside the cluster only (${formatPosition(typeAt)}); publish it as NodePort or LoadBalancer.`);
        const share = shareForFailureRate(sum.rate) * (published ? 1 : 0.5);
        const cause = sum.failed > 0 ? whyNoAnswer(s, d) : undefined;
        const msg = text(`포트 ${PUBLISHED_PORT}(으)로 ${served.ko}.${cause ? ` ${cause.why.ko}` : ''}${typeNote.ko}`, `on port ${PUBLISHED_PORT}, ${served.en}.${cause ? ` ${cause.why.en}` : ''}${typeNote.en}`);
        const at = [...(cause ? [cause.at] : []), ...(published ? [] : [typeAt])];
        return share >= 1 ? pass(msg) : partial(share, 1, msg, at);
      },
    },
    {
      id: 'api-by-name',
      title: text('web에서 http://api:5000이 api 파드에 닿는다', 'http://api:5000 reaches the api pods from web'),
      points: 15,
      hints: [
        text('Swarm의 서비스 이름은 쿠버네티스에서 서비스 이름이다. 이름이 `api`이고 `port: 5000`인 서비스가 api 파드를 고르면 `http://api:5000`이 그대로 동작한다.', 'A Swarm service name is a Service name on Kubernetes: a Service named `api` with `port: 5000` selecting the api pods makes `http://api:5000` work unchanged.'),
      ],
      async run(ctx) {
        const r = await scenarioWeb(ctx, text('이름 조회 시나리오', 'the name lookup scenario'));
        if (isOutcome(r)) return r;
        const { o, d } = r;
        const { c, i } = containerRunningOrFirst(d, WEB_IMAGE);
        const env = apiUrlOf(c);
        const base = ['spec', 'template', 'spec', 'containers', i];
        if (env.value !== API_URL) {
          const at = d.at(env.i >= 0 ? [...base, 'env', env.i] : [...base]);
          return fail(text(`web 컨테이너의 API_URL이 ${env.value ?? '없다'}${env.value ? '이다' : ''} (${formatPosition(at)}): 스택대로 ${API_URL}을(를) 두자.`, `the web container's API_URL is ${env.value ?? 'missing'} (${formatPosition(at)}); keep ${API_URL} as in the stack.`), [at]);
        }
        const api = acceptedObject(ctx, o.run.applied, o.api, apiText, 'Deployment', 'apps/v1');
        if (isOutcome(api)) return api;
        const lookup = o.apiLookup;
        const named = ctx.objects<Service>('Service').find((s) => s.object.metadata.name === 'api');
        if (!lookup || lookup.addresses.length === 0) {
          const other = serviceSelecting(ctx, api, 'api');
          const at = other ? other.at(['metadata', 'name']) : undefined;
          return fail(
            text(
              `web의 네임스페이스에서 이름 api가 풀리지 않는다.${other ? ` api 파드를 고르는 서비스의 이름은 ${other.object.metadata.name}이다 (${formatPosition(at!)}): 클러스터 DNS 이름은 서비스 이름에서 나온다.` : ' api라는 서비스가 없다.'}`,
              `the name api does not resolve from web's namespace.${other ? ` The Service selecting the api pods is named ${other.object.metadata.name} (${formatPosition(at!)}); cluster DNS names come from Service names.` : ' There is no Service named api.'}`,
            ),
            at ? [at] : [],
          );
        }
        const port = named?.object.spec?.ports?.findIndex((p) => p.port === lookup.port) ?? -1;
        if (named && port < 0) {
          const at = named.at(['spec', 'ports']);
          return fail(text(`서비스 api에 포트 ${lookup.port}이(가) 없다 (${formatPosition(at)}).`, `Service api has no port ${lookup.port} (${formatPosition(at)}).`), [at]);
        }
        if (lookup.readyEndpoints === 0) {
          const at = named ? named.at(['spec', 'selector']) : api.at(['metadata']);
          return fail(text(`api가 ${lookup.addresses.join(', ')}(으)로 풀리지만 서비스 api에 Ready인 엔드포인트가 없다: 셀렉터가 api 파드의 레이블과 맞는지 보자 (${formatPosition(at)}).`, `api resolves to ${lookup.addresses.join(', ')} but Service api has no ready endpoint: check that its selector matches the api pods' labels (${formatPosition(at)}).`), [at]);
        }
        return pass(text(`web의 네임스페이스에서 api가 ${lookup.addresses.join(', ')}(으)로 풀리고, 서비스 api에 Ready인 엔드포인트가 ${lookup.readyEndpoints}개다.`, `from web's namespace, api resolves to ${lookup.addresses.join(', ')}, and Service api has ${lookup.readyEndpoints} ready endpoint(s).`));
      },
    },
    {
      id: 'healthcheck-probe',
      title: text('헬스체크가 같은 주기, 제한 시간, 재시도 횟수의 readinessProbe가 된다', 'The healthcheck becomes a readinessProbe with the same interval, timeout and retries'),
      points: 15,
      hints: [
        text('`interval`은 `periodSeconds`, `timeout`은 `timeoutSeconds`, `retries`는 `failureThreshold`가 된다. 기본값은 10초, 1초, 3번이다.', '`interval` becomes `periodSeconds`, `timeout` `timeoutSeconds`, `retries` `failureThreshold`; their defaults are 10 s, 1 s and 3.'),
        text('Swarm은 건강하지 않은 태스크를 바꾸기도 한다. 같은 검사를 livenessProbe로도 두면 그 동작까지 옮긴다(채점하지 않는다).', 'Swarm also replaces an unhealthy task; the same check as a livenessProbe carries that over too (not graded).'),
      ],
      run(ctx) {
        const d = webOf(ctx);
        if (!d) return missingObject(ctx, webText, 'Deployment', 'apps/v1');
        const { c, i } = containerRunningOrFirst(d, WEB_IMAGE);
        const judged = judgeReadinessProbe(d, i, c, { port: APP_PORT, healthPaths: ['/healthz'] });
        if (judged.fraction < 1) return judged;
        const probe = c.readinessProbe as Record<string, number | undefined>;
        const off = HEALTHCHECK.filter((h) => (probe[h.field] ?? h.fallback) !== h.want);
        if (off.length === 0) return pass(text(`${judged.message.ko} 주기 5초, 제한 시간 2초, 실패 3번으로 헬스체크와 같다.`, `${judged.message.en} Every 5 s, 2 s timeout, 3 failures: as the healthcheck.`));
        const base = ['spec', 'template', 'spec', 'containers', i, 'readinessProbe'];
        const at = off.map((h) => d.at(probe[h.field] === undefined ? base : [...base, h.field]));
        const list = off.map((h, k) => `${h.field} ${probe[h.field] ?? `${h.fallback}`} (${h.swarm} → ${h.want}, ${formatPosition(at[k]!)})`).join(', ');
        return partial(HEALTHCHECK.length - off.length, HEALTHCHECK.length, text(`${judged.message.ko} 헬스체크와 다른 값: ${list}.`, `${judged.message.en} Values unlike the healthcheck: ${list}.`), unique(at));
      },
    },
    {
      id: 'start-first-update',
      title: text('web의 업데이트가 start-first처럼 Ready 파드 4개를 지키고 요청을 잃지 않는다', "web's update keeps 4 Ready pods and loses no request, like start-first"),
      points: 25,
      hints: [
        text('`order: start-first`, `parallelism: 1`은 `strategy.rollingUpdate`의 `maxSurge: 1`, `maxUnavailable: 0`이다. 기본값 25%는 파드 4개에서 하나를 먼저 내린다(stop-first).', '`order: start-first` with `parallelism: 1` is `maxSurge: 1`, `maxUnavailable: 0` under `strategy.rollingUpdate`; the default 25% takes one of 4 pods down first (stop-first).'),
        text('새 파드가 Ready가 되는 시점은 readinessProbe가 정한다. 프로브가 없으면 앱이 포트를 열기 전에 트래픽을 받는다.', 'The readinessProbe decides when a new pod is Ready; without one it gets traffic before the app opens its port.'),
      ],
      async run(ctx) {
        const r = await scenarioWeb(ctx, text('업데이트 시나리오', 'the update scenario'));
        if (isOutcome(r)) return r;
        const { o, d } = r;
        if (!o.service) return missingObject(ctx, text('web의 파드를 고르는 서비스', 'Service selecting the web pods'), 'Service', 'v1');
        if (o.setImageError) return imageNotSet(d, o.setImageError);
        const done = o.final?.status?.updatedReplicas === REPLICAS.web && o.final.status.availableReplicas === REPLICAS.web && (o.final.status.replicas ?? 0) === REPLICAS.web;
        if (!done) {
          const st = o.final?.status ?? {};
          return fail(text(`t=${END}초에도 업데이트가 끝나지 않았다 (새 이미지 ${st.updatedReplicas ?? 0}개, 사용 가능 ${st.availableReplicas ?? 0}개).`, `the update had not finished by t=${END} s (${st.updatedReplicas ?? 0} on the new image, ${st.availableReplicas ?? 0} available).`), [d.at(['spec'])]);
        }
        const during = between(o.traffic, ROLLOUT_AT, END);
        const { share, outage, outageSeconds } = zeroDowntimeShare(during);
        const fewest = Math.min(...between(o.endpoints, ROLLOUT_AT, END).map((s) => s.value));
        const at = strategyAt(d);
        const loss = fewest < REPLICAS.web && o.stored ? capacityLoss(o.stored, at) : undefined;
        const capacity = fewest >= REPLICAS.web ? 1 : 0.5;
        const sum = failedRequests(o.service?.object.metadata.name ?? 'web', ROLLOUT_AT, END, sumTraffic(during));
        const down = outage ? describeOutage(outage.t, outageSeconds) : undefined;
        const { c } = containerRunningOrFirst(d, WEB_IMAGE);
        const unprobed =
          share < 1 && !c.readinessProbe
            ? text(' 컨테이너 web에 readinessProbe가 없어, 새 파드는 앱이 포트를 열기 전에 Ready가 되어 트래픽을 받는다.', ' The web container has no readinessProbe, so new pods turn Ready and get traffic before the app opens its port.')
            : undefined;
        const msg = text(
          `업데이트 동안 Ready 엔드포인트가 가장 적을 때 ${fewest}개였고, ${sum.ko}.${down ? ` ${down.ko}.` : ''}${loss?.ko ?? ''}${unprobed?.ko ?? ''}`,
          `during the update the ready endpoints went as low as ${fewest}, and ${sum.en}.${down ? ` ${down.en}.` : ''}${loss?.en ?? ''}${unprobed?.en ?? ''}`,
        );
        const fraction = share * capacity;
        return fraction >= 1 ? pass(msg) : partial(fraction, 1, msg, [at]);
      },
    },
    {
      id: 'resources',
      title: text('reservations와 limits가 requests와 limits가 된다', 'reservations and limits become requests and limits'),
      points: 10,
      hints: [text('`cpus: "0.25"`는 `cpu: 250m`, Docker의 `128M`은 `128Mi`다(2의 거듭제곱 단위). `reservations`는 `requests`, `limits`는 `limits`다.', '`cpus: "0.25"` is `cpu: 250m`, and Docker\'s `128M` is `128Mi` (a power-of-two unit); `reservations` are `requests`, `limits` are `limits`.')],
      run(ctx) {
        const d = webOf(ctx);
        if (!d) return missingObject(ctx, webText, 'Deployment', 'apps/v1');
        const { c, i } = containerRunningOrFirst(d, WEB_IMAGE);
        const base = ['spec', 'template', 'spec', 'containers', i, 'resources'];
        const res = (c.resources ?? {}) as Record<string, Record<string, string | number> | undefined>;
        const off = RESOURCES.filter((r) => {
          const got = r.read(res[r.path[0]]?.[r.path[1]]);
          // 128M (decimal) is 4.6 % short of 128Mi: close enough to count, as a reader converting units would.
          return got === undefined || Math.abs(got - r.want) > r.want * 0.05;
        });
        if (off.length === 0) return pass(text('requests 250m/128Mi, limits 500m/256Mi: 스택의 reservations, limits와 같다.', 'requests 250m/128Mi and limits 500m/256Mi: the stack\'s reservations and limits.'));
        const at = off.map((r) => d.at(res[r.path[0]]?.[r.path[1]] !== undefined ? [...base, ...r.path] : res[r.path[0]] ? [...base, r.path[0]] : c.resources ? base : base.slice(0, -1)));
        const list = off.map((r, k) => `${r.path.join('.')} ${String(res[r.path[0]]?.[r.path[1]] ?? '—')} (${r.swarm} → ${r.shown}, ${formatPosition(at[k]!)})`).join(', ');
        return partial(RESOURCES.length - off.length, RESOURCES.length, text(`스택과 다른 자원 설정: ${list}.`, `resources unlike the stack: ${list}.`), unique(at));
      },
    },
  ],
});
