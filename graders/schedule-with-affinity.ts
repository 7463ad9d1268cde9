/**
 * Grader of the lab "schedule-with-affinity": Deployment web (6 × shop/web:1.0) behind Service web on
 * six nodes in three zones of unequal size (3, 2 and 1 nodes), so that the default scheduler's
 * per-node spreading puts 3/2/1 pods in the zones and only a zone rule gives 2/2/2.
 *
 * One scenario, shared by the checks: the submission runs 60 s, 100 requests a second go to the
 * Service from t=60 s, and at t=90 s every node of the zone holding the most ready pods is cut off
 * (as `failNode` does: the kubelets stop reporting). The node lifecycle controller marks the nodes
 * NotReady and taints them node.kubernetes.io/unreachable after its 50 s grace period; the taint
 * eviction controller deletes their pods once the default 300 s toleration runs out; the ReplicaSet
 * creates replacements, which the scheduler places by the submission's rules. The grader watches
 * until t=510 s, recording every second the Service's ready endpoints and the requests that failed.
 *
 * The rules are read from the manifest (with their locations); everything else is judged on where the
 * pods actually are. A rule that counts no pod (its selector misses the pod labels) is accepted by
 * the API server and silently does nothing: the placement shows it.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Node, Pod, PodAffinityTerm, Service, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, missingObject, partial, pass, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, ScenarioRun, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { failedScheduling, isRunningAndReady, namespaceOf, podsOfDeployment, readyEndpoints } from '../src/grading/queries.ts';
import { deploymentRunning, serviceSelecting } from '../src/grading/submitted.ts';
import { describeOutage, lastSecond, outages, sumTraffic, type TrafficSecond } from '../src/grading/traffic.ts';
import type { FieldPath } from '../src/kube/position.ts';
import { formatLabels, matchesSelector } from '../src/kube/selector.ts';

const IMAGE = 'shop/web';
const NAME = 'web';
const REPLICAS = 6;
const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';
const TRAFFIC_AT = 60;
const FAIL_AT = 90;
const END = 510;
const RPS = 100;
/** The node controller's grace period (50 s) and monitor period (5 s), and a few seconds for the endpoints. */
const NOTICED_AFTER = 60;
/** Pods left after losing one zone of three when 6 are spread 2/2/2. */
const LEFT_AFTER_LOSS = 4;

/** One rule of the pod template that places pods relative to each other. */
interface Rule {
  kind: 'spread' | 'anti-affinity';
  /** DoNotSchedule / ScheduleAnyway, or required / preferred. */
  mode: string;
  topologyKey: string;
  selector: LabelSelector | undefined;
  /** A spread constraint's matchLabelKeys: the pod's own values of these keys join the selector. */
  matchLabelKeys: string[];
  /** Path of the rule inside the Deployment. */
  path: FieldPath;
}

interface Placement {
  /** Ready pods per zone (every zone of the cluster listed). */
  perZone: Map<string, number>;
  ready: number;
  /** Pods of the Deployment that are neither ready nor terminating. */
  waiting: Pod[];
}

interface Observed {
  run: ScenarioRun;
  deployment?: SubmittedObject<Deployment>;
  service?: SubmittedObject<Service>;
  /** The cluster's zones, in name order, with their nodes. */
  zones: Map<string, string[]>;
  before?: Placement;
  /** The zone whose nodes were cut off at t=FAIL_AT. */
  lostZone?: string;
  /** Ready pods outside the lost zone at the moment it was lost. */
  survivors: number;
  after?: Placement;
  /** When the Deployment had 6 ready pods again after the loss, if it did. */
  recoveredAt?: number;
  endpoints: Sample<number>[];
  traffic: Sample<TrafficSecond>[];
}

const deploymentOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => deploymentRunning(ctx, IMAGE, NAME);

/** The spread constraints and pod anti-affinity terms of the pod template, in file order. */
function rulesOf(d: SubmittedObject<Deployment>): Rule[] {
  const spec = d.object.spec?.template?.spec;
  const base = ['spec', 'template', 'spec'] as const;
  const rules: Rule[] = [];
  (spec?.topologySpreadConstraints ?? []).forEach((c: TopologySpreadConstraint, i) =>
    rules.push({ kind: 'spread', mode: c.whenUnsatisfiable ?? 'DoNotSchedule', topologyKey: c.topologyKey, selector: c.labelSelector, matchLabelKeys: c.matchLabelKeys ?? [], path: [...base, 'topologySpreadConstraints', i] }),
  );
  const anti = spec?.affinity?.podAntiAffinity;
  const term = (t: PodAffinityTerm, mode: string, path: FieldPath): Rule => ({ kind: 'anti-affinity', mode, topologyKey: t.topologyKey, selector: t.labelSelector, matchLabelKeys: [], path });
  (anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => rules.push(term(t, 'required', [...base, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', i])));
  (anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) =>
    rules.push(term(w.podAffinityTerm, 'preferred', [...base, 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'])),
  );
  return rules;
}

/** Whether the rule counts the Deployment's own pods (its selector matches their labels). */
function countsOwnPods(r: Rule, podLabels: Record<string, string>): boolean {
  return matchesSelector(r.selector, podLabels);
}

/** The first rule over zones that counts the Deployment's own pods. */
function zoneRule(d: SubmittedObject<Deployment>): Rule | undefined {
  const labels = d.object.spec?.template?.metadata?.labels ?? {};
  return rulesOf(d).find((r) => r.topologyKey === ZONE && countsOwnPods(r, labels));
}

/** Where behaviour failures point: the zone rule, any rule, or the pod template's spec. */
function rulesAt(d: SubmittedObject<Deployment>): SourcePosition {
  const r = zoneRule(d) ?? rulesOf(d)[0];
  return d.at(r ? r.path : ['spec', 'template', 'spec']);
}

function describeRule(r: Rule): string {
  return r.kind === 'spread' ? `topologySpreadConstraints (${r.mode}, topologyKey ${r.topologyKey})` : `podAntiAffinity (${r.mode}, topologyKey ${r.topologyKey})`;
}

async function placementOf(run: ScenarioRun, name: string, ns: string, zones: Map<string, string[]>): Promise<Placement> {
  const zoneOfNode = new Map<string, string>();
  for (const [zone, nodes] of zones) for (const n of nodes) zoneOfNode.set(n, zone);
  const perZone = new Map<string, number>([...zones.keys()].map((z) => [z, 0]));
  const pods = (await podsOfDeployment(run.backend, name, ns)).filter((p) => !p.metadata?.deletionTimestamp);
  let ready = 0;
  const waiting: Pod[] = [];
  for (const p of pods) {
    const zone = zoneOfNode.get(p.spec?.nodeName ?? '');
    if (isRunningAndReady(p) && zone !== undefined) {
      perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
      ready++;
    } else waiting.push(p);
  }
  return { perZone, ready, waiting };
}

async function zoneFailure(ctx: CheckContext): Promise<Observed> {
  const run = await ctx.scenario();
  const d = deploymentOf(ctx);
  const s = serviceSelecting(ctx, d, NAME);
  const name = d?.object.metadata.name ?? NAME;
  const ns = d ? namespaceOf(d.object) : 'default';
  const svc = s?.object.metadata.name ?? NAME;
  const zones = new Map<string, string[]>();
  for (const n of (await run.backend.list<Node>('Node')).sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!))) {
    const zone = n.metadata?.labels?.[ZONE];
    if (zone !== undefined) zones.set(zone, [...(zones.get(zone) ?? []), n.metadata!.name!]);
  }
  const sorted = new Map([...zones].sort(([a], [b]) => a.localeCompare(b)));
  await run.probe('endpoints', async (b) => (await readyEndpoints(b, svc, namespaceOf(s?.object ?? {}))).length);
  const sim = run.sim;
  await run.probe('traffic', () => lastSecond(sim, namespaceOf(s?.object ?? {}), svc));
  const observed: Observed = {
    run,
    ...(d ? { deployment: d } : {}),
    ...(s ? { service: s } : {}),
    zones: sorted,
    survivors: 0,
    endpoints: run.timeline<number>('endpoints'),
    traffic: run.timeline<TrafficSecond>('traffic'),
  };
  if (!sim) return observed;
  await run.advance(`${TRAFFIC_AT}s`);
  if (s) sim.setTraffic({ service: svc, namespace: namespaceOf(s.object), rps: RPS });
  await run.advance(`${FAIL_AT - TRAFFIC_AT}s`);
  const before = await placementOf(run, name, ns, sorted);
  observed.before = before;
  // The zone with the most ready pods; on a tie the first by name (the map is in name order).
  let lost: string | undefined;
  for (const [zone, n] of before.perZone) if (lost === undefined || n > before.perZone.get(lost)!) lost = zone;
  if (lost === undefined) return observed;
  observed.lostZone = lost;
  observed.survivors = before.ready - before.perZone.get(lost)!;
  for (const node of sorted.get(lost)!) sim.failNode(node);
  // Watch the recovery, remembering (to 10 s) when 6 pods were ready again, none in the lost zone.
  for (let t = FAIL_AT; t < END; t += 10) {
    await run.advance('10s');
    if (observed.recoveredAt !== undefined) continue;
    const now = await placementOf(run, name, ns, sorted);
    if (now.ready >= REPLICAS && now.perZone.get(lost) === 0) observed.recoveredAt = run.now();
  }
  observed.after = await placementOf(run, name, ns, sorted);
  return observed;
}

/** The zone-failure scenario, run once per submission; every check reads the same observations. */
const observe = perSubmission(zoneFailure);

/** The checks that need the scenario: the Deployment, accepted, and a scenario on the simulator. */
async function scenarioFor(ctx: CheckContext): Promise<{ o: Observed; d: SubmittedObject<Deployment> } | Outcome> {
  const o = await observe(ctx);
  if (!o.run.sim) return simulatorOnly(text('영역 장애 시나리오', 'the zone failure scenario'));
  const d = acceptedObject(ctx, o.run.applied, o.deployment, text('디플로이먼트(Deployment)', 'Deployment'), 'Deployment', 'apps/v1');
  return isOutcome(d) ? d : { o, d };
}

function formatZones(perZone: Map<string, number>, only?: (zone: string) => boolean): string {
  return [...perZone]
    .filter(([z]) => !only || only(z))
    .map(([z, n]) => `${z} ${n}`)
    .join(', ');
}

function skewOf(perZone: Map<string, number>, only?: (zone: string) => boolean): number {
  const counts = [...perZone].filter(([z]) => !only || only(z)).map(([, n]) => n);
  return counts.length === 0 ? 0 : Math.max(...counts) - Math.min(...counts);
}

/** Why pods wait: the scheduler's FailedScheduling message of the first unscheduled pod, and what it means here. */
function whyWaiting(waiting: Pod[]): Text {
  const msg = failedScheduling(waiting);
  if (!msg) {
    return waiting.length === 0 ? text('', '') : text(` 파드 ${waiting.length}개가 아직 Ready가 아니다.`, ` ${waiting.length} pod(s) are not Ready yet.`);
  }
  const head = text(` 파드 ${waiting.length}개가 Pending이다. 스케줄러의 메시지: "${msg}"`, ` ${waiting.length} pod(s) are Pending. The scheduler says: "${msg}"`);
  let why: Text;
  if (msg.includes('(missing required label)')) {
    why = text(
      ' 분배 조건의 topologyKey가 어느 노드에도 없는 레이블이라, DoNotSchedule 조건을 만족하는 노드가 없다.',
      " The constraint's topologyKey is a label no node has, so no node can satisfy a DoNotSchedule constraint.",
    );
  } else if (msg.includes("didn't match pod topology spread constraints") && msg.includes('node.kubernetes.io/unreachable')) {
    why = text(
      ' 끊긴 영역의 노드는 테인트가 붙었어도 여전히 분배 계산의 도메인이다(nodeTaintsPolicy 기본값 Ignore). 그 영역의 파드 수가 0이라 전체 최솟값이 0이 되고, 남은 영역에 놓으면 차이가 maxSkew를 넘는다. `nodeTaintsPolicy: Honor`를 주면 파드가 용인하지 않는 테인트가 있는 노드는 계산에서 빠진다.',
      " The lost zone's nodes, tainted as they are, still count as a domain (nodeTaintsPolicy defaults to Ignore). Its pod count of 0 makes the global minimum 0, so a pod in a remaining zone would exceed maxSkew. With `nodeTaintsPolicy: Honor`, nodes with taints the pod does not tolerate leave the count.",
    );
  } else if (msg.includes("didn't match pod topology spread constraints")) {
    why = text(' DoNotSchedule 분배 조건의 maxSkew를 지킬 수 있는 노드가 없다.', ' No node lets the DoNotSchedule constraint keep its maxSkew.');
  } else if (msg.includes("didn't match pod anti-affinity rules")) {
    why = text(
      ' 필수(required) 안티-어피니티는 topologyKey의 도메인(노드나 영역)마다 파드를 하나만 허락한다. 파드가 도메인보다 많으면 남는 파드는 갈 곳이 없다.',
      ' Required anti-affinity allows one pod per domain of its topologyKey (node or zone); with more pods than domains the rest have nowhere to go.',
    );
  } else if (msg.includes("didn't match Pod's node affinity/selector")) {
    why = text(' nodeSelector나 노드 어피니티에 맞는 노드가 남아 있지 않다.', ' No node left matches the nodeSelector or node affinity.');
  } else {
    why = text('', '');
  }
  return text(`${head.ko}.${why.ko}`, `${head.en}.${why.en}`);
}

export default defineGrader({
  lab: 'schedule-with-affinity',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [
      text('`topologySpreadConstraints`와 `affinity`는 파드 템플릿의 `spec` 아래, `containers`와 같은 열에 쓴다.', '`topologySpreadConstraints` and `affinity` go under the pod template\'s `spec`, in the same column as `containers`.'),
      text('`whenUnsatisfiable`은 DoNotSchedule 또는 ScheduleAnyway, `maxSkew`는 1 이상이다.', '`whenUnsatisfiable` is DoNotSchedule or ScheduleAnyway; `maxSkew` is at least 1.'),
    ]),
    {
      id: 'spread-rule',
      title: text('파드 템플릿에 이 파드들을 세는 영역 분배 규칙이 있다', 'The pod template has a zone spread rule that counts these pods'),
      points: 15,
      hints: [
        text('영역은 노드 레이블 `topology.kubernetes.io/zone`이다. 이것을 topologyKey로 쓴다.', 'The zone is the node label `topology.kubernetes.io/zone`: use it as the topologyKey.'),
        text('규칙의 labelSelector는 세고 싶은 파드, 곧 이 디플로이먼트의 파드 레이블과 맞아야 한다. 맞지 않으면 API 서버는 받아들이지만 규칙은 아무것도 세지 않는다.', "The rule's labelSelector must match the pods to count, this Deployment's pod labels. If it does not, the API server accepts it, but the rule counts nothing."),
      ],
      async run(ctx) {
        const d = acceptedObject(ctx, (await observe(ctx)).run.applied, deploymentOf(ctx), text('디플로이먼트(Deployment)', 'Deployment'), 'Deployment', 'apps/v1');
        if (isOutcome(d)) return d;
        const labels = d.object.spec?.template?.metadata?.labels ?? {};
        const rules = rulesOf(d);
        const good = zoneRule(d);
        if (good) {
          return pass(text(`${describeRule(good)}이(가) 파드(${formatLabels(labels)})를 영역마다 센다 (${formatPosition(d.at(good.path))}).`, `${describeRule(good)} counts the pods (${formatLabels(labels)}) per zone (${formatPosition(d.at(good.path))}).`));
        }
        const blind = rules.find((r) => r.topologyKey === ZONE);
        if (blind) {
          const at = d.at([...blind.path, 'labelSelector']);
          const sel = !blind.selector ? '(none)' : blind.selector.matchExpressions?.length ? JSON.stringify(blind.selector) : `{${formatLabels(blind.selector.matchLabels)}}`;
          return fail(
            text(
              `${describeRule(blind)}의 labelSelector ${sel}이(가) 파드 레이블 ${formatLabels(labels)}과(와) 맞지 않는다 (${formatPosition(at)}). API 서버는 이 규칙을 받아들이지만, 스케줄러는 모든 영역에서 맞는 파드를 0개로 세므로 규칙이 아무 일도 하지 않는다.`,
              `the labelSelector ${sel} of ${describeRule(blind)} does not match the pod labels ${formatLabels(labels)} (${formatPosition(at)}). The API server accepts the rule, but the scheduler counts 0 matching pods in every zone, so it does nothing.`,
            ),
            [at],
          );
        }
        if (rules.length > 0) {
          const r = rules[0]!;
          const at = d.at([...r.path, 'topologyKey']);
          const what =
            r.topologyKey === HOSTNAME
              ? text('노드 단위로 셀 뿐 영역은 보지 않는다: 노드가 3대인 영역 2a에 파드가 몰릴 수 있다.', 'counts per node and never looks at zones: zone 2a, with 3 nodes, can get most of the pods.')
              : text('어느 노드에도 이 레이블이 없다. 노드 레이블은 `kubectl get nodes --show-labels`로 확인한다.', 'no node has this label; `kubectl get nodes --show-labels` shows the node labels.');
          return fail(text(`${describeRule(r)}: topologyKey ${r.topologyKey}은(는) ${what.ko} (${formatPosition(at)})`, `${describeRule(r)}: topologyKey ${r.topologyKey} ${what.en} (${formatPosition(at)})`), [at]);
        }
        const at = d.at(['spec', 'template', 'spec']);
        return fail(
          text(`디플로이먼트 ${d.object.metadata.name}의 파드 템플릿에 topologySpreadConstraints도 podAntiAffinity도 없다 (${formatPosition(at)}).`, `the pod template of Deployment ${d.object.metadata.name} has neither topologySpreadConstraints nor podAntiAffinity (${formatPosition(at)}).`),
          [at],
        );
      },
    },
    {
      id: 'spread-at-start',
      title: text('파드 6개가 모두 Ready이고 세 영역에 고르게 놓인다', 'All 6 pods are Ready and spread evenly over the three zones'),
      points: 20,
      hints: [
        text('영역 사이의 차이를 최대 1로: `maxSkew: 1`, `topologyKey: topology.kubernetes.io/zone`.', 'At most 1 apart between zones: `maxSkew: 1`, `topologyKey: topology.kubernetes.io/zone`.'),
        text('필수(required) 안티-어피니티를 영역에 걸면 영역마다 파드가 하나뿐이다. 파드 6개를 영역 3곳에 두려면 분배 조건이나 선호(preferred) 안티-어피니티를 쓴다.', 'Required anti-affinity over zones allows one pod per zone; to put 6 pods in 3 zones use a spread constraint or preferred anti-affinity.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const p = o.before!;
        const at = rulesAt(d);
        const skew = skewOf(p.perZone);
        const all = p.ready >= REPLICAS;
        const even = p.ready > 0 && skew <= 1;
        const where = text(`t=${FAIL_AT}초에 영역별 Ready 파드: ${formatZones(p.perZone)}`, `ready pods per zone at t=${FAIL_AT} s: ${formatZones(p.perZone)}`);
        if (all && even) return pass(text(`${where.ko} (차이 ${skew}).`, `${where.en} (skew ${skew}).`));
        const waiting = whyWaiting(p.waiting);
        const uneven = even ? text('', '') : text(` 영역 사이의 차이가 ${skew}(으)로 1을 넘는다.`, ` The zones are ${skew} apart, more than 1.`);
        return partial(
          (all ? 1 : 0) + (even ? 1 : 0),
          2,
          text(`${where.ko}: Ready ${p.ready}/${REPLICAS}.${uneven.ko}${waiting.ko} (${formatPosition(at)})`, `${where.en}: ${p.ready}/${REPLICAS} ready.${uneven.en}${waiting.en} (${formatPosition(at)})`),
          [at],
        );
      },
    },
    {
      id: 'zone-failure-serving',
      title: text('영역 장애 중에도 서비스가 응답하고 파드가 4개 이상 남는다', 'During the zone failure the Service answers and at least 4 pods are left'),
      points: 20,
      hints: [
        text('파드가 한 영역에 몰려 있으면 그 영역을 잃는 순간 서비스가 멈춘다. 영역마다 2개씩이면 한 영역을 잃어도 4개가 남는다.', 'Pods crowded into one zone all go when it goes; with 2 per zone, losing a zone leaves 4.'),
        text('노드가 끊기고 노드 컨트롤러가 알아채기까지(약 50초) 그 노드의 파드로 간 요청은 실패한다. 이것은 피할 수 없고, 채점은 그 뒤를 본다.', 'Until the node controller notices the lost nodes (about 50 s), requests sent to their pods fail. That cannot be avoided; the grading looks at what comes after.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const at = rulesAt(d);
        if (!o.service) return missingObject(ctx, text('서비스', 'Service'), 'Service', 'v1');
        if (!o.lostZone) return fail(text(`t=${FAIL_AT}초에 Ready 파드가 하나도 없어 영역 장애를 볼 수 없다.${whyWaiting(o.before?.waiting ?? []).ko}`, `no pod was ready at t=${FAIL_AT} s, so there was no zone failure to watch.${whyWaiting(o.before?.waiting ?? []).en}`), [at]);
        const during = o.traffic.filter((s) => s.t > FAIL_AT);
        const { total, failed } = sumTraffic(during);
        const outage = outages(during);
        const noticed = o.endpoints.filter((s) => s.t >= FAIL_AT + NOTICED_AFTER);
        const fewest = Math.min(...noticed.map((s) => s.value));
        const lateFailed = sumTraffic(during.filter((s) => s.t >= FAIL_AT + NOTICED_AFTER)).failed;
        const lost = o.before!.perZone.get(o.lostZone)!;
        const head = text(
          `t=${FAIL_AT}초에 영역 ${o.lostZone}(Ready 파드 ${lost}개)의 노드 ${o.zones.get(o.lostZone)!.join(', ')}을(를) 끊었다. 그 뒤 요청 ${total}개 중 ${failed}개가 실패했다`,
          `at t=${FAIL_AT} s the nodes of zone ${o.lostZone} (${lost} ready pod${lost === 1 ? '' : 's'}), ${o.zones.get(o.lostZone)!.join(', ')}, were cut off. Of the ${total} requests after that, ${failed} failed`,
        );
        if (outage.length > 0) {
          const left =
            o.survivors === 0
              ? text('Ready 파드가 모두 잃은 영역에 있었다', 'every ready pod was in the lost zone')
              : text(`잃은 영역 밖에 Ready 파드가 ${o.survivors}개뿐이었다`, `only ${o.survivors} ready pod(s) were outside the lost zone`);
          return fail(
            text(
              `${head.ko}. ${describeOutage(outage[0]!.t, outage.length).ko}: ${left.ko} (${formatPosition(at)}).`,
              `${head.en}. ${describeOutage(outage[0]!.t, outage.length).en}: ${left.en} (${formatPosition(at)}).`,
            ),
            [at],
          );
        }
        if (fewest < LEFT_AFTER_LOSS) {
          return partial(
            1,
            2,
            text(
              `${head.ko}. 서비스는 계속 응답했지만, 노드 컨트롤러가 장애를 알아챈 뒤(t=${FAIL_AT + NOTICED_AFTER}초부터) Ready 엔드포인트가 ${fewest}개까지 줄었다: Ready 파드 중 ${lost}개가 잃은 영역에 있었다. 2/2/2로 퍼뜨리면 ${LEFT_AFTER_LOSS}개가 남는다 (${formatPosition(at)}).`,
              `${head.en}. The Service kept answering, but once the node controller noticed (from t=${FAIL_AT + NOTICED_AFTER} s) the ready endpoints fell to ${fewest}: ${lost} of the ready pods were in the lost zone. Spread 2/2/2, ${LEFT_AFTER_LOSS} would be left (${formatPosition(at)}).`,
            ),
            [at],
          );
        }
        return pass(
          text(
            `${head.ko}: 노드 컨트롤러가 알아채기 전 그 영역의 파드로 간 요청이다. 서비스는 내내 응답했고, t=${FAIL_AT + NOTICED_AFTER}초부터 Ready 엔드포인트가 늘 ${fewest}개 이상이었으며 실패한 요청은 ${lateFailed}개였다.`,
            `${head.en}: requests sent to that zone's pods before the node controller noticed. The Service answered throughout; from t=${FAIL_AT + NOTICED_AFTER} s there were always at least ${fewest} ready endpoints, and ${lateFailed} request(s) failed.`,
          ),
        );
      },
    },
    {
      id: 'replacements-scheduled',
      title: text('잃은 파드를 대신할 파드가 남은 영역에 배치되어 Ready가 된다', 'Replacements for the lost pods are scheduled in the remaining zones and become Ready'),
      points: 25,
      hints: [
        text('`kubectl describe pod`의 FailedScheduling 이벤트가 대체 파드가 왜 Pending인지 알려 준다.', 'The FailedScheduling event in `kubectl describe pod` says why a replacement is Pending.'),
        text('DoNotSchedule 분배 조건은 기본적으로 테인트가 붙은 노드의 영역도 센다. `nodeTaintsPolicy: Honor`나 `whenUnsatisfiable: ScheduleAnyway`를 생각해 보자.', 'A DoNotSchedule constraint counts the zones of tainted nodes too, by default. Think of `nodeTaintsPolicy: Honor` or `whenUnsatisfiable: ScheduleAnyway`.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const at = rulesAt(d);
        if (!o.lostZone || !o.after) return fail(text(`t=${FAIL_AT}초에 Ready 파드가 없어 대체 파드를 볼 수 없다.`, `no pod was ready at t=${FAIL_AT} s, so there were no replacements to watch.`), [at]);
        const need = REPLICAS - o.survivors;
        const replaced = Math.max(0, Math.min(need, o.after.ready - o.survivors));
        const inLost = o.after.perZone.get(o.lostZone)!;
        const zones = text(`t=${END}초에 영역별 Ready 파드: ${formatZones(o.after.perZone)}`, `ready pods per zone at t=${END} s: ${formatZones(o.after.perZone)}`);
        if (replaced >= need && inLost === 0) {
          return pass(
            text(
              `${zones.ko}. 파드 ${REPLICAS}개가 t=${o.recoveredAt ?? END}초에 다시 Ready였다 (끊긴 노드의 파드는 unreachable 테인트를 용인하는 시간, 기본 300초가 지나야 축출된다).`,
              `${zones.en}. ${REPLICAS} pods were ready again at t=${o.recoveredAt ?? END} s (the pods of a lost node are evicted once their toleration of the unreachable taint runs out, 300 s by default).`,
            ),
          );
        }
        const waiting = whyWaiting(o.after.waiting);
        return partial(
          replaced,
          need,
          text(`${zones.ko}. 대체 파드 ${need}개 중 ${replaced}개가 Ready다.${waiting.ko} (${formatPosition(at)})`, `${zones.en}. ${replaced} of the ${need} replacements are ready.${waiting.en} (${formatPosition(at)})`),
          [at],
        );
      },
    },
    {
      id: 'respread-after-failure',
      title: text('장애 뒤 파드 6개가 남은 두 영역에 고르게 놓인다', 'After the failure the 6 pods are spread evenly over the two remaining zones'),
      points: 10,
      hints: [
        text('남은 두 영역에 3개씩이어야 한다. 규칙이 없으면 대체 파드는 노드가 많은 영역으로 몰린다.', 'The two remaining zones should get 3 each; without a rule the replacements crowd into the zone with more nodes.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const at = rulesAt(d);
        if (!o.lostZone || !o.after) return fail(text(`t=${FAIL_AT}초에 Ready 파드가 없어 장애 뒤의 배치를 볼 수 없다.`, `no pod was ready at t=${FAIL_AT} s, so there was no placement after a failure to look at.`), [at]);
        const lost = o.lostZone;
        const remaining = (z: string): boolean => z !== lost;
        const skew = skewOf(o.after.perZone, remaining);
        const zones = text(`t=${END}초에 남은 영역의 Ready 파드: ${formatZones(o.after.perZone, remaining)}`, `ready pods in the remaining zones at t=${END} s: ${formatZones(o.after.perZone, remaining)}`);
        if (o.after.ready < REPLICAS) {
          return fail(text(`${zones.ko}: 파드 ${REPLICAS}개 중 ${o.after.ready}개만 Ready라 고르게 다시 놓였다고 할 수 없다 (대체 파드 검사를 보자).`, `${zones.en}: only ${o.after.ready} of ${REPLICAS} pods are ready, so they have not been spread again (see the replacements check).`), [at]);
        }
        if (skew <= 1) return pass(text(`${zones.ko} (차이 ${skew}).`, `${zones.en} (skew ${skew}).`));
        return fail(text(`${zones.ko}: 차이가 ${skew}(으)로 1을 넘는다 (${formatPosition(at)}).`, `${zones.en}: ${skew} apart, more than 1 (${formatPosition(at)}).`), [at]);
      },
    },
  ],
});
