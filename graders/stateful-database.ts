/**
 * Grader of the lab "stateful-database": PostgreSQL (postgres:16, which needs POSTGRES_PASSWORD and
 * keeps its data in /var/lib/postgresql/data) as StatefulSet db with 3 members, headless Service db,
 * and a claim per member from volumeClaimTemplates `data`, bound through the cluster's default
 * StorageClass (standard, WaitForFirstConsumer, as kind has it).
 *
 * The cluster checks run after 90 s: the Service's name resolves to the members' own addresses (a
 * ClusterIP Service answers with one virtual IP instead), db-0…db-2 are Ready, data-db-0…2 are Bound,
 * and db-N.db resolves to pod db-N from namespace default (src/sim/network/dns.ts). One scenario,
 * shared by two checks, records every second which members exist and are Ready, deletes pod db-1 at
 * t=60 s and watches until t=120 s: the members must have started one at a time (OrderedReady: db-1
 * only once db-0 is Ready), and db-1 must come back under its name, with its claim and volume, and
 * find its data there (Cluster.containerView: 'restored').
 *
 * Kubernetes validates a StatefulSet's claim templates only when the controller creates the claims:
 * a template without a storage request is accepted, and the controller then fails to create the
 * claim, and so the pod, with a FailedCreate event (stateful_pod_control.go); the checks quote it.
 */
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod, Service } from 'kubernetes-types/core/v1';
import { SimBackend } from '../src/backends/sim.ts';
import type { ClusterBackend } from '../src/backends/backend.ts';
import { defineGrader, fail, formatPosition, isOutcome, manifestHints, manifestsValidCheck, missingObject, partial, pass, rejectedObject, simulatorOnly, skip, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, ScenarioRun, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { isRunningAndReady, namespaceOf as nsOf, podProblem, podsControlledBy } from '../src/grading/queries.ts';
import { namedOrFirst } from '../src/grading/submitted.ts';
import { bytes } from '../src/kube/quantity.ts';
import { matchesLabelMap, matchesSelector } from '../src/kube/selector.ts';
import { parseImage } from '../src/sim/kubelet/images.ts';
import { DEFAULT_CLASS_ANNOTATION } from '../src/sim/controllers/persistent-volume.ts';

const NAME = 'db';
const NAMESPACE = 'default';
const REPLICAS = 3;
const TEMPLATE = 'data';
const MIN_STORAGE = 1024 ** 3;
const IMAGE = 'postgres';
/** The namespace of the app that looks the members up. */
const CLIENT_NAMESPACE = 'default';
/** The scenario: pod db-1 is deleted at DELETE_AT, and watched until END. */
const DELETE_AT = 60;
const END = 120;
const VICTIM = `${NAME}-1`;
const MEMBERS = [...Array(REPLICAS).keys()].map((i) => `${NAME}-${i}`);
const fqdn = (pod: string): string => `${pod}.${NAME}.${NAMESPACE}.svc.cluster.local`;

const STS_WHAT = text('스테이트풀셋(StatefulSet) db', 'StatefulSet db');

const statefulSetOf = (ctx: CheckContext): SubmittedObject<StatefulSet> | undefined => namedOrFirst<StatefulSet>(ctx, 'StatefulSet', NAME);
const serviceOf = (ctx: CheckContext): SubmittedObject<Service> | undefined => namedOrFirst<Service>(ctx, 'Service', NAME);

/** A Deployment running the database instead of a StatefulSet, if the submission has one. */
function databaseDeployment(ctx: CheckContext): SubmittedObject<Deployment> | undefined {
  return ctx.objects<Deployment>('Deployment').find((d) => (d.object.spec?.template?.spec?.containers ?? []).some((c) => parseImage(c.image ?? '').repository === IMAGE));
}

/** "Use a StatefulSet", said about the Deployment that runs the database when there is one. */
function noStatefulSet(ctx: CheckContext, consequence: Text): Outcome {
  const d = databaseDeployment(ctx);
  if (!d) return missingObject(ctx, STS_WHAT, 'StatefulSet', 'apps/v1');
  const at = d.at(['kind']);
  const claim = d.object.spec?.template?.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
  const replicas = d.object.spec?.replicas ?? 1;
  const shared =
    claim && replicas > 1
      ? text(
          `파드 ${replicas}개가 모두 클레임 ${claim}을(를) 붙인다: PostgreSQL 프로세스 여럿이 한 데이터 디렉터리를 쓰게 되고, 한 번에 한 노드에만 붙는 디스크라면 다른 노드의 파드는 시작하지도 못한다.`,
          `all ${replicas} pods mount claim ${claim}: several PostgreSQL processes would write one data directory, and with a disk that attaches to one node at a time, the pods on other nodes would not even start.`,
        )
      : text('', '');
  return fail(
    text(
      `데이터베이스가 디플로이먼트(Deployment) ${d.object.metadata.name}(${formatPosition(at)})로 돈다. 디플로이먼트의 파드는 서로 바꿔 쓸 수 있다고 보므로 이름이 무작위이고, ${shared.ko || '템플릿의 클레임 하나를 모든 파드가 함께 쓴다.'} ${consequence.ko}`,
      `the database runs as Deployment ${d.object.metadata.name} (${formatPosition(at)}). A Deployment takes its pods to be interchangeable: their names are random, and ${shared.en || 'every pod shares the one claim of the template.'} ${consequence.en}`,
    ),
    [at],
  );
}

/** The StatefulSet as the cluster has it, or an outcome saying why there is none. */
async function liveSet(ctx: CheckContext, consequence: Text): Promise<{ s: SubmittedObject<StatefulSet>; backend: ClusterBackend } | Outcome> {
  const s = statefulSetOf(ctx);
  if (!s) return noStatefulSet(ctx, consequence);
  const { backend, applied } = await ctx.cluster();
  return rejectedObject(applied, s) ?? { s, backend };
}

/** The StatefulSet's pods db-0 … db-2, by name. */
async function members(backend: ClusterBackend, set: string, ns: string): Promise<Map<string, Pod>> {
  const pods = await podsControlledBy(backend, 'StatefulSet', set, ns);
  return new Map(pods.filter((p) => MEMBERS.includes(p.metadata?.name ?? '')).map((p) => [p.metadata!.name!, p]));
}

/** Why members are missing or not Ready: the controller's FailedCreate event, or the first pod's problem, with the field at fault. */
async function whyNotReady(backend: ClusterBackend, s: SubmittedObject<StatefulSet>, pods: Map<string, Pod>): Promise<{ message: Text; at: SourcePosition[] } | undefined> {
  const failed = (await backend.events({ kind: 'StatefulSet', name: s.object.metadata.name!, reason: 'FailedCreate' })).at(-1);
  if (failed?.message && pods.size < REPLICAS) {
    const claim = failed.message.includes('PersistentVolumeClaim') || failed.message.includes('PVC');
    const at = claim ? s.at(['spec', 'volumeClaimTemplates', 0, 'spec', ...(failed.message.includes('storage') ? ['resources'] : failed.message.includes('accessModes') ? ['accessModes'] : [])]) : s.at(['spec', 'template']);
    return {
      message: text(
        `스테이트풀셋 컨트롤러의 이벤트(FailedCreate): "${failed.message}" (${formatPosition(at)}).${claim ? ' 쿠버네티스는 클레임 템플릿을 스테이트풀셋을 만들 때가 아니라 컨트롤러가 클레임을 만들 때 검증한다: 스테이트풀셋은 받아들여졌지만 클레임도 파드도 생기지 않는다.' : ''}`,
        `The StatefulSet controller's event (FailedCreate): "${failed.message}" (${formatPosition(at)}).${claim ? ' Kubernetes validates claim templates when the controller creates the claims, not when the StatefulSet is created: the StatefulSet was accepted, but neither claims nor pods appear.' : ''}`,
      ),
      at: [at],
    };
  }
  for (const name of MEMBERS) {
    const pod = pods.get(name);
    if (!pod || isRunningAndReady(pod)) continue;
    const problem = podProblem(pod);
    if (!problem) continue;
    const why = text(problem.ko.replace(/\.+$/, ''), problem.en.replace(/\.+$/, ''));
    // A pod waiting for its claim: the claim's own event says why (a class that does not exist …).
    const claim = pod.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
    const pvc = claim ? await backend.get<PersistentVolumeClaim>('PersistentVolumeClaim', claim, nsOf(s.object)) : undefined;
    if (pvc && pvc.status?.phase !== 'Bound') {
      const ev = (await backend.events({ kind: 'PersistentVolumeClaim', name: claim! })).filter((e) => e.type === 'Warning').at(-1);
      const at = s.at(['spec', 'volumeClaimTemplates', 0, 'spec', ...(pvc.spec?.storageClassName !== undefined ? ['storageClassName'] : [])]);
      return {
        message: text(`${why.ko}. 클레임 ${claim}이(가) ${pvc.status?.phase ?? 'Pending'}이다${ev?.message ? `: ${ev.message}` : ''} (${formatPosition(at)}).`, `${why.en}. Claim ${claim} is ${pvc.status?.phase ?? 'Pending'}${ev?.message ? `: ${ev.message}` : ''} (${formatPosition(at)}).`),
        at: [at],
      };
    }
    return { message: text(`${why.ko}.`, `${why.en}.`), at: [s.at(['spec', 'template', 'spec', 'containers', 0])] };
  }
  return undefined;
}

/** What the scenario saw: each member's existence and readiness every second, and db-1 before and after its deletion. */
interface Member {
  exists: boolean;
  ready: boolean;
}

interface Incarnation {
  uid?: string;
  claim?: string;
  volume?: string;
  ready: boolean;
  data?: 'restored' | 'new';
}

interface Observed {
  run: ScenarioRun;
  timeline: Sample<Record<string, Member>>[];
  before?: Incarnation;
  after?: Incarnation;
}

async function incarnation(backend: SimBackend, set: string, ns: string): Promise<Incarnation | undefined> {
  const pod = (await members(backend, set, ns)).get(VICTIM);
  if (!pod || pod.metadata?.deletionTimestamp) return undefined;
  const claim = pod.spec?.volumes?.find((v) => v.name === TEMPLATE)?.persistentVolumeClaim?.claimName;
  const pvc = claim ? await backend.get<PersistentVolumeClaim>('PersistentVolumeClaim', claim, ns) : undefined;
  const container = pod.spec?.containers.find((c) => parseImage(c.image ?? '').repository === IMAGE) ?? pod.spec?.containers[0];
  const data = container ? backend.cluster.containerView(VICTIM, container.name, ns)?.data : undefined;
  return { uid: pod.metadata?.uid, ready: isRunningAndReady(pod), ...(claim ? { claim } : {}), ...(pvc?.spec?.volumeName ? { volume: pvc.spec.volumeName } : {}), ...(data ? { data } : {}) };
}

/** Runs the scenario once per submission; both scenario checks read it. */
const observe = perSubmission(async (ctx): Promise<Observed | undefined> => {
  const run = await ctx.scenario();
  if (!(run.backend instanceof SimBackend)) return undefined;
  const backend = run.backend;
  const sts = statefulSetOf(ctx)?.object;
  const set = sts?.metadata.name ?? NAME;
  const ns = nsOf(sts ?? {});
  await run.probe('members', async (b) => {
    const pods = await members(b, set, ns);
    return Object.fromEntries(MEMBERS.map((m) => [m, { exists: pods.has(m), ready: pods.get(m) ? isRunningAndReady(pods.get(m)!) : false }]));
  });
  await run.advance(`${DELETE_AT}s`);
  const before = await incarnation(backend, set, ns);
  if (before) backend.cluster.delete('Pod', VICTIM, ns);
  await run.advance(`${END - DELETE_AT}s`);
  const after = before ? await incarnation(backend, set, ns) : undefined;
  return { run, timeline: run.timeline<Record<string, Member>>('members').filter((x) => x.t <= DELETE_AT), ...(before ? { before } : {}), ...(after ? { after } : {}) };
});

export default defineGrader({
  lab: 'stateful-database',
  settle: '90s',
  checks: [
    manifestsValidCheck(10, [manifestHints.indentation, manifestHints.dryRun]),
    {
      id: 'headless-service',
      title: text('헤드리스 서비스 db: 이름 db가 구성원 파드의 주소로 풀린다', "Headless Service db: the name db resolves to the member pods' addresses"),
      points: 15,
      hints: [
        text('`clusterIP: None`인 서비스는 가상 IP가 없다. DNS가 서비스 이름을 준비된 파드의 주소 목록으로 풀어 준다.', 'A Service with `clusterIP: None` has no virtual IP: DNS answers its name with the addresses of its ready pods.'),
        text('`clusterIP`는 서비스를 만든 뒤에는 바꿀 수 없다. 클러스터에서는 서비스를 지우고 다시 만들어야 한다.', '`clusterIP` cannot be changed once the Service exists: on a cluster, delete the Service and create it again.'),
      ],
      async run(ctx) {
        const svc = serviceOf(ctx);
        if (!svc) return missingObject(ctx, text('서비스 db', 'Service db'), 'Service', 'v1');
        const { backend, applied } = await ctx.cluster();
        const refused = rejectedObject(applied, svc);
        if (refused) return refused;
        const name = svc.object.metadata.name!;
        const ns = nsOf(svc.object);
        const s = statefulSetOf(ctx);
        const labels = s?.object.spec?.template?.metadata?.labels ?? databaseDeployment(ctx)?.object.spec?.template?.metadata?.labels;
        if (labels && !matchesLabelMap(svc.object.spec?.selector, labels)) {
          const at = svc.at(['spec', 'selector']);
          return fail(text(`서비스 ${name}의 셀렉터가 데이터베이스 파드를 고르지 않는다 (${formatPosition(at)}).`, `the selector of Service ${name} does not select the database pods (${formatPosition(at)}).`), [at]);
        }
        const live = await backend.get<Service>('Service', name, ns);
        const clusterIP = live?.spec?.clusterIP;
        if (!(backend instanceof SimBackend)) {
          return clusterIP === 'None' ? pass(text(`서비스 ${name}은(는) 헤드리스다.`, `Service ${name} is headless.`)) : fail(text(`서비스 ${name}에 가상 IP ${clusterIP}이(가) 있다: \`clusterIP: None\`으로 만들자.`, `Service ${name} has the virtual IP ${clusterIP}: make it \`clusterIP: None\`.`), [svc.at(['spec'])]);
        }
        const records = backend.cluster.resolve(`${name}.${ns}.svc.cluster.local`, CLIENT_NAMESPACE).sort();
        const pods = (await backend.list<Pod>('Pod', { namespace: ns })).filter((p) => isRunningAndReady(p) && matchesSelector({ matchLabels: svc.object.spec?.selector ?? {} }, p.metadata?.labels));
        const ips = pods.map((p) => p.status?.podIP ?? '').sort();
        const lookup = `${name}.${ns}.svc.cluster.local`;
        if (clusterIP !== 'None') {
          const at = svc.object.spec?.clusterIP !== undefined ? svc.at(['spec', 'clusterIP']) : svc.at(['spec']);
          return fail(
            text(
              `${lookup}이(가) 가상 IP 하나(${records.join(', ') || clusterIP})로 풀린다: 서비스 ${name}이(가) 헤드리스가 아니다 (${formatPosition(at)}). 클라이언트는 어떤 구성원이 있는지 볼 수 없고, 요청은 아무 구성원에게나 간다. 스테이트풀셋의 네트워크 정체성에는 헤드리스 서비스(\`clusterIP: None\`)가 필요하다. (쿠버네티스 DNS 명세는 파드별 이름을 헤드리스 서비스에만 정의한다. CoreDNS는 다른 서비스에도 답하지만 그것에 기대지 말자.)`,
              `${lookup} resolves to one virtual IP (${records.join(', ') || clusterIP}): Service ${name} is not headless (${formatPosition(at)}). Clients cannot see which members there are, and requests go to any member. A StatefulSet's network identity needs a headless Service (\`clusterIP: None\`). (The Kubernetes DNS specification defines per-pod names for headless Services only; CoreDNS answers them for other Services too, but do not rely on it.)`,
            ),
            [at],
          );
        }
        const same = records.length === ips.length && records.every((r, i) => r === ips[i]);
        const msg = text(`${lookup}이(가) 준비된 구성원 ${ips.length}개의 주소로 풀린다 (${records.join(', ') || '아직 없음'}).`, `${lookup} resolves to the addresses of the ${ips.length} ready member(s) (${records.join(', ') || 'none yet'}).`);
        if (same) return pass(msg);
        return fail(text(`${lookup}이(가) ${records.join(', ') || '아무 주소로도'} 풀리는데, 준비된 구성원은 ${ips.join(', ') || '없다'}.`, `${lookup} resolves to ${records.join(', ') || 'nothing'}, but the ready members are ${ips.join(', ') || 'none'}.`), [svc.at(['spec'])]);
      },
    },
    {
      id: 'members-ready',
      title: text('스테이트풀셋의 db-0, db-1, db-2가 Ready다', "The StatefulSet's db-0, db-1 and db-2 are Ready"),
      points: 15,
      hints: [
        text('`kubectl describe statefulset db`의 이벤트에 컨트롤러가 클레임이나 파드를 만들지 못한 이유가 나온다.', 'The events of `kubectl describe statefulset db` say why the controller could not create a claim or a pod.'),
        text('클레임 템플릿에는 `accessModes`와 `resources.requests.storage`가 모두 있어야 한다.', 'A claim template needs both `accessModes` and `resources.requests.storage`.'),
      ],
      async run(ctx) {
        const live = await liveSet(ctx, text('구성원마다 db-0처럼 고정된 이름이 필요하다: 스테이트풀셋을 쓰자.', 'Each member needs a stable name such as db-0: use a StatefulSet.'));
        if (isOutcome(live)) return live;
        const { s, backend } = live;
        const pods = await members(backend, s.object.metadata.name!, nsOf(s.object));
        const ready = MEMBERS.filter((m) => pods.get(m) && isRunningAndReady(pods.get(m)!));
        const msg = text(`구성원 ${MEMBERS.join(', ')} 중 ${ready.length}개가 Ready다${ready.length ? ` (${ready.join(', ')})` : ''}.`, `${ready.length} of the members ${MEMBERS.join(', ')} are Ready${ready.length ? ` (${ready.join(', ')})` : ''}.`);
        const replicas = s.object.spec?.replicas ?? 1;
        if (ready.length === REPLICAS) return pass(msg);
        if (replicas !== REPLICAS) {
          const at = s.at(['spec', 'replicas']);
          return partial(ready.length, REPLICAS, text(`${msg.ko} 스테이트풀셋의 replicas가 ${replicas}이다 (${formatPosition(at)}).`, `${msg.en} The StatefulSet has replicas: ${replicas} (${formatPosition(at)}).`), [at]);
        }
        const why = await whyNotReady(backend, s, pods);
        return partial(ready.length, REPLICAS, why ? text(`${msg.ko} ${why.message.ko}`, `${msg.en} ${why.message.en}`) : msg, why?.at ?? []);
      },
    },
    {
      id: 'ordered-startup',
      title: text('구성원이 하나씩 시작한다 (앞 구성원이 Ready가 된 뒤)', 'The members start one at a time (each once the one before is Ready)'),
      points: 10,
      hints: [
        text('`podManagementPolicy`의 기본값 OrderedReady는 앞 구성원이 Running이고 Ready일 때만 다음 파드를 만든다. Parallel은 모두 한꺼번에 만든다.', 'The default `podManagementPolicy`, OrderedReady, creates the next pod only once the one before is Running and Ready; Parallel creates them all at once.'),
        text('준비성 프로브가 있어야 "Ready"가 "포트를 열었다"는 뜻이 된다.', 'With a readiness probe, "Ready" means "accepting connections".'),
      ],
      async run(ctx) {
        const s = statefulSetOf(ctx);
        if (!s) return noStatefulSet(ctx, text('디플로이먼트는 파드를 모두 한꺼번에 만든다: 구성원이 차례로 시작하려면 스테이트풀셋을 쓰자.', 'A Deployment creates its pods all at once: for members that start in order, use a StatefulSet.'));
        const o = await observe(ctx);
        if (!o) return simulatorOnly();
        const first = (m: string, what: keyof Member): number | undefined => o.timeline.find((x) => x.value[m]?.[what])?.t;
        const verdicts = MEMBERS.slice(1).map((m, i) => {
          const prev = MEMBERS[i]!;
          const created = first(m, 'exists');
          const prevReady = first(prev, 'ready');
          const ok = created !== undefined && prevReady !== undefined && created >= prevReady;
          return {
            ok,
            text: text(
              `${m}: ${created === undefined ? `t=${DELETE_AT}초까지 생기지 않음` : `t=${created}초에 생김`}, ${prev}: ${prevReady === undefined ? 'Ready가 되지 않음' : `t=${prevReady}초에 Ready`}`,
              `${m}: ${created === undefined ? `not created by t=${DELETE_AT} s` : `created at t=${created} s`}, ${prev}: ${prevReady === undefined ? 'never Ready' : `Ready at t=${prevReady} s`}`,
            ),
          };
        });
        const ok = verdicts.filter((v) => v.ok).length;
        const detail = text(verdicts.map((v) => v.text.ko).join('; '), verdicts.map((v) => v.text.en).join('; '));
        if (ok === verdicts.length) return pass(text(`구성원이 하나씩, 앞 구성원이 Ready가 된 뒤에 생겼다 (${detail.ko}).`, `the members were created one at a time, each once the one before was Ready (${detail.en}).`));
        const policy = s.object.spec?.podManagementPolicy;
        if (policy === 'Parallel') {
          const at = s.at(['spec', 'podManagementPolicy']);
          return partial(ok, verdicts.length, text(`\`podManagementPolicy: Parallel\`(${formatPosition(at)})이라 구성원이 한꺼번에 생겼다: 복제본이 주 구성원보다 먼저 시작한다 (${detail.ko}).`, `with \`podManagementPolicy: Parallel\` (${formatPosition(at)}) the members were created all at once: replicas start before the primary (${detail.en}).`), [at]);
        }
        return partial(ok, verdicts.length, text(`구성원이 차례로 Ready가 되지 않았다 (${detail.ko}). members-ready를 먼저 보자.`, `the members did not become Ready in turn (${detail.en}); look at members-ready first.`), [s.at(['spec'])]);
      },
    },
    {
      id: 'claims-bound',
      title: text('클레임 data-db-0, data-db-1, data-db-2가 기본 스토리지클래스로 바인딩된다', 'Claims data-db-0, data-db-1 and data-db-2 are bound through the default StorageClass'),
      points: 15,
      hints: [
        text('클레임 이름은 `<템플릿 이름>-<파드 이름>`이다. 템플릿 이름이 `data`여야 `data-db-0`이 된다.', 'A claim is named `<template name>-<pod name>`: a template named `data` gives `data-db-0`.'),
        text('`storageClassName`을 생략하면 기본 스토리지클래스가 붙는다. `kubectl get storageclass`로 클러스터에 있는 클래스를 보자.', 'Leave out `storageClassName` to get the default StorageClass; `kubectl get storageclass` lists the classes the cluster has.'),
      ],
      async run(ctx) {
        const live = await liveSet(ctx, text('파드마다 자기 클레임(data-db-0 …)을 가지려면 스테이트풀셋의 `volumeClaimTemplates`가 필요하다.', 'For a claim per pod (data-db-0 …) you need a StatefulSet\'s `volumeClaimTemplates`.'));
        if (isOutcome(live)) return live;
        const { s, backend } = live;
        const ns = nsOf(s.object);
        const templates = s.object.spec?.volumeClaimTemplates ?? [];
        const ti = templates.findIndex((t) => t.metadata?.name === TEMPLATE);
        if (ti < 0) {
          const at = s.at(templates.length ? ['spec', 'volumeClaimTemplates', 0, 'metadata', 'name'] : ['spec']);
          return fail(
            text(`이름이 \`${TEMPLATE}\`인 \`volumeClaimTemplates\`가 없다 (${formatPosition(at)}; 있는 이름: ${templates.map((t) => t.metadata?.name).join(', ') || '없음'}).`, `there is no \`volumeClaimTemplates\` entry named \`${TEMPLATE}\` (${formatPosition(at)}; names: ${templates.map((t) => t.metadata?.name).join(', ') || 'none'}).`),
            [at],
          );
        }
        const tPath = ['spec', 'volumeClaimTemplates', ti, 'spec'] as const;
        const classes = await backend.list<{ metadata: { name: string; annotations?: Record<string, string> } }>('StorageClass');
        const defaultClass = classes.find((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')?.metadata.name;
        const claims = await Promise.all(MEMBERS.map((m) => backend.get<PersistentVolumeClaim>('PersistentVolumeClaim', `${TEMPLATE}-${m}`, ns)));
        const problems: { text: Text; at: SourcePosition }[] = [];
        const good = claims.filter((c, i) => {
          const name = `${TEMPLATE}-${MEMBERS[i]}`;
          if (!c) return false;
          if (c.status?.phase !== 'Bound') {
            const at = s.at(templates[ti]?.spec?.storageClassName !== undefined ? [...tPath, 'storageClassName'] : [...tPath]);
            problems.push({ text: text(`${name}: ${c.status?.phase ?? 'Pending'}`, `${name}: ${c.status?.phase ?? 'Pending'}`), at });
            return false;
          }
          const modes = c.spec?.accessModes ?? [];
          if (!modes.includes('ReadWriteOnce') && !modes.includes('ReadWriteOncePod')) {
            problems.push({ text: text(`${name}: 접근 모드 ${modes.join(', ')}`, `${name}: access modes ${modes.join(', ')}`), at: s.at([...tPath, 'accessModes']) });
            return false;
          }
          if ((bytes(c.status?.capacity?.storage) ?? 0) < MIN_STORAGE) {
            problems.push({ text: text(`${name}: 용량 ${c.status?.capacity?.storage} (1Gi 이상이어야 한다)`, `${name}: capacity ${c.status?.capacity?.storage} (at least 1Gi)`), at: s.at([...tPath, 'resources', 'requests', 'storage']) });
            return false;
          }
          if (defaultClass && c.spec?.storageClassName !== defaultClass) {
            problems.push({ text: text(`${name}: 스토리지클래스 ${c.spec?.storageClassName || '없음'} (기본은 ${defaultClass})`, `${name}: StorageClass ${c.spec?.storageClassName || 'none'} (the default is ${defaultClass})`), at: s.at([...tPath, 'storageClassName']) });
            return false;
          }
          return true;
        });
        const found = claims.filter((c) => c).length;
        const msg = text(
          `클레임 ${MEMBERS.map((m) => `${TEMPLATE}-${m}`).join(', ')} 중 ${found}개가 있고 ${good.length}개가 기본 스토리지클래스 ${defaultClass}로 바인딩되었다.`,
          `of the claims ${MEMBERS.map((m) => `${TEMPLATE}-${m}`).join(', ')}, ${found} exist and ${good.length} are bound through the default StorageClass ${defaultClass}.`,
        );
        if (good.length === REPLICAS) return pass(msg);
        const why = problems.length ? problems : [];
        if (found < REPLICAS && why.length === 0) {
          const cause = await whyNotReady(backend, s, await members(backend, s.object.metadata.name!, ns));
          if (cause) return partial(good.length, REPLICAS, text(`${msg.ko} ${cause.message.ko}`, `${msg.en} ${cause.message.en}`), cause.at);
        }
        const events = await Promise.all(claims.filter((c) => c && c.status?.phase !== 'Bound').map(async (c) => (await backend.events({ kind: 'PersistentVolumeClaim', name: c!.metadata!.name! })).filter((e) => e.type === 'Warning').at(-1)?.message));
        const ev = events.find((e) => e);
        return partial(
          good.length,
          REPLICAS,
          text(`${msg.ko} ${why.map((p) => `${p.text.ko} (${formatPosition(p.at)})`).join('; ')}${ev ? `. 클레임 이벤트: "${ev}"` : ''}`, `${msg.en} ${why.map((p) => `${p.text.en} (${formatPosition(p.at)})`).join('; ')}${ev ? `. Claim event: "${ev}"` : ''}`),
          why.map((p) => p.at),
        );
      },
    },
    {
      id: 'pod-dns',
      title: text('앱이 db-0.db 같은 파드별 DNS 이름으로 각 구성원을 찾는다', 'An app finds each member by its own DNS name such as db-0.db'),
      points: 15,
      hints: [
        text('스테이트풀셋 파드의 DNS 이름은 `<파드>.<serviceName>.<네임스페이스>.svc.cluster.local`이다. `serviceName`이 서비스 이름과 같아야 한다.', "A StatefulSet pod's DNS name is `<pod>.<serviceName>.<namespace>.svc.cluster.local`: `serviceName` must be the Service's name."),
      ],
      async run(ctx) {
        const live = await liveSet(ctx, text('db-0.db 같은 이름은 스테이트풀셋 파드만 받는다(hostname과 subdomain).', 'Only StatefulSet pods get names such as db-0.db (their hostname and subdomain).'));
        if (isOutcome(live)) return live;
        const { s, backend } = live;
        if (!(backend instanceof SimBackend)) return skip(text('DNS 조회는 시뮬레이터에서만 검사한다.', 'the DNS lookup is checked on the simulator only.'));
        const pods = await members(backend, s.object.metadata.name!, nsOf(s.object));
        const results = MEMBERS.map((m) => ({ m, ip: pods.get(m)?.status?.podIP, got: backend.cluster.resolve(`${m}.${NAME}`, CLIENT_NAMESPACE) }));
        const ok = results.filter((r) => r.ip && r.got.length === 1 && r.got[0] === r.ip);
        const list = results.map((r) => `${r.m}.${NAME} → ${r.got.join(', ') || 'NXDOMAIN'}`).join(', ');
        const msg = text(`네임스페이스 ${CLIENT_NAMESPACE}의 파드에서: ${list}.`, `from a pod in namespace ${CLIENT_NAMESPACE}: ${list}.`);
        if (ok.length === REPLICAS) return pass(text(`${msg.ko} (전체 이름은 ${fqdn(MEMBERS[0]!)} 등)`, `${msg.en} (full names ${fqdn(MEMBERS[0]!)} and so on)`));
        const serviceName = s.object.spec?.serviceName;
        const svc = serviceOf(ctx);
        if (serviceName !== NAME) {
          const at = serviceName === undefined ? s.at(['spec']) : s.at(['spec', 'serviceName']);
          return partial(
            ok.length,
            REPLICAS,
            serviceName
              ? text(
                  `${msg.ko} 스테이트풀셋의 \`serviceName\`이 ${serviceName}이다 (${formatPosition(at)}). 파드의 subdomain도 ${serviceName}이 되어, 파드별 이름은 서비스 ${serviceName} 아래(${MEMBERS[0]}.${serviceName}…)에만 생길 수 있다. 그런데 서비스의 이름은 ${svc?.object.metadata.name ?? '(없음)'}이다: \`serviceName\`을 서비스 이름과 맞추자.`,
                  `${msg.en} The StatefulSet's \`serviceName\` is ${serviceName} (${formatPosition(at)}). The pods' subdomain is ${serviceName} too, so their own names can only exist under a Service named ${serviceName} (${MEMBERS[0]}.${serviceName}…), but the Service is named ${svc?.object.metadata.name ?? '(none)'}: make \`serviceName\` the Service's name.`,
                )
              : text(
                  `${msg.ko} 스테이트풀셋에 \`serviceName\`이 없어 (${formatPosition(at)}) 파드에 subdomain이 없으므로, 파드별 이름이 생기지 않는다.`,
                  `${msg.en} The StatefulSet has no \`serviceName\` (${formatPosition(at)}), so its pods have no subdomain and no names of their own.`,
                ),
            [at],
          );
        }
        return partial(ok.length, REPLICAS, text(`${msg.ko} 준비된 구성원만 이름을 받는다: members-ready를 먼저 보자.`, `${msg.en} Only members that run get a name: look at members-ready first.`), svc ? [svc.at(['metadata', 'name'])] : []);
      },
    },
    {
      id: 'identity-survives',
      title: text('지워진 db-1이 같은 이름, 같은 클레임, 같은 데이터로 돌아온다', 'A deleted db-1 comes back with the same name, claim and data'),
      points: 20,
      hints: [
        text('스테이트풀셋은 지워진 구성원을 같은 이름으로 다시 만들고, 그 이름의 클레임(data-db-1)을 다시 붙인다. 클레임과 볼륨은 파드보다 오래 산다.', 'A StatefulSet recreates a deleted member under the same name and attaches the claim of that name (data-db-1) again: claims and volumes outlive pods.'),
        text('PostgreSQL은 데이터를 `/var/lib/postgresql/data`에 둔다. 클레임을 그 경로에 마운트해야 데이터가 볼륨에 남는다.', 'PostgreSQL keeps its data in `/var/lib/postgresql/data`: mount the claim there, or the data stays in the container.'),
      ],
      async run(ctx) {
        const s = statefulSetOf(ctx);
        if (!s) return noStatefulSet(ctx, text(`t=${DELETE_AT}초에 지울 ${VICTIM}이라는 파드가 없고, 디플로이먼트가 새로 만드는 파드는 새 이름을 받는다.`, `There is no pod named ${VICTIM} to delete at t=${DELETE_AT} s, and the pods a Deployment makes get new names.`));
        const o = await observe(ctx);
        if (!o) return simulatorOnly();
        const { before, after } = o;
        if (!before?.ready) {
          return fail(text(`t=${DELETE_AT}초에 ${VICTIM}이(가) ${before ? 'Ready가 아니어서' : '없어서'} 지웠다가 돌아오는지 볼 수 없다 (members-ready를 먼저 고치자).`, `at t=${DELETE_AT} s ${VICTIM} ${before ? 'is not Ready' : 'does not exist'}, so there is nothing to delete and watch come back (fix members-ready first).`));
        }
        const back = !!after && after.uid !== before.uid && after.ready;
        const sameClaim = !!after && after.claim === before.claim && after.volume !== undefined && after.volume === before.volume;
        const data = after?.data === 'restored';
        const parts = [back, sameClaim, data].filter(Boolean).length;
        const msg = text(
          `t=${DELETE_AT}초에 ${VICTIM}을(를) 지우고 ${END - DELETE_AT}초 뒤: ${back ? `같은 이름의 새 파드가 Ready다` : after ? '같은 이름의 파드가 Ready가 아니다' : `${VICTIM}이(가) 돌아오지 않았다`}; ${sameClaim ? `같은 클레임 ${after!.claim}과 볼륨 ${after!.volume}을(를) 붙였다` : `클레임/볼륨이 ${before.claim ?? '없음'}/${before.volume ?? '없음'}에서 ${after?.claim ?? '없음'}/${after?.volume ?? '없음'}(으)로 바뀌었다`}; ${data ? '앱이 이전 데이터를 다시 찾았다' : '앱이 빈 데이터 디렉터리로 시작했다'}.`,
          `${END - DELETE_AT} s after ${VICTIM} was deleted at t=${DELETE_AT} s: ${back ? 'a new pod of the same name is Ready' : after ? 'the pod of the same name is not Ready' : `${VICTIM} did not come back`}; ${sameClaim ? `it has the same claim ${after!.claim} and volume ${after!.volume}` : `claim/volume went from ${before.claim ?? 'none'}/${before.volume ?? 'none'} to ${after?.claim ?? 'none'}/${after?.volume ?? 'none'}`}; ${data ? 'the app found its earlier data' : 'the app started with an empty data directory'}.`,
        );
        if (parts === 3) return pass(msg);
        const containers = s.object.spec?.template?.spec?.containers ?? [];
        const ci = Math.max(0, containers.findIndex((c) => parseImage(c.image ?? '').repository === IMAGE));
        const mounted = (containers[ci]?.volumeMounts ?? []).some((m) => m.name === TEMPLATE && '/var/lib/postgresql/data'.startsWith(m.mountPath.replace(/\/$/, '')));
        const at = mounted ? s.at(['spec']) : s.at(['spec', 'template', 'spec', 'containers', ci, 'volumeMounts']);
        const why = !data && !mounted ? text(` 클레임 ${TEMPLATE}이(가) /var/lib/postgresql/data에 마운트되지 않았다 (${formatPosition(at)}).`, ` Claim ${TEMPLATE} is not mounted at /var/lib/postgresql/data (${formatPosition(at)}).`) : text('', '');
        return partial(parts, 3, text(msg.ko + why.ko, msg.en + why.en), [at]);
      },
    },
  ],
});
