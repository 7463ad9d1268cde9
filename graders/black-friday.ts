/**
 * Grader of the capstone lab "black-friday": the shop of module 13 in namespace shop, Deployment web
 * (shop/web) behind Service web with an HPA and a PodDisruptionBudget, Deployment order (shop/order),
 * and a database db (postgres) behind Service db that both apps reach by the DNS name in DB_HOST.
 * One scenario on the simulator, shared by every check, plays the four situations of the lesson:
 *
 *   t=20 s   200 requests a second to Service web;
 *   t=40 s   ten times as many (situation 1: the HPA must scale web out);
 *   t=110 s  the apps' view of the database is taken (situation 4: DB_HOST resolved from each app
 *            pod's namespace, the password compared with the database's), then the node with the
 *            most web pods fails (situation 2: it stops reporting; its pods keep getting requests
 *            until the node lifecycle controller marks them not ready, about 50 s later);
 *   t=255 s  the image of web is set to shop/web:2.1 as `kubectl set image` does (situation 3);
 *   t=355 s  the first pass of `kubectl drain` on the healthy node with the most web pods: the
 *            Eviction API evicts what the PodDisruptionBudget allows (situation 2 again).
 *
 * Every second the grader records the requests to Service web (served, failed, p95 latency), the
 * Deployment's replicas and rollout status, the Service's ready endpoints, the web pods deleted so far
 * and the HPA's status. The checks judge windows of that timeline, with partial credit by failure rate
 * and latency; the static checks (resources, HPA bounds, readiness probe, where DB_HOST and the password
 * come from) point at the line at fault.
 *
 * kube-proxy programs an EndpointSlice change `cluster.networkProgrammingSeconds` late (lab.yaml, 1 s:
 * kube-proxy's --iptables-min-sync-period default), so a web pod that stops at once on SIGTERM still
 * gets requests for that long. Rollout failures in the seconds when web pods leave are put down to a
 * missing or too short preStop wait (src/grading/pre-stop.ts), read from the submission.
 */
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Container, EnvVar, Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, missingObject, partial, pass, rejectedObject, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, ScenarioRun, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { describeBlocked, hpaStateOf, type HpaState } from '../src/grading/hpa.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { failuresAsPodsLeave, judgePreStop } from '../src/grading/pre-stop.ts';
import { isRunningAndReady, namespaceOf as nsOf, podProblem, podsControlledBy, podsOfDeployment } from '../src/grading/queries.ts';
import { judgeReadinessProbe } from '../src/grading/readiness.ts';
import { clusterMilliCpu, cpuRequestAt, podCpuRequest } from '../src/grading/resources.ts';
import { capacityLoss, imageNotSet, setImage, strategyAt } from '../src/grading/rollout.ts';
import { containerRunning, containerRunningOrFirst, deploymentRunning, hpaScaling, serviceSelecting, workloadRunning, type Workload } from '../src/grading/submitted.ts';
import { describeOutage, failedRequests, lastSecond, outages, percent, shareForFailureRate, sumTraffic, zeroDowntimeShare, type TrafficSecond } from '../src/grading/traffic.ts';
import { milliCpu } from '../src/kube/quantity.ts';
import { matchesSelector } from '../src/kube/selector.ts';
import { parseImage } from '../src/sim/kubelet/images.ts';

const WEB_IMAGE = 'shop/web';
const NEW_WEB_IMAGE = 'shop/web:2.1';
const ORDER_IMAGE = 'shop/order';
const DB_IMAGE = 'postgres';
const APP_PORT = 8080;
const DB_PORT = 5432;
const ZONE = 'topology.kubernetes.io/zone';
/** The timeline, in seconds since the submission was applied. */
const TRAFFIC_AT = 20;
const SPIKE_AT = 40;
const FAIL_AT = 110;
const ROLLOUT_AT = 255;
const END = 355;
const NORMAL_RPS = 200;
const SPIKE_RPS = 10 * NORMAL_RPS;
/** The peak's latency is judged over its last 30 s, once the HPA has had time to act. */
const STEADY_FROM = FAIL_AT - 30;
/** The service level at the peak: 95 % of requests answered within this many milliseconds. */
const P95_LIMIT_MS = 200;
/** How long web may take to scale out after the jump. */
const SCALE_WITHIN = 60;
/** A second in which at least this share of the requests succeeds is one in which the Service kept serving. */
const SERVING = 0.6;
/** Capacity is back when web has as many ready endpoints as before the failure, for this many seconds before the rollout. */
const RECOVERED_FOR = 5;

interface WebState {
  /** spec.replicas, as the HPA sets it. */
  replicas: number;
  /** Ready endpoints of Service web. */
  ready: number;
  updated: number;
  available: number;
  /** The rollout to the new image is complete, as `kubectl rollout status` judges it. */
  done: boolean;
  /** web pods deleted so far (a deletionTimestamp set): by the rollout, the HPA, an eviction. */
  deleted: number;
}

interface NodeLoss {
  node: string;
  zone: string;
  /** Running web pods on the node that failed, and in all, just before it failed. */
  lost: number;
  of: number;
  /** Running web pods per node and per zone, just before the failure. */
  byNode: [string, number][];
  zones: number;
}

interface DrainPass {
  node: string;
  tried: number;
  evicted: number;
  /** The budget that covers the web pods, as the disruption controller saw it before the drain. */
  pdb?: { name: string; status: PodDisruptionBudgetStatus };
}

type EnvSource = { kind: 'literal' | 'configMap' | 'secret' | 'other' | 'missing'; name?: string; at: SourcePosition };

/** What one app (web or order) sees of the database just before the node failure. */
interface AppView {
  app: 'web' | 'order';
  d?: SubmittedObject<Deployment>;
  /** Why no running container of the app could be looked into. */
  problem?: Text;
  host?: string;
  /** The A records DB_HOST resolves to from the pod's namespace (itself, when it is an IP address). */
  resolved: string[];
  /** DB_HOST is an IP address, not a name: it breaks when the database pod or Service is recreated. */
  ipAddress: boolean;
  reachesDb: boolean;
  passwordMatches: boolean;
  hostSource?: EnvSource;
  passwordSource?: EnvSource;
}

interface DbView {
  w?: SubmittedObject<Workload>;
  /** Every pod of the database workload, and the one looked into. */
  pods: Pod[];
  pod?: Pod;
  ready: boolean;
  ips: string[];
  password?: string;
  /** Services whose ready endpoints include the database pod on port 5432, with their ClusterIPs. */
  services: { name: string; clusterIP?: string }[];
  /** The volume that holds the data directory is a PersistentVolumeClaim. */
  claim?: string;
  problem?: Text;
}

interface Observed {
  run: ScenarioRun;
  web?: SubmittedObject<Deployment>;
  webContainer?: { c: Container; i: number };
  service?: SubmittedObject<Service>;
  hpa?: SubmittedObject<HorizontalPodAutoscaler>;
  traffic: Sample<TrafficSecond>[];
  webState: Sample<WebState>[];
  hpaState: Sample<HpaState | undefined>[];
  loss?: NodeLoss;
  /** web as stored just before the rollout (defaults filled in). */
  stored?: Deployment;
  setImageError?: Text;
  drain?: DrainPass;
  apps: AppView[];
  db: DbView;
}

const webOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => deploymentRunning(ctx, WEB_IMAGE, 'web');

const hpaFor = (ctx: CheckContext, web: SubmittedObject<Deployment> | undefined): SubmittedObject<HorizontalPodAutoscaler> | undefined => hpaScaling(ctx, web?.object.metadata.name ?? 'web');

function pdbFor(ctx: CheckContext, web: SubmittedObject<Deployment> | undefined): SubmittedObject<PodDisruptionBudget> | undefined {
  const labels = web?.object.spec?.template?.metadata?.labels;
  const all = ctx.objects<PodDisruptionBudget>('PodDisruptionBudget');
  return all.find((p) => (!web || nsOf(p.object) === nsOf(web.object)) && matchesSelector(p.object.spec?.selector, labels)) ?? all[0];
}

/** Where an app container's variable comes from: its own `env` entry, else the last `envFrom` source that has the key. */
function envSource(ctx: CheckContext, d: SubmittedObject<Deployment>, i: number, c: Container, key: string): EnvSource {
  const base = ['spec', 'template', 'spec', 'containers', i] as const;
  const k = (c.env ?? []).findIndex((e: EnvVar) => e.name === key);
  if (k >= 0) {
    const e = c.env![k]!;
    const at = d.at([...base, 'env', k]);
    if (e.valueFrom?.configMapKeyRef) return { kind: 'configMap', name: e.valueFrom.configMapKeyRef.name, at };
    if (e.valueFrom?.secretKeyRef) return { kind: 'secret', name: e.valueFrom.secretKeyRef.name, at };
    if (e.valueFrom) return { kind: 'other', at };
    return { kind: 'literal', at: d.at([...base, 'env', k, 'value']) };
  }
  const keysOf = (kind: 'ConfigMap' | 'Secret', name: string | undefined): string[] => {
    const o = ctx.objects<{ data?: Record<string, string>; stringData?: Record<string, string> }>(kind).find((x) => x.object.metadata.name === name && nsOf(x.object) === nsOf(d.object));
    return Object.keys({ ...(o?.object.data ?? {}), ...(o?.object.stringData ?? {}) });
  };
  const from = c.envFrom ?? [];
  for (let j = from.length - 1; j >= 0; j--) {
    const f = from[j]!;
    const prefix = f.prefix ?? '';
    if (!key.startsWith(prefix)) continue;
    const at = d.at([...base, 'envFrom', j]);
    if (f.configMapRef && keysOf('ConfigMap', f.configMapRef.name).includes(key.slice(prefix.length))) return { kind: 'configMap', name: f.configMapRef.name, at };
    if (f.secretRef && keysOf('Secret', f.secretRef.name).includes(key.slice(prefix.length))) return { kind: 'secret', name: f.secretRef.name, at };
  }
  return { kind: 'missing', at: d.at([...base]) };
}

/** A running, preferably ready, pod of the workload, and what its app container sees. */
async function lookInto(run: ScenarioRun, pods: Pod[], repository: string): Promise<{ pod?: Pod; env?: Record<string, string>; problem?: Text }> {
  const running = pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
  const pod = running.find(isRunningAndReady) ?? running[0];
  if (!pod) {
    const why = pods.map(podProblem).find((x) => x !== undefined);
    return { problem: why ?? text('파드가 없다', 'there are no pods') };
  }
  const container = (pod.spec?.containers ?? []).find((c) => parseImage(c.image ?? '').repository === repository) ?? pod.spec?.containers?.[0];
  const view = run.sim!.containerView(pod.metadata!.name!, container?.name ?? '', nsOf(pod));
  return { pod, ...(view ? { env: view.env } : { problem: podProblem(pod) ?? text('컨테이너가 실행 중이 아니다', 'the container is not running') }) };
}

async function viewDatabase(ctx: CheckContext, run: ScenarioRun): Promise<DbView> {
  const w = workloadRunning(ctx, ['StatefulSet', 'Deployment'], DB_IMAGE, 'db');
  if (!w) return { pods: [], ready: false, ips: [], services: [] };
  const ns = nsOf(w.object);
  const pods = await podsControlledBy(run.backend, w.object.kind, w.object.metadata.name!, ns);
  const { pod, env, problem } = await lookInto(run, pods, DB_IMAGE);
  const ips = pods.filter(isRunningAndReady).map((p) => p.status?.podIP ?? '').filter((ip) => ip !== '');
  const services: DbView['services'] = [];
  if (pod) {
    for (const slice of await run.backend.list<EndpointSlice>('EndpointSlice', { namespace: ns })) {
      const serves = (slice.endpoints ?? []).some((e) => e.conditions?.ready === true && e.targetRef?.name === pod.metadata?.name);
      const port = (slice.ports ?? []).some((p) => p.port === DB_PORT);
      const svc = slice.metadata?.labels?.['kubernetes.io/service-name'];
      if (serves && port && svc && !services.some((s) => s.name === svc)) {
        const clusterIP = (await run.backend.get<Service>('Service', svc, ns))?.spec?.clusterIP;
        services.push({ name: svc, ...(clusterIP && clusterIP !== 'None' ? { clusterIP } : {}) });
      }
    }
  }
  const dataPath = ctx.lab.images['postgres:17']?.dataPath ?? '/var/lib/postgresql/data';
  const c = (pod?.spec?.containers ?? []).find((x) => parseImage(x.image ?? '').repository === DB_IMAGE);
  const mount = (c?.volumeMounts ?? []).filter((m) => dataPath === m.mountPath || dataPath.startsWith(`${m.mountPath.replace(/\/$/, '')}/`)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  const claim = mount ? pod?.spec?.volumes?.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName : undefined;
  return {
    w,
    pods,
    ...(pod ? { pod } : {}),
    ready: !!pod && isRunningAndReady(pod),
    ips,
    ...(env?.POSTGRES_PASSWORD !== undefined ? { password: env.POSTGRES_PASSWORD } : {}),
    services,
    ...(claim ? { claim } : {}),
    ...(problem ? { problem } : {}),
  };
}

async function viewApp(ctx: CheckContext, run: ScenarioRun, app: 'web' | 'order', db: DbView): Promise<AppView> {
  const repository = app === 'web' ? WEB_IMAGE : ORDER_IMAGE;
  const d = deploymentRunning(ctx, repository, app);
  if (!d) return { app, resolved: [], ipAddress: false, reachesDb: false, passwordMatches: false };
  const container = containerRunningOrFirst(d, repository);
  const hostSource = envSource(ctx, d, container.i, container.c, 'DB_HOST');
  const passwordSource = envSource(ctx, d, container.i, container.c, 'DB_PASSWORD');
  const ns = nsOf(d.object);
  const { pod, env, problem } = await lookInto(run, await podsOfDeployment(run.backend, d.object.metadata.name!, ns), repository);
  const host = env?.DB_HOST;
  const ipAddress = host !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  const resolved = !host || !pod ? [] : ipAddress ? [host] : run.sim!.resolve(host, nsOf(pod));
  const targets = new Set([...db.ips, ...db.services.flatMap((s) => (s.clusterIP ? [s.clusterIP] : []))]);
  return {
    app,
    d,
    ...(problem ? { problem } : {}),
    ...(host !== undefined ? { host } : {}),
    resolved,
    ipAddress,
    reachesDb: !ipAddress && resolved.some((ip) => targets.has(ip)),
    passwordMatches: env?.DB_PASSWORD !== undefined && db.password !== undefined && env.DB_PASSWORD === db.password,
    hostSource,
    passwordSource,
  };
}

/** The node with the most running web pods; on a tie, one that does not run the database, then by name. */
function victimOf(nodes: Node[], webPods: Pod[], dbPods: Pod[]): NodeLoss {
  const count = (n: string): number => webPods.filter((p) => p.spec?.nodeName === n).length;
  const hasDb = (n: string): number => (dbPods.some((p) => p.spec?.nodeName === n) ? 1 : 0);
  const names = nodes.map((n) => n.metadata!.name!);
  const node = [...names].sort((a, b) => count(b) - count(a) || hasDb(a) - hasDb(b) || (a < b ? -1 : 1))[0]!;
  const zoneOf = (n: string): string => nodes.find((x) => x.metadata?.name === n)?.metadata?.labels?.[ZONE] ?? '';
  return {
    node,
    zone: zoneOf(node),
    lost: count(node),
    of: webPods.length,
    byNode: names.map((n): [string, number] => [n, count(n)]).filter(([, k]) => k > 0),
    zones: new Set(webPods.map((p) => zoneOf(p.spec?.nodeName ?? ''))).size,
  };
}

const runningWebPods = async (run: ScenarioRun, web: SubmittedObject<Deployment>): Promise<Pod[]> =>
  (await podsOfDeployment(run.backend, web.object.metadata.name!, nsOf(web.object))).filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);

/**
 * The first pass of `kubectl drain` on the healthy node with the most web pods: it cordons the node and
 * asks the Eviction API for all its pods at once (refused ones are retried later); counted right after
 * the pass, by which web pods are on their way out.
 */
async function drainPass(run: ScenarioRun, web: SubmittedObject<Deployment>, failed: string | undefined, pdb: SubmittedObject<PodDisruptionBudget> | undefined): Promise<DrainPass | undefined> {
  const sim = run.sim!;
  const pods = (await runningWebPods(run, web)).filter((p) => p.spec?.nodeName !== failed);
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) byNode.set(p.spec!.nodeName!, [...(byNode.get(p.spec!.nodeName!) ?? []), p]);
  const [node, onNode] = [...byNode.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0] ?? [];
  if (!node || !onNode) return undefined;
  const live = pdb ? await run.backend.get<PodDisruptionBudget>('PodDisruptionBudget', pdb.object.metadata.name!, nsOf(pdb.object)) : undefined;
  try {
    sim.drain(node);
  } catch {
    // A pod without a controller stops kubectl drain before it evicts anything.
  }
  const after = new Map((await podsOfDeployment(run.backend, web.object.metadata.name!, nsOf(web.object))).map((p) => [p.metadata!.uid!, p]));
  const evicted = onNode.filter((p) => after.get(p.metadata!.uid!)?.metadata?.deletionTimestamp !== undefined || !after.has(p.metadata!.uid!)).length;
  return { node, tried: onNode.length, evicted, ...(live?.status ? { pdb: { name: live.metadata!.name!, status: live.status } } : {}) };
}

async function blackFriday(ctx: CheckContext): Promise<Observed> {
  const run = await ctx.scenario();
  const web = webOf(ctx);
  const service = serviceSelecting(ctx, web, 'web');
  const hpa = hpaFor(ctx, web);
  const webContainer = web ? containerRunning(web, WEB_IMAGE) : undefined;
  const name = web?.object.metadata.name ?? 'web';
  const ns = web ? nsOf(web.object) : 'shop';
  const svcName = service?.object.metadata.name ?? 'web';
  const svcNs = nsOf(service?.object ?? {});
  const sim = run.sim;
  // The web Deployment, its Service's ready endpoints, its deleted pods and the HPA, kept current from watch events:
  // reading them back every second would copy whole objects 340 times over.
  const state: WebState = { replicas: 0, ready: 0, updated: 0, available: 0, done: false, deleted: 0 };
  const readyBySlice = new Map<string, number>();
  const deleting = new Set<string>();
  let hpaNow: HpaState | undefined;
  const onDeployment = (live: Deployment | undefined): void => {
    const st = live?.status ?? {};
    state.replicas = live?.spec?.replicas ?? 0;
    state.updated = st.updatedReplicas ?? 0;
    state.available = st.availableReplicas ?? 0;
    state.done =
      !!live &&
      (live.spec?.template?.spec?.containers ?? []).some((c) => c.image === NEW_WEB_IMAGE) &&
      (st.observedGeneration ?? 0) >= (live.metadata?.generation ?? 0) &&
      state.updated === state.replicas &&
      (st.replicas ?? 0) === state.replicas &&
      state.available === state.replicas;
  };
  const onSlice = (slice: EndpointSlice, deleted: boolean): void => {
    if (deleted) readyBySlice.delete(slice.metadata!.name!);
    else readyBySlice.set(slice.metadata!.name!, (slice.endpoints ?? []).filter((x) => x.conditions?.ready === true).length);
    state.ready = [...readyBySlice.values()].reduce((n, k) => n + k, 0);
  };
  if (sim) {
    sim.watch('Deployment', (e) => {
      if (web && e.object.metadata.name === name && nsOf(e.object) === ns) onDeployment(e.type === 'DELETED' ? undefined : (e.object as unknown as Deployment));
    });
    sim.watch('EndpointSlice', (e) => {
      if (service && nsOf(e.object) === svcNs && e.object.metadata.labels?.['kubernetes.io/service-name'] === svcName) onSlice(e.object as unknown as EndpointSlice, e.type === 'DELETED');
    });
    sim.watch('Pod', (e) => {
      const pod = e.object as unknown as Pod;
      if (!web || !pod.metadata?.deletionTimestamp || nsOf(pod) !== ns || deleting.has(pod.metadata.uid!) || !matchesSelector(web.object.spec?.selector, pod.metadata.labels)) return;
      deleting.add(pod.metadata.uid!);
      state.deleted = deleting.size;
    });
    sim.watch('HorizontalPodAutoscaler', (e) => {
      if (hpa && e.object.metadata.name === hpa.object.metadata.name && nsOf(e.object) === nsOf(hpa.object)) hpaNow = e.type === 'DELETED' ? undefined : hpaStateOf(e.object as unknown as HorizontalPodAutoscaler);
    });
    // What was written while the submission was applied, before the watches began.
    if (web) onDeployment(sim.get<Deployment>('Deployment', name, ns));
    if (service) for (const slice of sim.list<EndpointSlice>('EndpointSlice', { namespace: svcNs, labelSelector: { 'kubernetes.io/service-name': svcName } })) onSlice(slice, false);
    if (hpa) hpaNow = hpaStateOf(sim.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', hpa.object.metadata.name!, nsOf(hpa.object)));
  }
  await run.probe('traffic', () => lastSecond(service ? sim : undefined, svcNs, svcName));
  await run.probe('web', (): WebState => ({ ...state }));
  await run.probe('hpa', () => hpaNow);
  const observed: Observed = {
    run,
    ...(web ? { web } : {}),
    ...(webContainer ? { webContainer } : {}),
    ...(service ? { service } : {}),
    ...(hpa ? { hpa } : {}),
    traffic: run.timeline<TrafficSecond>('traffic'),
    webState: run.timeline<WebState>('web'),
    hpaState: run.timeline<HpaState | undefined>('hpa'),
    apps: [],
    db: { pods: [], ready: false, ips: [], services: [] },
  };
  if (!sim) return observed;
  await run.advance(`${TRAFFIC_AT}s`);
  if (service) sim.setTraffic({ service: svcName, namespace: svcNs, rps: NORMAL_RPS });
  await run.advance(`${SPIKE_AT - TRAFFIC_AT}s`);
  if (service) sim.setTraffic({ service: svcName, namespace: svcNs, rps: SPIKE_RPS });
  await run.advance(`${FAIL_AT - SPIKE_AT}s`);

  // Situation 4: what the apps see of the database, before any node is lost.
  observed.db = await viewDatabase(ctx, run);
  observed.apps = [await viewApp(ctx, run, 'web', observed.db), await viewApp(ctx, run, 'order', observed.db)];

  // Situation 2: the node with the most web pods stops reporting.
  const nodes = await run.backend.list<Node>('Node');
  const webPods = web ? await runningWebPods(run, web) : [];
  observed.loss = victimOf(nodes, webPods, observed.db.pods);
  sim.failNode(observed.loss.node);
  await run.advance(`${ROLLOUT_AT - FAIL_AT}s`);

  // Situation 3: the new version ships.
  const { stored, error } = await setImage(run, name, ns, webContainer?.c.name, NEW_WEB_IMAGE);
  if (stored) observed.stored = stored;
  if (error) observed.setImageError = error;
  await run.advance(`${END - ROLLOUT_AT}s`);

  // Situation 2, a voluntary disruption: a drain asks the Eviction API, which the budget answers.
  if (web) {
    const drain = await drainPass(run, web, observed.loss.node, pdbFor(ctx, web));
    if (drain) observed.drain = drain;
  }
  return observed;
}

/** The scenario, run once per submission; every check reads the same timeline. */
const observe = perSubmission(blackFriday);

const simOnly = (): Outcome => simulatorOnly(text('블랙 프라이데이 시나리오', 'the Black Friday scenario'));
const webText = text('shop/web을 실행하는 디플로이먼트(Deployment)', 'Deployment running shop/web');
const webMissing = (ctx: CheckContext): Outcome => missingObject(ctx, webText, 'Deployment', 'apps/v1');
const hpaText = text('HorizontalPodAutoscaler', 'HorizontalPodAutoscaler');

/** The scenario with web applied and a Service in front of it, or the outcome that says why not. */
async function webScenario(ctx: CheckContext): Promise<{ o: Observed; web: SubmittedObject<Deployment> } | Outcome> {
  const o = await observe(ctx);
  if (!o.run.sim) return simOnly();
  const web = acceptedObject(ctx, o.run.applied, o.web, webText, 'Deployment', 'apps/v1');
  if (isOutcome(web)) return web;
  if (!o.service) return missingObject(ctx, text('web 파드를 고르는 서비스', 'Service selecting the web pods'), 'Service', 'v1');
  return { o, web };
}

/** web as submitted and its shop/web container, for the checks that read the manifests: or why there is none. */
function webContainerOf(ctx: CheckContext): { web: SubmittedObject<Deployment>; c: Container; i: number } | Outcome {
  const web = webOf(ctx);
  if (!web) return webMissing(ctx);
  const found = containerRunning(web, WEB_IMAGE);
  if (!found) {
    const at = web.at(['spec', 'template', 'spec', 'containers']);
    return fail(text(`디플로이먼트 ${web.object.metadata.name}에 ${WEB_IMAGE}을(를) 실행하는 컨테이너가 없다 (${formatPosition(at)}).`, `Deployment ${web.object.metadata.name} has no container running ${WEB_IMAGE} (${formatPosition(at)}).`), [at]);
  }
  return { web, ...found };
}

/**
 * Situation 4, app by app (web, order): `judge` gives an app's share of the points (0 to 1), its
 * sentence and where it is at fault; an app without a Deployment earns nothing and says so.
 */
async function judgeApps(ctx: CheckContext, judge: (a: AppView, o: Observed) => { earned: number; message: Text; at?: SourcePosition }): Promise<{ o: Observed; earned: number; message: Text; at: SourcePosition[] } | Outcome> {
  const o = await observe(ctx);
  if (!o.run.sim) return simOnly();
  if (o.apps.length === 0) return fail(text('시나리오가 데이터베이스를 살펴보기 전에 멈췄다.', 'the scenario stopped before it looked at the database.'));
  let earned = 0;
  const ko: string[] = [];
  const en: string[] = [];
  const at: SourcePosition[] = [];
  for (const a of o.apps) {
    if (!a.d) {
      ko.push(`${a.app}: shop/${a.app}을(를) 실행하는 디플로이먼트가 없다`);
      en.push(`${a.app}: no Deployment runs shop/${a.app}`);
      continue;
    }
    const v = judge(a, o);
    earned += v.earned;
    ko.push(`${a.app}: ${v.message.ko}`);
    en.push(`${a.app}: ${v.message.en}`);
    if (v.at) at.push(v.at);
  }
  return { o, earned, message: text(ko.join('; '), en.join('; ')), at };
}

/** The field that ties the web pods to some nodes (nodeName, nodeSelector, node affinity), if any. */
function pinnedBy(web: SubmittedObject<Deployment>): string[] | undefined {
  const spec = web.object.spec?.template?.spec;
  return spec?.nodeName !== undefined ? ['nodeName'] : spec?.nodeSelector !== undefined ? ['nodeSelector'] : spec?.affinity?.nodeAffinity !== undefined ? ['affinity', 'nodeAffinity'] : undefined;
}

const inWindow = <T>(xs: Sample<T>[], from: number, to: number): Sample<T>[] => xs.filter((s) => s.t > from && s.t <= to);

/** The seconds between `from` and `to` in which web pods were deleted. */
function podsLeaving(states: Sample<WebState>[], from: number, to: number): number[] {
  return states.filter((s, i) => i > 0 && s.t > from && s.t <= to && s.value.deleted > states[i - 1]!.value.deleted).map((s) => s.t);
}

const containerPath = (i: number) => ['spec', 'template', 'spec', 'containers', i] as const;

/** The CPU the other workloads request (order, the database …), in millicores, as submitted. */
function othersMilliCpu(ctx: CheckContext, web: SubmittedObject<Deployment>): number {
  let n = 0;
  for (const o of ctx.objects<Workload & { spec?: { replicas?: number } }>()) {
    if (!['Deployment', 'StatefulSet'].includes(o.object.kind) || o.object.metadata.name === web.object.metadata.name) continue;
    const perPod = (o.object.spec?.template?.spec?.containers ?? []).reduce((m, c) => m + (milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu) ?? 0), 0);
    n += perPod * (o.object.spec?.replicas ?? 1);
  }
  return n;
}

/** Millicores per request a second and when idle, of the web image (lab.yaml). */
function webCost(ctx: CheckContext): { perRps: number; idle: number } {
  const b = ctx.lab.images['shop/web:2.0'];
  return { perRps: b?.cpuMillicoresPerRps ?? 0, idle: b?.cpuMillicoresIdle ?? 0 };
}

/** Where DB_HOST comes from, as a clause after what it resolves to. */
function hostOrigin(s: EnvSource): Text {
  const at = formatPosition(s.at);
  switch (s.kind) {
    case 'configMap':
      return text(`, 값은 컨피그맵 ${s.name}에서 온다`, `, from ConfigMap ${s.name}`);
    case 'secret':
      return text(`, 값은 시크릿 ${s.name}에서 온다: 주소는 비밀이 아니니 컨피그맵에 두자 (${at})`, `, from Secret ${s.name}: an address is no secret, keep it in a ConfigMap (${at})`);
    case 'literal':
      return text(`, 값을 매니페스트에 직접 썼다: 컨피그맵에 두자 (${at})`, `, written into the manifest: keep it in a ConfigMap (${at})`);
    case 'missing':
      return text(`: env에도 envFrom에도 없다 (${at})`, `: neither env nor envFrom sets it (${at})`);
    default:
      return text(`, 값은 컨피그맵에서 오지 않는다 (${at})`, `, not from a ConfigMap (${at})`);
  }
}

/** Where DB_PASSWORD comes from, as the start of a sentence about it. */
function passwordOrigin(s: EnvSource): Text {
  const at = formatPosition(s.at);
  switch (s.kind) {
    case 'secret':
      return text(`DB_PASSWORD를 시크릿 ${s.name}에서 읽는다`, `DB_PASSWORD comes from Secret ${s.name}`);
    case 'literal':
      return text(`DB_PASSWORD를 매니페스트에 직접 썼다: 매니페스트를 읽는 누구나 본다 (${at})`, `DB_PASSWORD is written into the manifest, for anyone who reads it to see (${at})`);
    case 'configMap':
      return text(`DB_PASSWORD를 컨피그맵 ${s.name}에서 읽는다: 컨피그맵은 비밀을 위한 것이 아니다 (${at})`, `DB_PASSWORD comes from ConfigMap ${s.name}, which is not meant for secrets (${at})`);
    case 'missing':
      return text(`DB_PASSWORD가 env에도 envFrom에도 없다 (${at})`, `neither env nor envFrom sets DB_PASSWORD (${at})`);
    default:
      return text(`DB_PASSWORD가 시크릿에서 오지 않는다 (${at})`, `DB_PASSWORD does not come from a Secret (${at})`);
  }
}

export default defineGrader({
  lab: 'black-friday',
  settle: '60s',
  checks: [
    manifestsValidCheck(5, [
      text('YAML은 들여쓰기에 공백만 쓴다. 한 파일에 오브젝트를 여럿 쓸 때는 `---`로 나눈다.', 'YAML indents with spaces only; separate several objects in one file with `---`.'),
      text('네임스페이스 shop은 그 안의 오브젝트보다 먼저 적용되어야 한다: 파일은 이름 순서로 적용되므로 `00-namespace.yaml`에 둔다.', 'Namespace shop must be applied before the objects in it: files are applied in name order, so keep it in `00-namespace.yaml`.'),
    ]),
    {
      id: 'web-resources',
      title: text('상황 1: web 컨테이너에 CPU 요청량과 한도가 있다', 'Situation 1: the web container has CPU requests and limits'),
      points: 5,
      hints: [
        text('HPA는 사용률을 요청량(`resources.requests.cpu`)에 대한 비율로 계산한다. 요청량이 없으면 사용률을 구할 수 없다.', 'The HPA computes utilisation as a share of the request (`resources.requests.cpu`); without a request there is no utilisation.'),
        text('한도(`resources.limits.cpu`)는 파드 하나가 노드의 CPU를 다 가져가지 못하게 막는다. 레슨의 web은 250m을 요청하고 500m에서 1 CPU까지 쓴다.', 'A limit (`resources.limits.cpu`) keeps one pod from taking a whole node; the lesson\'s web requests 250m and may use 500m to 1 CPU.'),
      ],
      run(ctx) {
        const found = webContainerOf(ctx);
        if (isOutcome(found)) return found;
        const { web, c, i } = found;
        const request = c.resources?.requests?.cpu ?? c.resources?.limits?.cpu;
        const limit = c.resources?.limits?.cpu;
        if (request !== undefined && limit !== undefined) {
          return pass(text(`컨테이너 ${c.name}이(가) CPU ${String(request)}을(를) 요청하고 ${String(limit)}까지 쓴다.`, `container ${c.name} requests ${String(request)} of CPU and may use up to ${String(limit)}.`));
        }
        const at = cpuRequestAt(web, i, c);
        if (request === undefined) {
          return fail(
            text(`컨테이너 ${c.name}에 \`resources.requests.cpu\`가 없다 (${formatPosition(at)}): HPA가 CPU 사용률을 계산할 수 없고, 스케줄러는 파드를 한 노드에 얼마든지 몰아넣는다.`, `container ${c.name} has no \`resources.requests.cpu\` (${formatPosition(at)}): the HPA cannot compute CPU utilisation, and the scheduler may pile any number of pods onto one node.`),
            [at],
          );
        }
        return partial(
          3,
          5,
          text(`컨테이너 ${c.name}이(가) CPU ${String(request)}을(를) 요청하지만 한도(\`resources.limits.cpu\`)가 없다 (${formatPosition(at)}): 파드 하나가 노드의 CPU를 다 쓸 수 있다.`, `container ${c.name} requests ${String(request)} of CPU but has no limit (\`resources.limits.cpu\`) (${formatPosition(at)}): one pod may take all of a node's CPU.`),
          [at],
        );
      },
    },
    {
      id: 'hpa',
      title: text('상황 1: HPA가 web을 CPU 사용률로 조정하고 최소·최대 복제본이 클러스터에 맞다', 'Situation 1: an HPA scales web on CPU utilisation with minimum and maximum replicas that suit the cluster'),
      points: 10,
      hints: [
        text('`scaleTargetRef`는 `apiVersion: apps/v1`, `kind: Deployment`, `name: web`이고, `metrics`에 `type: Resource`, `name: cpu`, `target.type: Utilization`을 쓴다.', '`scaleTargetRef` is `apiVersion: apps/v1`, `kind: Deployment`, `name: web`; in `metrics` write `type: Resource`, `name: cpu`, `target.type: Utilization`.'),
        text('maxReplicas는 최고조에 필요한 수(초당 2000개 × CPU 0.75m ÷ (목표 사용률 × 요청량))보다 크고, maxReplicas × 요청량이 클러스터의 CPU(8 CPU에서 다른 앱의 몫을 뺀 것)에 들어가야 한다.', 'maxReplicas must cover the peak (2000 requests a second × 0.75m of CPU ÷ (target utilisation × request)), and maxReplicas × the request must fit in the cluster\'s CPU (8 CPUs less what the other apps request).'),
      ],
      run(ctx) {
        const web = webOf(ctx);
        const h = hpaFor(ctx, web);
        if (!h) return missingObject(ctx, hpaText, 'HorizontalPodAutoscaler', 'autoscaling/v2');
        if (!web) return webMissing(ctx);
        const ref = h.object.spec?.scaleTargetRef;
        if (ref?.kind !== 'Deployment' || ref.name !== web.object.metadata.name || nsOf(h.object) !== nsOf(web.object)) {
          const at = h.at(['spec', 'scaleTargetRef']);
          return fail(
            text(`HPA ${h.object.metadata.name}의 대상(${ref?.kind ?? '?'}/${ref?.name ?? '?'}, 네임스페이스 ${nsOf(h.object)}; ${formatPosition(at)})이 디플로이먼트 ${web.object.metadata.name}(네임스페이스 ${nsOf(web.object)})이(가) 아니다.`, `the target of HPA ${h.object.metadata.name} (${ref?.kind ?? '?'}/${ref?.name ?? '?'} in namespace ${nsOf(h.object)}; ${formatPosition(at)}) is not Deployment ${web.object.metadata.name} in namespace ${nsOf(web.object)}.`),
            [at],
          );
        }
        const problems: { ko: string; en: string; at: SourcePosition; weight: number }[] = [];
        const metrics = h.object.spec?.metrics ?? [];
        const m = metrics.findIndex((x) => x.type === 'Resource' && x.resource?.name === 'cpu');
        const target = m >= 0 ? metrics[m]!.resource!.target : undefined;
        const utilisation = target?.type === 'Utilization' ? target.averageUtilization : undefined;
        if (utilisation === undefined) {
          const at = m >= 0 ? h.at(['spec', 'metrics', m, 'resource', 'target']) : h.at(['spec', 'metrics']);
          problems.push({ ko: `CPU 사용률 목표(\`type: Utilization\`, \`averageUtilization\`)가 없다 (${formatPosition(at)})`, en: `there is no CPU utilisation target (\`type: Utilization\` with \`averageUtilization\`) (${formatPosition(at)})`, at, weight: 4 });
        }
        const min = h.object.spec?.minReplicas ?? 1;
        const max = h.object.spec?.maxReplicas ?? 0;
        const minAt = h.object.spec?.minReplicas === undefined ? h.at(['spec']) : h.at(['spec', 'minReplicas']);
        const maxAt = h.at(['spec', 'maxReplicas']);
        if (min < 2) {
          problems.push({ ko: `minReplicas가 ${min}이다 (${formatPosition(minAt)}): 파드 하나나 노드 하나를 잃으면 web이 멈춘다. 2 이상이어야 한다`, en: `minReplicas is ${min} (${formatPosition(minAt)}): losing one pod or one node takes web down; it should be at least 2`, at: minAt, weight: 3 });
        }
        const request = podCpuRequest(web);
        const { perRps, idle } = webCost(ctx);
        const share = ((utilisation ?? 80) / 100) * request;
        const needed = share > 0 ? Math.ceil((SPIKE_RPS * perRps) / Math.max(1, share - idle)) : 0;
        const room = clusterMilliCpu(ctx.lab) - othersMilliCpu(ctx, web);
        const fits = request > 0 ? Math.floor(room / request) : Number.POSITIVE_INFINITY;
        if (needed > 0 && max < needed) {
          problems.push({
            ko: `maxReplicas ${max}(으)로는 최고조(초당 ${SPIKE_RPS}개)를 목표 사용률 ${utilisation ?? 80}%로 받아 내는 데 필요한 파드 약 ${needed}개에 못 미친다 (${formatPosition(maxAt)})`,
            en: `maxReplicas ${max} is short of the about ${needed} pods the peak (${SPIKE_RPS} requests a second) needs at a ${utilisation ?? 80}% target (${formatPosition(maxAt)})`,
            at: maxAt,
            weight: 3,
          });
        } else if (max > fits) {
          problems.push({
            ko: `maxReplicas ${max} × CPU 요청량 ${request}m = ${max * request}m로, 다른 앱의 요청량을 빼고 클러스터에 남는 ${room}m를 넘는다 (${formatPosition(maxAt)}): 파드 ${fits}개를 넘으면 Pending으로 남는다`,
            en: `maxReplicas ${max} × a CPU request of ${request}m = ${max * request}m, more than the ${room}m the cluster has left after the other apps' requests (${formatPosition(maxAt)}): pods beyond ${fits} would stay Pending`,
            at: maxAt,
            weight: 3,
          });
        }
        if (problems.length === 0) {
          return pass(
            text(
              `HPA ${h.object.metadata.name}이(가) 디플로이먼트 ${web.object.metadata.name}을(를) CPU ${utilisation}%에 맞춰 ${min}–${max}개로 조정한다: 최고조에는 약 ${needed}개가 필요하고, 클러스터에는 ${fits === Number.POSITIVE_INFINITY ? '충분한' : `${fits}개까지의`} 자리가 있다.`,
              `HPA ${h.object.metadata.name} keeps Deployment ${web.object.metadata.name} at ${utilisation}% CPU with ${min}–${max} replicas: the peak needs about ${needed}, and the cluster has room for ${fits === Number.POSITIVE_INFINITY ? 'plenty' : `up to ${fits}`}.`,
            ),
          );
        }
        const lost = problems.reduce((n, p) => n + p.weight, 0);
        return partial(10 - lost, 10, text(problems.map((p) => p.ko).join('. ') + '.', problems.map((p) => p.en).join('. ') + '.'), problems.map((p) => p.at));
      },
    },
    {
      id: 'scales-out',
      title: text('상황 1: 트래픽이 10배가 되면 HPA가 web을 늘린다', 'Situation 1: when traffic rises tenfold the HPA scales web out'),
      points: 5,
      hints: [
        text('`kubectl describe hpa web`의 Conditions와 Events가 HPA가 왜 움직이지 않는지 알려 준다.', 'The Conditions and Events of `kubectl describe hpa web` tell why the HPA does not act.'),
        text('HPA가 관리하는 디플로이먼트에는 `spec.replicas`를 쓰지 않는다.', 'Leave `spec.replicas` out of a Deployment the HPA manages.'),
      ],
      async run(ctx) {
        const got = await webScenario(ctx);
        if (isOutcome(got)) return got;
        const { o } = got;
        const h = acceptedObject(ctx, o.run.applied, o.hpa, hpaText, 'HorizontalPodAutoscaler', 'autoscaling/v2');
        if (isOutcome(h)) return h;
        const before = o.webState.filter((s) => s.t <= SPIKE_AT).at(-1)?.value.replicas ?? 0;
        const after = inWindow(o.webState, SPIKE_AT, SPIKE_AT + SCALE_WITHIN);
        const grown = after.find((s) => s.value.replicas > before);
        const peak = inWindow(o.webState, SPIKE_AT, FAIL_AT).reduce((n, s) => Math.max(n, s.value.replicas), 0);
        if (grown) {
          const util = o.hpaState.filter((s) => s.t <= FAIL_AT).at(-1)?.value?.utilization;
          return pass(
            text(
              `t=${SPIKE_AT}초에 트래픽이 초당 ${SPIKE_RPS}개가 되자 HPA가 t=${grown.t}초부터 web을 ${before}개에서 늘려 t=${FAIL_AT}초까지 ${peak}개가 되었다${util !== undefined ? ` (CPU 사용률 ${util}%)` : ''}.`,
              `when traffic rose to ${SPIKE_RPS} requests a second at t=${SPIKE_AT} s, the HPA scaled web out from ${before} replicas at t=${grown.t} s, to ${peak} by t=${FAIL_AT} s${util !== undefined ? ` (CPU utilisation ${util}%)` : ''}.`,
            ),
          );
        }
        const blocked = inWindow(o.hpaState, SPIKE_AT, FAIL_AT).map((s) => s.value?.blocked).find((b) => b !== undefined);
        const c = o.webContainer;
        const at = blocked?.type === 'ScalingActive' && c ? cpuRequestAt(o.web!, c.i, c.c) : blocked?.type === 'ScalingLimited' ? h.at(['spec', 'maxReplicas']) : blocked?.type === 'AbleToScale' ? h.at(['spec', 'scaleTargetRef']) : h.at(['spec']);
        return fail(
          text(
            `t=${SPIKE_AT}초에 트래픽이 초당 ${SPIKE_RPS}개로 늘었지만 ${SCALE_WITHIN}초 안에 web이 ${before}개에서 늘지 않았다 (${formatPosition(at)}).${describeBlocked(blocked).ko}`,
            `traffic rose to ${SPIKE_RPS} requests a second at t=${SPIKE_AT} s, but web did not grow from ${before} replicas within ${SCALE_WITHIN} s (${formatPosition(at)}).${describeBlocked(blocked).en}`,
          ),
          [at],
        );
      },
    },
    {
      id: 'spike-served',
      title: text('상황 1: 10배 트래픽에서 요청이 실패하지 않고 빠르게 처리된다 (실패율과 지연에 따라 부분 점수)', 'Situation 1: under ten times the traffic requests do not fail and are served fast (partial credit by failure rate and latency)'),
      points: 10,
      hints: [
        text('파드 하나는 CPU 한도까지만 쓴다. 요청이 그보다 많으면 넘치는 요청은 실패하고, 한도에 가까울수록 응답이 느려진다.', 'A pod uses no more CPU than its limit: requests beyond it fail, and the closer it runs to the limit, the slower it answers.'),
        text(`점수: 실패율(t=${SPIKE_AT}~${FAIL_AT}초) 1% 이하 6점, 2.5% 미만 4.5점, 5% 미만 3점, 10% 미만 1.5점. 마지막 30초의 p95 지연이 ${P95_LIMIT_MS}ms 이하면 4점.`, `Scoring: a failure rate (t=${SPIKE_AT}–${FAIL_AT} s) of at most 1%, 6 points; under 2.5%, 4.5; under 5%, 3; under 10%, 1.5. A p95 latency of at most ${P95_LIMIT_MS} ms over the last 30 s, 4 points.`),
      ],
      async run(ctx) {
        const got = await webScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, web } = got;
        const { total, failed, rate } = sumTraffic(inWindow(o.traffic, SPIKE_AT, FAIL_AT));
        const steady = inWindow(o.traffic, STEADY_FROM, FAIL_AT).filter((s) => s.value.ok > 0);
        const p95 = steady.length === 0 ? Number.POSITIVE_INFINITY : Math.max(...steady.map((s) => s.value.p95ms));
        const fast = p95 <= P95_LIMIT_MS;
        const share = 0.6 * shareForFailureRate(rate) + (fast ? 0.4 : 0);
        const head = text(
          `t=${SPIKE_AT}초부터 t=${FAIL_AT}초까지 초당 ${SPIKE_RPS}개씩 보낸 요청 ${total}개 중 ${failed}개(${percent(rate)})가 실패했고, 마지막 30초의 p95 지연은 ${Number.isFinite(p95) ? `${p95}ms` : '측정 불가(성공한 요청 없음)'}였다 (기준 ${P95_LIMIT_MS}ms).`,
          `of the ${total} requests sent at ${SPIKE_RPS} a second between t=${SPIKE_AT} s and t=${FAIL_AT} s, ${failed} (${percent(rate)}) failed, and the p95 latency over the last 30 s was ${Number.isFinite(p95) ? `${p95} ms` : 'unmeasurable (no request succeeded)'} (limit ${P95_LIMIT_MS} ms).`,
        );
        if (share >= 1) return pass(head);
        const replicas = o.webState.filter((s) => s.t <= FAIL_AT).at(-1)?.value.replicas ?? 0;
        const c = o.webContainer;
        if (failed > 0 && c && !c.c.readinessProbe) {
          const at = web.at([...containerPath(c.i)]);
          const why = text(
            ` HPA가 늘린 새 파드는 준비성 프로브가 없어, 앱이 포트를 열기 전부터 요청을 받았다 (${formatPosition(at)}).`,
            ` The pods the HPA added had no readiness probe, so they took requests before the app had opened its port (${formatPosition(at)}).`,
          );
          return partial(share, 1, text(head.ko + why.ko, head.en + why.en), [at]);
        }
        const at = o.hpa ? o.hpa.at(['spec', 'maxReplicas']) : web.object.spec?.replicas !== undefined ? web.at(['spec', 'replicas']) : c ? cpuRequestAt(web, c.i, c.c) : web.at(['spec']);
        const why = text(
          ` t=${FAIL_AT}초에 web은 ${replicas}개였다: 파드가 CPU 한도 가까이 일하면 요청이 늦어지고, 한도를 넘는 요청은 실패한다 (${formatPosition(at)}).`,
          ` At t=${FAIL_AT} s web had ${replicas} replicas: pods that run close to their CPU limit answer slowly, and requests beyond it fail (${formatPosition(at)}).`,
        );
        return partial(share, 1, text(head.ko + why.ko, head.en + why.en), [at]);
      },
    },
    {
      id: 'node-failure-serving',
      title: text('상황 2: 노드가 죽어도 서비스 web이 계속 요청을 처리한다', 'Situation 2: Service web keeps serving when a node dies'),
      points: 10,
      hints: [
        text('노드가 죽고 약 50초 동안은 그 노드의 파드로 간 요청이 실패한다. 실패하는 비율은 그 노드에 있던 web 파드의 비율이다.', 'For about 50 s after a node dies, requests sent to its pods fail: the share that fails is the share of web pods it held.'),
        text('`topologySpreadConstraints`로 영역(`topology.kubernetes.io/zone`)과 노드(`kubernetes.io/hostname`)에 고르게 흩어 두자. 노드 하나에 묶는 `nodeSelector`나 `nodeName`은 단일 장애점이다.', 'Spread web over zones (`topology.kubernetes.io/zone`) and nodes (`kubernetes.io/hostname`) with `topologySpreadConstraints`; a `nodeSelector` or `nodeName` that ties it to one node is a single point of failure.'),
        text(`점수: 노드가 죽은 뒤 가장 나쁜 1초에도 요청의 ${SERVING * 100}% 이상이 성공하면 만점, 40% 이상이면 절반, 모든 요청이 실패한 초가 없으면 1/4.`, `Scoring: if at least ${SERVING * 100}% of requests succeed even in the worst second after the node died, full marks; at least 40%, half; no second in which every request failed, a quarter.`),
      ],
      async run(ctx) {
        const got = await webScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, web } = got;
        const loss = o.loss;
        if (!loss) return fail(text('노드 장애 전에 시나리오가 멈췄다.', 'the scenario stopped before the node failure.'));
        const window = inWindow(o.traffic, FAIL_AT, ROLLOUT_AT);
        const success = (s: Sample<TrafficSecond>): number => (s.value.ok + s.value.failed === 0 ? 0 : s.value.ok / (s.value.ok + s.value.failed));
        const worst = window.reduce<Sample<TrafficSecond> | undefined>((w, s) => (w === undefined || success(s) < success(w) ? s : w), undefined);
        const worstShare = worst ? success(worst) : 0;
        const failing = window.filter((s) => s.value.failed > 0);
        const { failed, total, rate } = sumTraffic(window);
        const spread = loss.byNode.map(([n, k]) => `${n} ${k}`).join(', ');
        const head = text(
          `t=${FAIL_AT}초에 노드 ${loss.node}(영역 ${loss.zone || '?'})이(가) 죽었다. 그 노드에 web 파드 ${loss.of}개 중 ${loss.lost}개가 있었다 (노드별: ${spread || '없음'}; 영역 ${loss.zones}개). t=${ROLLOUT_AT}초까지 요청 ${total}개 중 ${failed}개(${percent(rate)})가 실패했고${failing.length > 0 ? ` (t=${failing[0]!.t}~${failing.at(-1)!.t}초)` : ''}, 가장 나쁜 1초(t=${worst?.t ?? FAIL_AT}초)에 ${percent(worstShare)}가 성공했다.`,
          `at t=${FAIL_AT} s node ${loss.node} (zone ${loss.zone || '?'}) died, holding ${loss.lost} of the ${loss.of} web pods (per node: ${spread || 'none'}; ${loss.zones} zone(s)). By t=${ROLLOUT_AT} s, ${failed} of ${total} requests (${percent(rate)}) failed${failing.length > 0 ? ` (t=${failing[0]!.t}–${failing.at(-1)!.t} s)` : ''}, and in the worst second (t=${worst?.t ?? FAIL_AT} s) ${percent(worstShare)} succeeded.`,
        );
        if (worst && worstShare >= SERVING) return pass(head);
        const spec = web.object.spec?.template?.spec;
        const pinned = pinnedBy(web);
        const at = pinned ? web.at(['spec', 'template', 'spec', ...pinned]) : spec?.topologySpreadConstraints ? web.at(['spec', 'template', 'spec', 'topologySpreadConstraints']) : web.at(['spec', 'template', 'spec']);
        const why = pinned
          ? text(` web 파드가 ${pinned.join('.')}(으)로 일부 노드에 묶여 있다 (${formatPosition(at)}).`, ` The web pods are tied to some nodes by ${pinned.join('.')} (${formatPosition(at)}).`)
          : text(` web 파드를 노드와 영역에 고르게 흩어 두자 (${formatPosition(at)}).`, ` Spread the web pods evenly over nodes and zones (${formatPosition(at)}).`);
        const outage = outages(window).length > 0;
        const share = worstShare >= 0.4 ? 0.5 : outage || window.length === 0 ? 0 : 0.25;
        return partial(share, 1, text(head.ko + why.ko, head.en + why.en), [at]);
      },
    },
    {
      id: 'capacity-recovers',
      title: text('상황 2: 노드가 죽은 뒤 처리 용량이 돌아온다', 'Situation 2: capacity comes back after the node died'),
      points: 5,
      hints: [
        text('죽은 노드의 파드는 `node.kubernetes.io/unreachable` 테인트를 견디는 tolerationSeconds(기본 300초)가 지나야 축출되고 대체된다. 상태가 없는 web이라면 더 짧게 잡아도 된다.', 'Pods on a dead node are evicted and replaced only once their tolerationSeconds for the `node.kubernetes.io/unreachable` taint (300 s by default) are up; a stateless web can take a shorter one.'),
        text('HPA는 죽은 노드의 파드를 사용률 0으로 셈하므로, 그것만으로 파드를 늘리지 않을 수 있다.', 'The HPA counts the pods of a dead node as using nothing, so it may not add pods on that account alone.'),
      ],
      async run(ctx) {
        const got = await webScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, web } = got;
        const loss = o.loss;
        if (!loss) return fail(text('노드 장애 전에 시나리오가 멈췄다.', 'the scenario stopped before the node failure.'));
        const before = o.webState.filter((s) => s.t <= FAIL_AT).at(-1)?.value.ready ?? 0;
        const window = inWindow(o.webState, FAIL_AT, ROLLOUT_AT);
        const fewest = window.reduce((n, s) => Math.min(n, s.value.ready), Number.POSITIVE_INFINITY);
        const tail = window.filter((s) => s.t > ROLLOUT_AT - RECOVERED_FOR);
        const tailTraffic = inWindow(o.traffic, ROLLOUT_AT - RECOVERED_FOR, ROLLOUT_AT);
        const back = before > 0 && tail.length > 0 && tail.every((s) => s.value.ready >= before) && tailTraffic.every((s) => s.value.failed === 0);
        const dip = window.find((s) => s.value.ready < before);
        const backAt = window.find((s) => dip !== undefined && s.t > dip.t && s.value.ready >= before);
        const tolerations = web.object.spec?.template?.spec?.tolerations;
        const unreachable = tolerations?.find((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');
        const at = unreachable ? web.at(['spec', 'template', 'spec', 'tolerations', tolerations!.indexOf(unreachable)]) : tolerations ? web.at(['spec', 'template', 'spec', 'tolerations']) : web.at(['spec', 'template', 'spec']);
        const head = text(
          `노드 ${loss.node}이(가) 죽기 전 web의 Ready 엔드포인트는 ${before}개였고, 그 뒤 가장 적을 때 ${Number.isFinite(fewest) ? fewest : 0}개였다.`,
          `web had ${before} ready endpoints before node ${loss.node} died, and ${Number.isFinite(fewest) ? fewest : 0} at the fewest afterwards.`,
        );
        if (back) {
          return pass(text(`${head.ko} t=${backAt?.t ?? ROLLOUT_AT}초에 ${before}개로 돌아왔고 실패도 멈췄다.`, `${head.en} They were back to ${before} at t=${backAt?.t ?? ROLLOUT_AT} s, and requests no longer failed.`));
        }
        const last = window.at(-1)?.value.ready ?? 0;
        const seconds = unreachable?.tolerationSeconds;
        const pinned = pinnedBy(web);
        if (pinned && loss.lost === loss.of) {
          const pinAt = web.at(['spec', 'template', 'spec', ...pinned]);
          return fail(
            text(`${head.ko} t=${ROLLOUT_AT}초에도 ${last}개였다. web 파드가 ${pinned.join('.')}(으)로 죽은 노드에 묶여 있어, 축출되어도 대체 파드가 갈 노드가 없다 (${formatPosition(pinAt)}).`, `${head.en} At t=${ROLLOUT_AT} s there were still ${last}. The web pods are tied to the dead node by ${pinned.join('.')}, so even once evicted their replacements have nowhere to go (${formatPosition(pinAt)}).`),
            [pinAt],
          );
        }
        const why = seconds === undefined
          ? text(` 파드가 unreachable 테인트를 기본 300초 동안 견디므로, t=${ROLLOUT_AT}초까지 축출되지도 대체되지도 않았다 (${formatPosition(at)}).`, ` The pods tolerate the unreachable taint for the default 300 s, so by t=${ROLLOUT_AT} s they were neither evicted nor replaced (${formatPosition(at)}).`)
          : text(` unreachable 테인트의 tolerationSeconds가 ${seconds}초다 (${formatPosition(at)}): 노드가 NotReady로 표시되는 약 50초 뒤에 더해진다.`, ` The tolerationSeconds for the unreachable taint is ${seconds} s (${formatPosition(at)}), counted from when the node is marked NotReady, about 50 s after it died.`);
        return fail(text(`${head.ko} t=${ROLLOUT_AT}초에도 ${last}개였다.${why.ko}`, `${head.en} At t=${ROLLOUT_AT} s there were still ${last}.${why.en}`), [at]);
      },
    },
    {
      id: 'pdb-drain',
      title: text('상황 2: PodDisruptionBudget이 drain 때 web 파드를 하나씩만 내보낸다', 'Situation 2: a PodDisruptionBudget lets a drain take web pods one at a time'),
      points: 5,
      hints: [
        text('PodDisruptionBudget은 노드 장애(비자발적 중단)는 막지 못한다. 막는 것은 `kubectl drain`과 클러스터 오토스케일러처럼 축출 API를 거치는 자발적 중단이다.', 'A PodDisruptionBudget does not stop a node failure (an involuntary disruption); it limits voluntary ones that go through the Eviction API, such as `kubectl drain` and the cluster autoscaler.'),
        text('`maxUnavailable: 1`과 web 파드의 레이블을 고르는 `selector`. `maxUnavailable: 0`이나 복제본 수와 같은 `minAvailable`은 drain을 영영 막는다.', '`maxUnavailable: 1` and a `selector` for the web pods\' labels. `maxUnavailable: 0`, or a `minAvailable` equal to the replicas, blocks drains forever.'),
      ],
      async run(ctx) {
        const got = await webScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, web } = got;
        const pdb = pdbFor(ctx, web);
        const drain = o.drain;
        if (!pdb && !drain) return fail(text('web 파드를 고르는 PodDisruptionBudget이 없다.', 'no PodDisruptionBudget selects the web pods.'));
        if (!drain) return fail(text(`t=${END}초에 drain할 web 파드가 없었다.`, `at t=${END} s there was no web pod to drain.`), [web.at(['spec'])]);
        const head = text(
          `t=${END}초에 노드 ${drain.node}을(를) drain하자 축출 API가 web 파드 ${drain.tried}개 중 ${drain.evicted}개를 바로 내보냈다`,
          `when node ${drain.node} was drained at t=${END} s, the Eviction API let ${drain.evicted} of its ${drain.tried} web pods go at once`,
        );
        if (!pdb) {
          return fail(text(`${head.ko}: web 파드를 고르는 PodDisruptionBudget이 없다.`, `${head.en}: no PodDisruptionBudget selects the web pods.`));
        }
        const refused = rejectedObject(o.run.applied, pdb);
        if (refused) return refused;
        const labels = web.object.spec?.template?.metadata?.labels;
        if (!matchesSelector(pdb.object.spec?.selector, labels)) {
          const at = pdb.at(['spec', 'selector']);
          return fail(text(`${head.ko}: PodDisruptionBudget ${pdb.object.metadata.name}의 셀렉터가 web 파드의 레이블과 맞지 않는다 (${formatPosition(at)}).`, `${head.en}: the selector of PodDisruptionBudget ${pdb.object.metadata.name} does not match the web pods' labels (${formatPosition(at)}).`), [at]);
        }
        const st = drain.pdb?.status;
        const budget = st ? text(` (예산 ${pdb.object.metadata.name}: 건강한 파드 ${st.currentHealthy ?? 0}개, 필요한 수 ${st.desiredHealthy ?? 0}개, 허용된 중단 ${st.disruptionsAllowed ?? 0}개)`, ` (budget ${pdb.object.metadata.name}: ${st.currentHealthy ?? 0} healthy, ${st.desiredHealthy ?? 0} needed, ${st.disruptionsAllowed ?? 0} disruption(s) allowed)`) : text('', '');
        const field = pdb.object.spec?.maxUnavailable !== undefined ? 'maxUnavailable' : pdb.object.spec?.minAvailable !== undefined ? 'minAvailable' : undefined;
        const at = field ? pdb.at(['spec', field]) : pdb.at(['spec']);
        if (drain.evicted === 1) return pass(text(`${head.ko}${budget.ko}: 나머지는 대체 파드가 Ready가 될 때까지 기다린다.`, `${head.en}${budget.en}: the rest wait until a replacement is Ready.`));
        if (drain.evicted === 0) {
          return partial(1, 2, text(`${head.ko}${budget.ko}: 예산이 중단을 하나도 허용하지 않아 drain이 끝나지 않는다 (${formatPosition(at)}).`, `${head.en}${budget.en}: the budget allows no disruption at all, so the drain never finishes (${formatPosition(at)}).`), [at]);
        }
        return partial(
          drain.evicted < drain.tried ? 3 : 1,
          5,
          text(`${head.ko}${budget.ko}: 예산이 한 번에 여러 파드를 허용한다 (${formatPosition(at)}).`, `${head.en}${budget.en}: the budget lets several pods go at once (${formatPosition(at)}).`),
          [at],
        );
      },
    },
    {
      id: 'readiness-probe',
      title: text('상황 3: web 컨테이너에 앱을 확인하는 준비성 프로브가 있다', 'Situation 3: the web container has a readiness probe that checks the app'),
      points: 5,
      hints: [
        text('readinessProbe가 없으면 컨테이너가 시작되자마자 파드가 Ready가 되어, 아직 포트를 열지 않은 새 파드로 요청이 간다.', 'Without a readinessProbe a pod is Ready as soon as its container starts, so requests reach new pods that have not opened their port yet.'),
        text('web은 8080에서 듣고 `GET /healthz/ready`에 200으로 답한다.', 'web listens on 8080 and answers `GET /healthz/ready` with 200.'),
      ],
      run(ctx) {
        const found = webContainerOf(ctx);
        if (isOutcome(found)) return found;
        const { web } = found;
        const image = ctx.lab.images['shop/web:2.0'];
        return judgeReadinessProbe(web, found.i, found.c, { port: image?.ports?.[0] ?? APP_PORT, ...(image?.healthPaths ? { healthPaths: image.healthPaths } : {}) });
      },
    },
    {
      id: 'rollout-keeps-capacity',
      title: text('상황 3: 롤아웃 내내 Ready 엔드포인트가 줄지 않는다', 'Situation 3: the ready endpoints never drop during the rollout'),
      points: 5,
      hints: [
        text('`maxUnavailable: 0`이면 새 파드가 Ready가 된 뒤에야 옛 파드를 줄인다. 그러려면 `maxSurge`가 1 이상이어야 하고, 노드에 그만큼 자리가 있어야 한다.', 'With `maxUnavailable: 0` old pods go only once new ones are Ready, which needs `maxSurge` of at least 1 and room for that many pods on the nodes.'),
      ],
      async run(ctx) {
        const got = await webScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, web } = got;
        const before = o.webState.filter((s) => s.t <= ROLLOUT_AT).at(-1)?.value.ready ?? 0;
        const window = inWindow(o.webState, ROLLOUT_AT, END);
        const low = window.find((s) => s.value.ready < before);
        const fewest = window.reduce((n, s) => Math.min(n, s.value.ready), Number.POSITIVE_INFINITY);
        if (before > 0 && window.length > 0 && !low) {
          return pass(text(`t=${ROLLOUT_AT}초부터 t=${END}초까지 web의 Ready 엔드포인트가 롤아웃 전의 ${before}개 밑으로 내려가지 않았다.`, `from t=${ROLLOUT_AT} s to t=${END} s web never had fewer ready endpoints than the ${before} it had before the rollout.`));
        }
        if (before === 0) {
          const at = web.at(['spec', 'template', 'spec']);
          return fail(text(`롤아웃 전(t=${ROLLOUT_AT}초)에 web의 Ready 엔드포인트가 하나도 없었다: 노드 장애에서 회복하지 못했다 (${formatPosition(at)}).`, `before the rollout (t=${ROLLOUT_AT} s) web had no ready endpoint: it had not recovered from the node failure (${formatPosition(at)}).`), [at]);
        }
        const at = strategyAt(web);
        const why = (o.stored ? capacityLoss(o.stored, at) : undefined) ?? text(' 새 파드가 제때 Ready가 되지 못했다.', ' new pods did not become Ready in time.');
        return fail(
          text(`롤아웃 중 web의 Ready 엔드포인트가 롤아웃 전의 ${before}개 밑으로 내려갔다: t=${low!.t}초에 ${low!.value.ready}개 (가장 적을 때 ${fewest}개).${why.ko}`, `during the rollout web's ready endpoints fell below the ${before} it had before: ${low!.value.ready} at t=${low!.t} s (fewest: ${fewest}).${why.en}`),
          [at],
        );
      },
    },
    {
      id: 'rollout-completes',
      title: text('상황 3: 롤아웃이 끝나고 모든 web 파드가 2.1이다', 'Situation 3: the rollout completes and every web pod runs 2.1'),
      points: 5,
      hints: [
        text('`kubectl rollout status deployment/web -n shop`은 새 파드가 모두 Available이 될 때까지 기다린다. 새 파드가 Ready가 되지 못하거나 자리가 없어 Pending이면 롤아웃이 멈춘다.', '`kubectl rollout status deployment/web -n shop` waits until every new pod is Available; new pods that never become Ready, or stay Pending for lack of room, stall the rollout.'),
      ],
      async run(ctx) {
        const got = await webScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, web } = got;
        if (o.setImageError) return imageNotSet(web, o.setImageError);
        const done = inWindow(o.webState, ROLLOUT_AT, END).find((s) => s.value.done);
        if (done) {
          return pass(text(`t=${ROLLOUT_AT}초에 이미지를 ${NEW_WEB_IMAGE}(으)로 바꾸고 ${done.t - ROLLOUT_AT}초 뒤 롤아웃이 끝났다: 파드 ${done.value.replicas}개가 모두 2.1이고 Available이다.`, `the image was set to ${NEW_WEB_IMAGE} at t=${ROLLOUT_AT} s and the rollout completed ${done.t - ROLLOUT_AT} s later: all ${done.value.replicas} pods run 2.1 and are Available.`));
        }
        const last = o.webState.at(-1)?.value;
        const c = o.webContainer;
        const at = c?.c.readinessProbe ? web.at([...containerPath(c.i), 'readinessProbe']) : web.at(['spec', 'template']);
        return fail(
          text(`t=${END}초까지 롤아웃이 끝나지 않았다: 원하는 파드 ${last?.replicas ?? 0}개 중 새 버전 ${last?.updated ?? 0}개, Available ${last?.available ?? 0}개 (${formatPosition(at)}).`, `the rollout had not completed by t=${END} s: of ${last?.replicas ?? 0} desired pods, ${last?.updated ?? 0} updated and ${last?.available ?? 0} available (${formatPosition(at)}).`),
          [at],
        );
      },
    },
    {
      id: 'rollout-no-failures',
      title: text('상황 3: 롤아웃하는 동안 실패한 요청이 없다 (실패율에 따라 부분 점수)', 'Situation 3: no request fails during the rollout (partial credit by failure rate)'),
      points: 10,
      hints: [
        text('실패한 요청은 아직 포트를 열지 않은 새 파드(준비성 프로브 없음), kube-proxy가 아직 요청을 보내는데 먼저 종료한 옛 파드(preStop 대기 없음), Ready 파드가 모자란 순간에서 나온다.', 'Failed requests come from new pods that have not opened their port yet (no readiness probe), from old pods that stop while kube-proxy still sends them requests (no preStop wait), or from moments short of Ready pods.'),
        text('파드가 삭제되면 엔드포인트에서 빠지지만, kube-proxy가 규칙을 고치기까지(이 실습에서는 1초) 그 파드로 요청이 계속 간다. 컨테이너에 `lifecycle.preStop`(`sleep: { seconds: 5 }`)을 두어 그보다 오래 기다린 뒤 SIGTERM을 받게 하고, `terminationGracePeriodSeconds`는 그 대기보다 길게 둔다.', 'A deleted pod leaves the endpoints, but until kube-proxy has updated its rules (1 s in this lab) requests keep reaching it. Give the container a `lifecycle.preStop` (`sleep: { seconds: 5 }`) that waits longer than that before SIGTERM, and keep `terminationGracePeriodSeconds` longer than the wait.'),
        text('점수: 실패 0개는 만점, 모든 요청이 실패한 초가 있으면(중단) 0점, 그 밖에는 실패율 1% 미만 3/4, 5% 미만 1/2, 10% 미만 1/4.', 'Scoring: no failure, full marks; a second in which every request failed (an outage), none; otherwise under 1% failed, 3/4; under 5%, 1/2; under 10%, 1/4.'),
      ],
      async run(ctx) {
        const got = await webScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, web } = got;
        const during = inWindow(o.traffic, ROLLOUT_AT, END);
        const head = failedRequests(o.service!.object.metadata.name!, ROLLOUT_AT, END, sumTraffic(during));
        const verdict = zeroDowntimeShare(during);
        if (verdict.share === 1) return pass(text(`${head.ko}.`, `${head.en}.`));
        if (sumTraffic(inWindow(o.traffic, ROLLOUT_AT - RECOVERED_FOR, ROLLOUT_AT)).ok === 0) {
          const at = web.at(['spec', 'template', 'spec']);
          return fail(text(`${head.ko}. 롤아웃 직전에도 성공한 요청이 없었다: 노드 장애에서 회복하지 못했다 (${formatPosition(at)}).`, `${head.en}. No request succeeded just before the rollout either: web had not recovered from the node failure (${formatPosition(at)}).`), [at]);
        }
        const c = o.webContainer;
        const noProbe = !!c && !c.c.readinessProbe;
        const lag = ctx.lab.cluster.networkProgrammingSeconds ?? 0;
        const preStop = c ? judgePreStop(ctx.lab.images, c.c, web.object.spec?.template?.spec?.terminationGracePeriodSeconds, lag) : undefined;
        const draining = failuresAsPodsLeave(during, podsLeaving(o.webState, ROLLOUT_AT, END), lag);
        if (c && !noProbe && !verdict.outage && preStop?.cause && draining.length > 0) {
          const lost = draining.reduce((n, s) => n + s.value.failed, 0);
          const at = web.at([...containerPath(c.i), ...(preStop.hook ? ['lifecycle', 'preStop'] : [])]);
          const when = draining.map((s) => s.t).join(', ');
          return partial(
            verdict.share,
            1,
            text(`${head.ko}. 그중 ${lost}개는 파드가 빠질 때(t=${when}초) 실패했다: ${preStop.cause.ko} (${formatPosition(at)}).`, `${head.en}. ${lost} of them failed as pods left (t=${when} s): ${preStop.cause.en} (${formatPosition(at)}).`),
            [at],
          );
        }
        const at = noProbe ? web.at([...containerPath(c.i)]) : strategyAt(web);
        const first = during.find((s) => s.value.failed > 0);
        const cause = verdict.outage
          ? text(` ${describeOutage(verdict.outage.t, verdict.outageSeconds).ko}.`, ` ${describeOutage(verdict.outage.t, verdict.outageSeconds).en}.`)
          : text(` 첫 실패는 t=${first?.t ?? ROLLOUT_AT}초.`, ` The first failed at t=${first?.t ?? ROLLOUT_AT} s.`);
        const why = noProbe
          ? text(` 준비성 프로브가 없어 새 파드가 포트를 열기 전에 Ready가 되었다 (${formatPosition(at)}).`, ` With no readiness probe, new pods were Ready before they opened their port (${formatPosition(at)}).`)
          : ((o.stored ? capacityLoss(o.stored, at) : undefined) ?? text('', ''));
        return partial(verdict.share, 1, text(`${head.ko}.${cause.ko}${why.ko}`, `${head.en}.${cause.en}${why.en}`), [at]);
      },
    },
    {
      id: 'db-ready',
      title: text('상황 4: 서비스 db 뒤에서 데이터베이스가 Ready이고 데이터를 퍼시스턴트볼륨클레임에 둔다', 'Situation 4: the database is Ready behind Service db and keeps its data on a PersistentVolumeClaim'),
      points: 5,
      hints: [
        text('스테이트풀셋(StatefulSet) `db`의 `serviceName`과 같은 이름의 헤드리스 서비스(`clusterIP: None`)가 파드마다 `db-0.db` 같은 DNS 이름을 준다.', 'A headless Service (`clusterIP: None`) named like the StatefulSet\'s `serviceName` gives each pod a DNS name such as `db-0.db`.'),
        text('`volumeClaimTemplates`로 `/var/lib/postgresql/data`를 퍼시스턴트볼륨클레임에 두면 파드가 다시 만들어져도 데이터가 남는다. `POSTGRES_PASSWORD`가 없으면 postgres는 시작하지 않는다.', 'With `volumeClaimTemplates` putting `/var/lib/postgresql/data` on a PersistentVolumeClaim, the data outlives the pod. postgres does not start without `POSTGRES_PASSWORD`.'),
      ],
      async run(ctx) {
        const o = await observe(ctx);
        if (!o.run.sim) return simOnly();
        const db = o.db;
        const w = acceptedObject(ctx, o.run.applied, db.w ?? workloadRunning(ctx, ['StatefulSet', 'Deployment'], DB_IMAGE, 'db'), text('postgres를 실행하는 스테이트풀셋(StatefulSet)', 'StatefulSet running postgres'), 'StatefulSet', 'apps/v1');
        if (isOutcome(w)) return w;
        const kind = w.object.kind === 'StatefulSet' ? text('스테이트풀셋', 'StatefulSet') : text('디플로이먼트', 'Deployment');
        if (!db.ready) {
          const c = containerRunning(w, DB_IMAGE);
          const at = c ? w.at([...containerPath(c.i)]) : w.at(['spec', 'template']);
          return fail(text(`t=${FAIL_AT}초에 ${kind.ko} ${w.object.metadata.name}의 데이터베이스 파드가 Ready가 아니었다${db.problem ? `: ${db.problem.ko}` : ''} (${formatPosition(at)}).`, `at t=${FAIL_AT} s no database pod of ${kind.en} ${w.object.metadata.name} was Ready${db.problem ? `: ${db.problem.en}` : ''} (${formatPosition(at)}).`), [at]);
        }
        const parts: { ko: string; en: string; at: SourcePosition }[] = [];
        if (db.services.length === 0) {
          const at = w.at(['spec', 'template', 'metadata', 'labels']);
          parts.push({ ko: `포트 ${DB_PORT}으로 데이터베이스 파드를 고르는 서비스가 없다 (파드 레이블: ${formatPosition(at)})`, en: `no Service selects the database pod on port ${DB_PORT} (pod labels: ${formatPosition(at)})`, at });
        }
        if (!db.claim) {
          const c = containerRunning(w, DB_IMAGE);
          const at = w.object.kind === 'StatefulSet' ? w.at(['spec', ...((w.object as StatefulSet).spec?.volumeClaimTemplates ? ['volumeClaimTemplates'] : [])]) : c ? w.at([...containerPath(c.i)]) : w.at(['spec']);
          parts.push({ ko: `데이터 디렉터리가 퍼시스턴트볼륨클레임에 있지 않다 (${formatPosition(at)}): 파드가 다시 만들어지면 데이터가 사라진다`, en: `the data directory is not on a PersistentVolumeClaim (${formatPosition(at)}): the data goes when the pod is recreated`, at });
        }
        const head = text(`${kind.ko} ${w.object.metadata.name}의 파드 ${db.pod?.metadata?.name}이(가) Ready다`, `pod ${db.pod?.metadata?.name} of ${kind.en} ${w.object.metadata.name} is Ready`);
        if (parts.length === 0) {
          return pass(text(`${head.ko}: 서비스 ${db.services.map((s) => s.name).join(', ')}이(가) 포트 ${DB_PORT}으로 고르고, 데이터는 클레임 ${db.claim}에 있다.`, `${head.en}: Service ${db.services.map((s) => s.name).join(', ')} selects it on port ${DB_PORT}, and its data is on claim ${db.claim}.`));
        }
        return partial(
          5 - 2 * parts.length,
          5,
          text(`${head.ko}. 하지만 ${parts.map((p) => p.ko).join('. ')}.`, `${head.en}, but ${parts.map((p) => p.en).join('. ')}.`),
          parts.map((p) => p.at),
        );
      },
    },
    {
      id: 'db-host',
      title: text('상황 4: web과 order가 컨피그맵의 DB_HOST로 데이터베이스를 찾는다', 'Situation 4: web and order find the database through DB_HOST from a ConfigMap'),
      points: 10,
      hints: [
        text('같은 네임스페이스라면 `db-0.db`나 서비스 이름 `db`로, 어디서든 `db-0.db.shop.svc.cluster.local`로 풀린다. IP 주소는 파드가 다시 만들어지면 바뀐다.', 'In the same namespace `db-0.db` or the Service name `db` resolve, and `db-0.db.shop.svc.cluster.local` resolves anywhere; an IP address changes when the pod is recreated.'),
        text('접속 주소는 컨피그맵에 한 번만 쓰고 `valueFrom.configMapKeyRef`나 `envFrom.configMapRef`로 두 앱에 준다.', 'Write the address once in a ConfigMap and give it to both apps with `valueFrom.configMapKeyRef` or `envFrom.configMapRef`.'),
      ],
      async run(ctx) {
        const got = await judgeApps(ctx, (a) => {
          const src = a.hostSource!;
          if (a.problem && a.host === undefined) {
            return { earned: 0, message: text(`실행 중인 컨테이너가 없어 DB_HOST를 볼 수 없다 (${a.problem.ko})`, `no running container to read DB_HOST from (${a.problem.en})`), at: src.at };
          }
          const resolved = a.resolved.length > 0 ? a.resolved.join(', ') : 'NXDOMAIN';
          const reach = a.ipAddress
            ? text(`DB_HOST=${a.host}은(는) IP 주소라 데이터베이스 파드나 서비스가 다시 만들어지면 닿지 않는다(DNS 이름을 쓰자)`, `DB_HOST=${a.host} is an IP address, lost as soon as the database pod or Service is recreated (use a DNS name)`)
            : a.reachesDb
            ? text(`DB_HOST=${a.host}이(가) ${resolved}(으)로 풀려 데이터베이스에 닿는다`, `DB_HOST=${a.host} resolves to ${resolved} and reaches the database`)
            : a.host === undefined
              ? text('DB_HOST가 없다', 'there is no DB_HOST')
              : a.resolved.length === 0
                ? text(`DB_HOST=${a.host}이(가) 풀리지 않는다(NXDOMAIN)`, `DB_HOST=${a.host} does not resolve (NXDOMAIN)`)
                : text(`DB_HOST=${a.host}이(가) ${resolved}(으)로 풀려 데이터베이스 파드나 그 서비스에 닿지 않는다`, `DB_HOST=${a.host} resolves to ${resolved}, which is neither the database pod nor its Service`);
          const from = hostOrigin(src);
          const earned = (a.reachesDb ? 0.6 : 0) + (src.kind === 'configMap' ? 0.4 : 0);
          return { earned, message: text(`${reach.ko}${from.ko}`, `${reach.en}${from.en}`), ...(earned < 1 ? { at: src.at } : {}) };
        });
        if (isOutcome(got)) return got;
        const { o, earned, message, at } = got;
        return partial(Math.round(earned * 10) / 10, o.apps.length, text(`t=${FAIL_AT}초에 각 앱의 파드에서 본 값: ${message.ko}.`, `as each app's pod saw it at t=${FAIL_AT} s: ${message.en}.`), at);
      },
    },
    {
      id: 'db-password',
      title: text('상황 4: web과 order가 데이터베이스의 비밀번호를 시크릿에서 읽는다', 'Situation 4: web and order read the database password from a Secret'),
      points: 5,
      hints: [
        text('비밀번호를 매니페스트의 `env[].value`에 쓰면 매니페스트를 볼 수 있는 누구나 읽는다. 시크릿에 두고 `valueFrom.secretKeyRef`로 준다.', 'A password in the manifest\'s `env[].value` can be read by anyone who can read the manifest; keep it in a Secret and use `valueFrom.secretKeyRef`.'),
        text('데이터베이스의 `POSTGRES_PASSWORD`와 앱의 `DB_PASSWORD`를 같은 시크릿의 같은 키에서 읽으면 둘이 어긋나지 않는다.', 'Read the database\'s `POSTGRES_PASSWORD` and the apps\' `DB_PASSWORD` from the same key of the same Secret, and they cannot drift apart.'),
      ],
      async run(ctx) {
        const got = await judgeApps(ctx, (a, o) => {
          const src = a.passwordSource!;
          const match = a.passwordMatches
            ? text('값이 데이터베이스의 비밀번호와 같다', "its value matches the database's password")
            : a.problem
              ? text(`값을 확인할 수 없다 (${a.problem.ko})`, `its value cannot be checked (${a.problem.en})`)
              : o.db.password === undefined
                ? text('데이터베이스에 POSTGRES_PASSWORD가 없어 값을 비교할 수 없다', 'its value cannot be compared: the database has no POSTGRES_PASSWORD')
                : text('값이 데이터베이스의 비밀번호와 달라 접속이 거부된다', "its value differs from the database's password, so the connection is refused");
          const from = passwordOrigin(src);
          const earned = (src.kind === 'secret' ? 0.5 : 0) + (a.passwordMatches ? 0.5 : 0);
          return { earned, message: text(`${from.ko}. ${match.ko}`, `${from.en}; ${match.en}`), ...(earned < 1 ? { at: src.at } : {}) };
        });
        if (isOutcome(got)) return got;
        const { o, earned, message, at } = got;
        return partial(earned, o.apps.length, text(`${message.ko}.`, `${message.en}.`), at);
      },
    },
  ],
});
