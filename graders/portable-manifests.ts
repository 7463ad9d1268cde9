/**
 * Grader of the lab "portable-manifests": manifests written on kind (default StorageClass `standard`,
 * nodes kind-*, the ingress-ready=true label of kind's ingress guide) must run unchanged on the lab's
 * k3s cluster (default StorageClass `local-path`, nodes store-*), and on any other conformant cluster.
 * The submission is applied and left 60 s; the checks read what happened: the claim bound through the
 * cluster's default class, the pods Ready, the Services' endpoints. One more check reads the manifests
 * for names that only one cluster has: a StorageClass name, a node name (kubernetes.io/hostname), a node
 * label no node of this cluster carries.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Node, PersistentVolumeClaim, Pod, PodSpec, Service } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { ClusterBackend } from '../src/backends/backend.ts';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, partial, pass, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { failedScheduling, isRunningAndReady, namespaceOf, podProblem, podsOfDeployment, readyEndpoints } from '../src/grading/queries.ts';
import { deploymentRunning, namedOrFirst } from '../src/grading/submitted.ts';
import { DEFAULT_CLASS_ANNOTATION } from '../src/sim/controllers/persistent-volume.ts';
import { RequiredNodeAffinity } from '../src/sim/scheduler/helpers/node-affinity.ts';

const CLAIM = 'orders-data';
const APPS = [
  { name: 'orders', image: 'shop/orders', replicas: 1 },
  { name: 'web', image: 'shop/web', replicas: 2 },
] as const;
const HOSTNAME = 'kubernetes.io/hostname';

type AppName = (typeof APPS)[number]['name'];
const appOf = (ctx: CheckContext, name: AppName): SubmittedObject<Deployment> | undefined => deploymentRunning(ctx, APPS.find((a) => a.name === name)!.image, name);
const claimOf = (ctx: CheckContext): SubmittedObject<PersistentVolumeClaim> | undefined => namedOrFirst<PersistentVolumeClaim>(ctx, 'PersistentVolumeClaim', CLAIM);
const podSpec = (d: SubmittedObject<Deployment>): PodSpec | undefined => d.object.spec?.template?.spec;

/** The cluster's default StorageClass, as the API server's DefaultStorageClass admission picks it. */
async function defaultClass(backend: ClusterBackend): Promise<string | undefined> {
  return (await backend.list<StorageClass>('StorageClass')).find((s) => s.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')?.metadata?.name;
}

/** Why a claim is not Bound, in this cluster's terms: a class it lacks, an empty class, or the last warning. */
async function whyUnbound(backend: ClusterBackend, c: SubmittedObject<PersistentVolumeClaim>): Promise<{ why: Text; at: SourcePosition }> {
  const named = c.object.spec?.storageClassName;
  const at = c.at(named !== undefined ? ['spec', 'storageClassName'] : ['spec']);
  const classes = (await backend.list<StorageClass>('StorageClass')).map((s) => s.metadata!.name!);
  const byDefault = await defaultClass(backend);
  if (named === '') {
    return {
      why: text(`\`storageClassName: ""\`은 동적 프로비저닝을 끄고 클래스 없는 퍼시스턴트볼륨을 기다린다 (${formatPosition(at)}). 이 클러스터에는 그런 볼륨이 없다.`, `\`storageClassName: ""\` turns dynamic provisioning off and waits for a PersistentVolume without a class (${formatPosition(at)}); this cluster has none.`),
      at,
    };
  }
  if (named && !classes.includes(named)) {
    return {
      why: text(
        `스토리지클래스 ${named}이(가) 이 클러스터에 없다 (${formatPosition(at)}; 있는 것: ${classes.join(', ')}${byDefault ? `, 기본값 ${byDefault}` : ''}). 이름은 배포판마다 다르다: \`storageClassName\`을 빼면 클러스터의 기본 클래스를 쓴다.`,
        `StorageClass ${named} does not exist on this cluster (${formatPosition(at)}; it has ${classes.join(', ')}${byDefault ? `, default ${byDefault}` : ''}). The names differ from distribution to distribution: leave \`storageClassName\` out to get the cluster's default class.`,
      ),
      at,
    };
  }
  // The last word of the volume controller: a Warning, or WaitForFirstConsumer while no pod using it is scheduled.
  const ev = (await backend.events({ kind: 'PersistentVolumeClaim', name: c.object.metadata.name })).at(-1);
  return { why: text(`클레임이 아직 Bound가 아니다${ev?.message ? `: ${ev.message}` : ''}.`, `the claim is not Bound yet${ev?.message ? `: ${ev.message}` : ''}.`), at };
}

/** A node-selecting term no node satisfies; `seen`: the values this cluster's nodes give the same label key. */
interface Unsatisfied {
  what: string;
  seen: string[];
  at: SourcePosition;
}

const showUnsatisfied = (u: Unsatisfied): Text =>
  text(`${u.what}${u.seen.length > 0 ? `(이 클러스터의 값: ${u.seen.join(', ')})` : ''}`, `${u.what}${u.seen.length > 0 ? ` (this cluster's value: ${u.seen.join(', ')})` : ''}`);

/** The node-selecting terms of a pod template that no node of the cluster satisfies, with where they are written. */
function unsatisfiable(d: SubmittedObject<Deployment>, nodes: Node[]): Unsatisfied[] {
  const labelsOf = nodes.map((n) => n.metadata?.labels ?? {});
  const out: Unsatisfied[] = [];
  for (const [key, value] of Object.entries(podSpec(d)?.nodeSelector ?? {})) {
    if (labelsOf.some((l) => l[key] === value)) continue;
    // The same key with another value: distributions set some labels differently (kind "", k3s "true").
    const values = [...new Set(labelsOf.map((l) => l[key]).filter((v): v is string => v !== undefined))].map((v) => `"${v}"`);
    out.push({ what: `${key}="${value}"`, seen: values, at: d.at(['spec', 'template', 'spec', 'nodeSelector', key]) });
  }
  const required = podSpec(d)?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  // The required terms as the scheduler reads them (NodeAffinity filter).
  const affinity = required ? new RequiredNodeAffinity({ spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } } }) : undefined;
  if (affinity && !nodes.some((n) => affinity.match(n))) {
    out.push({ what: 'nodeAffinity', seen: [], at: d.at(['spec', 'template', 'spec', 'affinity', 'nodeAffinity']) });
  }
  return out;
}

/** Names in the manifests that only one cluster has: a StorageClass name, a node name, a node label no node here carries. */
function clusterSpecificNames(ctx: CheckContext, nodes: Node[]): { ko: string; en: string; at: SourcePosition }[] {
  const found: { ko: string; en: string; at: SourcePosition }[] = [];
  for (const c of ctx.objects<PersistentVolumeClaim>('PersistentVolumeClaim')) {
    const named = c.object.spec?.storageClassName;
    if (named) {
      const at = c.at(['spec', 'storageClassName']);
      found.push({ ko: `클레임 ${c.object.metadata.name}이(가) 스토리지클래스 ${named}을(를) 이름으로 고른다 (${formatPosition(at)})`, en: `claim ${c.object.metadata.name} names StorageClass ${named} (${formatPosition(at)})`, at });
    }
  }
  for (const d of ctx.objects<Deployment>('Deployment')) {
    const spec = podSpec(d);
    const hostKeys = [
      ...Object.keys(spec?.nodeSelector ?? {}).filter((k) => k === HOSTNAME).map(() => d.at(['spec', 'template', 'spec', 'nodeSelector', HOSTNAME])),
      ...(spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).some((t) => (t.matchExpressions ?? []).some((r) => r.key === HOSTNAME))
        ? [d.at(['spec', 'template', 'spec', 'affinity', 'nodeAffinity'])]
        : [],
      ...(spec?.nodeName ? [d.at(['spec', 'template', 'spec', 'nodeName'])] : []),
    ];
    for (const at of hostKeys) found.push({ ko: `디플로이먼트 ${d.object.metadata.name}이(가) 노드 이름으로 자리를 고른다 (${formatPosition(at)})`, en: `Deployment ${d.object.metadata.name} picks its node by name (${formatPosition(at)})`, at });
    for (const u of unsatisfiable(d, nodes).filter((x) => !x.what.startsWith(`${HOSTNAME}=`) && x.what !== 'nodeAffinity')) {
      const shown = showUnsatisfied(u);
      found.push({ ko: `디플로이먼트 ${d.object.metadata.name}이(가) 이 클러스터의 어느 노드에도 없는 레이블 ${shown.ko}을(를) 요구한다 (${formatPosition(u.at)})`, en: `Deployment ${d.object.metadata.name} requires label ${shown.en}, which no node of this cluster has (${formatPosition(u.at)})`, at: u.at });
    }
  }
  return found;
}

async function appReady(ctx: CheckContext, name: AppName): Promise<Outcome> {
  const app = APPS.find((a) => a.name === name)!;
  const { backend, applied } = await ctx.cluster();
  const d = acceptedObject(ctx, applied, appOf(ctx, name), text(`디플로이먼트(Deployment) ${name}`, `Deployment ${name}`), 'Deployment', 'apps/v1');
  if (isOutcome(d)) return d;
  const pods = (await podsOfDeployment(backend, d.object.metadata.name!, namespaceOf(d.object))).filter((p) => !p.metadata?.deletionTimestamp);
  const ready = pods.filter(isRunningAndReady).length;
  const head = text(`${backend.now()}초 뒤 ${name}의 파드 ${app.replicas}개 중 ${ready}개가 Running이고 Ready다.`, `after ${backend.now()} s, ${ready} of ${app.replicas} ${name} pod(s) are Running and Ready.`);
  if (ready >= app.replicas) return pass(head);
  const missing = unsatisfiable(d, await backend.list<Node>('Node'));
  if (missing.length > 0) {
    const list = (lang: 'ko' | 'en'): string => missing.map((m) => `${showUnsatisfied(m)[lang]} (${formatPosition(m.at)})`).join(', ');
    return partial(ready, app.replicas, text(`${head.ko} 이 클러스터의 어느 노드도 ${list('ko')}을(를) 만족하지 않아 파드가 Pending이다.`, `${head.en} No node of this cluster satisfies ${list('en')}, so the pods stay Pending.`), missing.map((m) => m.at));
  }
  const claim = claimOf(ctx);
  const pending = pods.filter((p) => !p.spec?.nodeName);
  if (pending.length > 0 && claim && (failedScheduling(pending) ?? '').includes('PersistentVolumeClaim')) {
    const { why, at } = await whyUnbound(backend, claim);
    return partial(ready, app.replicas, text(`${head.ko} 파드가 클레임 ${claim.object.metadata.name}을(를) 기다린다: ${why.ko}`, `${head.en} The pods wait for claim ${claim.object.metadata.name}: ${why.en}`), [at]);
  }
  const why = pods.map(podProblem).find((p) => p !== undefined);
  return partial(ready, app.replicas, text(`${head.ko}${why ? ` ${why.ko}.` : ''}`, `${head.en}${why ? ` ${why.en}.` : ''}`), [d.at(['spec', 'template', 'spec'])]);
}

export default defineGrader({
  lab: 'portable-manifests',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [text('여러 오브젝트를 한 파일에 쓸 때는 `---`로 나눈다.', 'Separate objects in one file with `---`.')]),
    {
      id: 'claim-bound',
      title: text('orders-data가 기본 스토리지클래스로 Bound다', 'orders-data is Bound through the default StorageClass'),
      points: 20,
      hints: [
        text('`storageClassName`을 쓰지 않은 클레임에는 API 서버가 클러스터의 기본 스토리지클래스를 채워 넣는다(DefaultStorageClass 어드미션).', 'On a claim without `storageClassName`, the API server fills in the cluster\'s default StorageClass (the DefaultStorageClass admission plugin).'),
        text('`kubectl get storageclass`는 기본 클래스에 (default)를 붙여 보여 준다.', '`kubectl get storageclass` marks the default class with (default).'),
      ],
      async run(ctx) {
        const { backend, applied } = await ctx.cluster();
        const c = acceptedObject(ctx, applied, claimOf(ctx), text(`퍼시스턴트볼륨클레임 ${CLAIM}`, `PersistentVolumeClaim ${CLAIM}`), 'PersistentVolumeClaim', 'v1');
        if (isOutcome(c)) return c;
        const live = await backend.get<PersistentVolumeClaim>('PersistentVolumeClaim', c.object.metadata.name!, namespaceOf(c.object));
        if (live?.status?.phase === 'Bound') {
          return pass(text(`클레임 ${c.object.metadata.name}이(가) 스토리지클래스 ${live.spec?.storageClassName}의 볼륨 ${live.spec?.volumeName}에 Bound다.`, `claim ${c.object.metadata.name} is Bound to volume ${live.spec?.volumeName} of StorageClass ${live.spec?.storageClassName}.`));
        }
        const { why, at } = await whyUnbound(backend, c);
        return fail(text(`클레임 ${c.object.metadata.name}이(가) ${live?.status?.phase ?? 'Pending'}이다: ${why.ko}`, `claim ${c.object.metadata.name} is ${live?.status?.phase ?? 'Pending'}: ${why.en}`), [at]);
      },
    },
    {
      id: 'orders-ready',
      title: text('orders 파드가 Running이고 Ready다', 'The orders pod is Running and Ready'),
      points: 20,
      hints: [text('local-path 볼륨은 한 노드에 묶인다. 볼륨이 그 노드에 만들어지므로(WaitForFirstConsumer) 노드를 직접 고를 필요가 없다.', 'A local-path volume is tied to one node; it is made on the node the pod is scheduled to (WaitForFirstConsumer), so there is no need to pick the node yourself.')],
      run: (ctx) => appReady(ctx, 'orders'),
    },
    {
      id: 'web-ready',
      title: text('web 파드 2개가 Running이고 Ready다', 'The 2 web pods are Running and Ready'),
      points: 20,
      hints: [text('`ingress-ready=true`는 kind의 인그레스 안내가 노드에 붙이는 레이블이다. 다른 클러스터에는 없다.', '`ingress-ready=true` is the label kind\'s ingress guide puts on a node; other clusters do not have it.')],
      run: (ctx) => appReady(ctx, 'web'),
    },
    {
      id: 'service-endpoints',
      title: text('서비스 orders와 web이 Ready인 엔드포인트를 가진다', 'Services orders and web have ready endpoints'),
      points: 10,
      async run(ctx) {
        const { backend } = await ctx.cluster();
        const counts = await Promise.all(
          APPS.map(async (a) => {
            const s = ctx.objects<Service>('Service').find((x) => x.object.metadata.name === a.name);
            return { ...a, ready: s ? (await readyEndpoints(backend, a.name, namespaceOf(s.object))).length : -1 };
          }),
        );
        const good = counts.filter((c) => c.ready >= c.replicas).length;
        const list = counts.map((c) => `${c.name}: ${c.ready < 0 ? '—' : `${c.ready}/${c.replicas}`}`).join(', ');
        const msg = text(`Ready인 엔드포인트 (서비스: 수/필요): ${list}.`, `ready endpoints (Service: count/needed): ${list}.`);
        return good === counts.length ? pass(msg) : partial(good, counts.length, msg);
      },
    },
    {
      id: 'portable',
      title: text('한 클러스터에만 있는 이름에 기대지 않는다', 'Nothing relies on a name only one cluster has'),
      points: 20,
      hints: [text('인증된 배포판들이 함께 가진 것은 쿠버네티스 API와 잘 알려진 레이블(kubernetes.io/os, topology.kubernetes.io/zone 등)이다. 스토리지클래스 이름, 노드 이름, 직접 붙인 노드 레이블은 클러스터마다 다르다.', 'What certified distributions share is the Kubernetes API and the well-known labels (kubernetes.io/os, topology.kubernetes.io/zone …); StorageClass names, node names and hand-made node labels differ from cluster to cluster.')],
      async run(ctx) {
        if (ctx.submission.problems.length > 0) return fail(text('읽지 못한 매니페스트가 있어 모두 살펴볼 수 없다: 먼저 매니페스트의 오류를 고치자.', 'some manifests could not be read, so not all of them can be looked at: fix the errors in the manifests first.'));
        const { backend } = await ctx.cluster();
        const found = clusterSpecificNames(ctx, await backend.list<Node>('Node'));
        if (found.length === 0) return pass(text('스토리지클래스 이름, 노드 이름, 이 클러스터에 없는 노드 레이블을 쓰지 않는다.', 'no StorageClass name, node name or node label missing here is used.'));
        return partial(Math.max(0, 3 - found.length), 3, text(found.map((f) => f.ko).join('. ') + '.', found.map((f) => f.en).join('. ') + '.'), found.map((f) => f.at));
      },
    },
  ],
});
