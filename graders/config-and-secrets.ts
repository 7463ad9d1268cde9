/**
 * Grader of the lab "config-and-secrets": the order service shop/orders:1.4 (Deployment orders, 2
 * pods) reads LOG_LEVEL and PAYMENT_URL from ConfigMap orders-config as environment variables, the file
 * /etc/orders/app.properties from a ConfigMap volume, and DB_PASSWORD from Secret orders-db; the image
 * (lab.yaml) exits at start when one of them is missing. The checks read what the running containers
 * actually see on the simulator (Cluster.containerView: the environment resolved at start, the files
 * in their volumes now), and judge where each value comes from in the Pod template: a literal
 * `value:` is hard-coding, even when the pod runs. When no container could start (a missing key keeps
 * it in CreateContainerConfigError), the settings and the file are judged from the manifests instead,
 * so one mistake is not counted three times. A scenario changes the ConfigMap in place at t=60 s: the
 * mounted file must follow within 90 s (the kubelet's periodic sync), while the environment keeps the
 * values the container started with — a `subPath` mount never follows (src/sim/kubelet/config-refs.ts).
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1';
import { SimBackend } from '../src/backends/sim.ts';
import { defineGrader, fail, formatPosition, manifestHints, manifestsValidCheck, missingObject, partial, pass, rejectedObject, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { isRunningAndReady, namespaceOf as nsOf, podProblem, podsOfDeployment } from '../src/grading/queries.ts';
import { decodeBase64 } from '../src/kube/base64.ts';
import type { KubeObject } from '../src/kube/object.ts';
import type { FieldPath } from '../src/kube/position.ts';
import { parseImage } from '../src/sim/kubelet/images.ts';

const NAME = 'orders';
const IMAGE = 'shop/orders';
const REPLICAS = 2;
const PASSWORD = 'Ord3rs-2026!';
const SETTINGS: Record<string, string> = { LOG_LEVEL: 'info', PAYMENT_URL: 'http://payments:8080' };
const FILE = '/etc/orders/app.properties';
const PROPERTIES = ['orders.page-size=20', 'orders.currency=KRW'];
/** The scenario's in-place change, and how long the grader then waits for the file to follow. */
const CHANGE_AT = 60;
const FOLLOW_SECONDS = 90;
const CHANGED_PAGE_SIZE = 'orders.page-size=50';

const at = (o: SubmittedObject<unknown>, path: FieldPath): string => formatPosition(o.at(path));
const lines = (s: string | undefined): string[] => (s ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

function deploymentOf(ctx: CheckContext): SubmittedObject<Deployment> | undefined {
  const all = ctx.objects<Deployment>('Deployment');
  return all.find((d) => d.object.metadata.name === NAME) ?? all.find((d) => (d.object.spec?.template?.spec?.containers ?? []).some((c) => parseImage(c.image ?? '').repository === IMAGE));
}

const ordersMissing = (ctx: CheckContext): Outcome => missingObject(ctx, text('디플로이먼트(Deployment) orders', 'Deployment orders'), 'Deployment', 'apps/v1');

/** The container running the orders image (or the first one), with the path to it. */
function containerOf(d: SubmittedObject<Deployment>): { c: Container; path: FieldPath } {
  const containers = d.object.spec?.template?.spec?.containers ?? [];
  const i = Math.max(0, containers.findIndex((c) => parseImage(c.image ?? '').repository === IMAGE));
  return { c: containers[i] ?? ({ name: NAME } as Container), path: ['spec', 'template', 'spec', 'containers', i] };
}

function submitted<T>(ctx: CheckContext, kind: 'ConfigMap' | 'Secret', name: string | undefined, ns: string): SubmittedObject<T> | undefined {
  return ctx.objects<T>(kind).find((o) => o.object.metadata.name === name && nsOf(o.object) === ns);
}

/** A Secret's keys and values as a container gets them: stringData wins over data (base64). */
function secretData(s: Secret | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(s?.data ?? {})) out[k] = decodeBase64(String(v));
  for (const [k, v] of Object.entries(s?.stringData ?? {})) out[k] = String(v);
  return out;
}

function configData(m: ConfigMap | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries({ ...(m?.binaryData ?? {}), ...(m?.data ?? {}) }).map(([k, v]) => [k, String(v)]));
}

/** Where a container's environment variable comes from: the last definition wins, `env` over `envFrom` (makeEnvironmentVariables). */
interface Origin {
  via: 'value' | 'configMapKeyRef' | 'secretKeyRef' | 'configMapRef' | 'secretRef' | 'other';
  name?: string;
  key?: string;
  optional?: boolean;
  /** The field to point at. */
  path: FieldPath;
}

function originOf(ctx: CheckContext, c: Container, cPath: FieldPath, variable: string, ns: string): Origin | undefined {
  let found: Origin | undefined;
  (c.envFrom ?? []).forEach((f, i) => {
    const prefix = f.prefix ?? '';
    if (!variable.startsWith(prefix)) return;
    const key = variable.slice(prefix.length);
    if (f.configMapRef && key in configData(submitted<ConfigMap>(ctx, 'ConfigMap', f.configMapRef.name, ns)?.object)) {
      found = { via: 'configMapRef', name: f.configMapRef.name, key, optional: f.configMapRef.optional === true, path: [...cPath, 'envFrom', i, 'configMapRef', 'name'] };
    }
    if (f.secretRef && key in secretData(submitted<Secret>(ctx, 'Secret', f.secretRef.name, ns)?.object)) {
      found = { via: 'secretRef', name: f.secretRef.name, key, optional: f.secretRef.optional === true, path: [...cPath, 'envFrom', i, 'secretRef', 'name'] };
    }
  });
  (c.env ?? []).forEach((e, i) => {
    if (e.name !== variable) return;
    const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
    if (ref) {
      const via = e.valueFrom?.configMapKeyRef ? 'configMapKeyRef' : 'secretKeyRef';
      found = { via, name: ref.name, key: ref.key, optional: ref.optional === true, path: [...cPath, 'env', i, 'valueFrom', via, 'key'] };
    } else if (e.valueFrom) found = { via: 'other', path: [...cPath, 'env', i, 'valueFrom'] };
    else found = { via: 'value', path: [...cPath, 'env', i, 'value'] };
  });
  return found;
}

/** The value an origin gives according to the submitted objects (undefined when the source or key is missing). */
function staticValue(ctx: CheckContext, c: Container, variable: string, o: Origin, ns: string): string | undefined {
  if (o.via === 'value') return c.env?.find((e) => e.name === variable)?.value ?? '';
  if (o.via === 'configMapKeyRef' || o.via === 'configMapRef') return configData(submitted<ConfigMap>(ctx, 'ConfigMap', o.name, ns)?.object)[o.key ?? ''];
  if (o.via === 'secretKeyRef' || o.via === 'secretRef') return secretData(submitted<Secret>(ctx, 'Secret', o.name, ns)?.object)[o.key ?? ''];
  return undefined;
}

/** The ConfigMap or Secret volume that shows `file` in the container, as mountedFiles does. */
interface FileSource {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  key: string;
  /** The volumeMount's field to point at. */
  mountPath: FieldPath;
  subPath: boolean;
}

function fileSourceOf(d: SubmittedObject<Deployment>, c: Container, cPath: FieldPath, file: string, ctx: CheckContext, ns: string): FileSource | undefined {
  const volumes = d.object.spec?.template?.spec?.volumes ?? [];
  let found: FileSource | undefined;
  (c.volumeMounts ?? []).forEach((m, i) => {
    const v = volumes.find((x) => x.name === m.name);
    const kind = v?.configMap ? 'ConfigMap' : v?.secret ? 'Secret' : undefined;
    if (!v || !kind) return;
    const name = (v.configMap?.name ?? v.secret?.secretName)!;
    const keys = kind === 'ConfigMap' ? Object.keys(configData(submitted<ConfigMap>(ctx, 'ConfigMap', name, ns)?.object)) : Object.keys(secretData(submitted<Secret>(ctx, 'Secret', name, ns)?.object));
    const items = v.configMap?.items ?? v.secret?.items;
    const entries = items ? items.map((it) => ({ key: it.key, path: it.path })) : keys.map((k) => ({ key: k, path: k }));
    const base = m.mountPath.replace(/\/$/, '');
    for (const e of entries) {
      const shown = m.subPath ? (e.path === m.subPath ? base : undefined) : `${base}/${e.path}`;
      if (shown === file) found = { kind, name, key: e.key, mountPath: [...cPath, 'volumeMounts', i, m.subPath ? 'subPath' : 'mountPath'], subPath: !!m.subPath };
    }
  });
  return found;
}

/** What one started container of the Deployment sees (simulator only): the pod, its environment and files. */
interface View {
  pod: string;
  env: Record<string, string>;
  files: Record<string, string>;
}

const started = (p: Pod): boolean => (p.status?.containerStatuses ?? []).some((cs) => cs.state?.running || cs.state?.terminated || cs.lastState?.terminated);

async function viewOf(ctx: CheckContext, d: SubmittedObject<Deployment>, containerName: string): Promise<View | undefined> {
  const { backend } = await ctx.cluster();
  if (!(backend instanceof SimBackend)) return undefined;
  const ns = nsOf(d.object);
  const pods = (await podsOfDeployment(backend, d.object.metadata.name!, ns)).filter(started).sort((a, b) => Number(isRunningAndReady(b)) - Number(isRunningAndReady(a)));
  const pod = pods[0]?.metadata?.name;
  const v = pod ? backend.cluster.containerView(pod, containerName, ns) : undefined;
  return v && pod ? { pod, env: v.env, files: v.files } : undefined;
}

/** "ConfigMap X does not exist", and why that may be, when some files could not be read. */
function absent(ctx: CheckContext, kind: 'ConfigMap' | 'Secret', name: string | undefined, place: SourcePosition): Text {
  const unread = ctx.submission.problems.length > 0;
  return text(
    `${kind === 'ConfigMap' ? '컨피그맵' : '시크릿'} ${name}이(가) 없다 (${formatPosition(place)})${unread ? ': 읽지 못한 매니페스트에 있다면 먼저 그 오류를 고치자' : ''}.`,
    `${kind} ${name} does not exist (${formatPosition(place)})${unread ? ': if it is in a manifest that could not be read, fix that error first' : ''}.`,
  );
}

/** Why a check judged from the manifests: on the simulator, no container started; elsewhere, containers cannot be looked into. */
async function fromManifests(ctx: CheckContext): Promise<Text> {
  const { backend } = await ctx.cluster();
  return backend instanceof SimBackend
    ? text(' (매니페스트로 판단했다: 시작한 orders 컨테이너가 없다)', ' (judged from the manifests: no orders container has started)')
    : text(' (매니페스트로 판단했다: 이 클러스터에서는 컨테이너 안을 볼 수 없다)', ' (judged from the manifests: containers cannot be looked into on this cluster)');
}

/** Why the pods are not Ready, with the place in the files that causes it. */
async function explain(ctx: CheckContext, d: SubmittedObject<Deployment>, pods: Pod[]): Promise<{ message: Text; at: SourcePosition[] } | undefined> {
  const pod = pods.find((p) => !isRunningAndReady(p));
  if (!pod) return undefined;
  const why = podProblem(pod);
  if (!why) return undefined;
  const ns = nsOf(d.object);
  const { c, path } = containerOf(d);
  const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
  const { backend, applied } = await ctx.cluster();
  // CreateContainerConfigError: `couldn't find key K in Secret ns/N`, `secret "N" not found`.
  if (waiting?.reason === 'CreateContainerConfigError' && waiting.message) {
    const keyMissing = /^couldn't find key (.+) in (ConfigMap|Secret) [^/]+\/(.+)$/.exec(waiting.message);
    const objMissing = /^(configmap|secret) "(.+)" not found$/.exec(waiting.message);
    const kind = keyMissing ? keyMissing[2]! : objMissing?.[1] === 'configmap' ? 'ConfigMap' : 'Secret';
    const name = keyMissing?.[3] ?? objMissing?.[2];
    const key = keyMissing?.[1];
    const refs: SourcePosition[] = [];
    (c.env ?? []).forEach((e, i) => {
      const ref = kind === 'ConfigMap' ? e.valueFrom?.configMapKeyRef : e.valueFrom?.secretKeyRef;
      if (ref && ref.name === name && (key === undefined || ref.key === key)) refs.push(d.at([...path, 'env', i, 'valueFrom', kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef', key ? 'key' : 'name']));
    });
    (c.envFrom ?? []).forEach((f, i) => {
      if ((kind === 'ConfigMap' ? f.configMapRef?.name : f.secretRef?.name) === name) refs.push(d.at([...path, 'envFrom', i]));
    });
    const o = submitted<KubeObject>(ctx, kind as 'ConfigMap' | 'Secret', name, ns);
    const refused = o ? rejectedObject(applied, o) : undefined;
    const error = applied.find((a) => a.kind === kind && a.name === name)?.error;
    const have = o ? Object.keys(kind === 'ConfigMap' ? configData(o.object as ConfigMap) : secretData(o.object as Secret)) : [];
    const more = error
      ? text(` ${kind} ${name}은(는) API 서버가 거부해서 없다: ${error.message.ko}.`, ` ${kind} ${name} does not exist because the API server rejected it: ${error.message.en}.`)
      : key && o
        ? text(` ${kind === 'ConfigMap' ? '컨피그맵' : '시크릿'} ${name}의 키: ${have.join(', ') || '없음'}.`, ` The keys of ${kind} ${name}: ${have.join(', ') || 'none'}.`)
        : text('', '');
    const where = refs.map(formatPosition).join(', ');
    return {
      message: text(
        `${why.ko}. 참조한 키나 오브젝트가 없으면 kubelet은 컨테이너를 만들지 않는다${where ? ` (${where})` : ''}.${more.ko}`,
        `${why.en}. The kubelet does not create a container whose referenced key or object is missing${where ? ` (${where})` : ''}.${more.en}`,
      ),
      at: [...refs, ...(refused?.locations ?? [])],
    };
  }
  // A ConfigMap or Secret volume whose source is missing keeps the pod in ContainerCreating (FailedMount).
  const mount = (await backend.events({ kind: 'Pod', name: pod.metadata!.name!, reason: 'FailedMount' })).at(-1);
  if (waiting?.reason === 'ContainerCreating' && mount?.message) {
    const volume = /for volume "(.+?)"/.exec(mount.message)?.[1];
    const i = (d.object.spec?.template?.spec?.volumes ?? []).findIndex((v) => v.name === volume);
    const place = d.at(i >= 0 ? ['spec', 'template', 'spec', 'volumes', i] : path);
    return { message: text(`${why.ko}: ${mount.message} (${formatPosition(place)}).`, `${why.en}: ${mount.message} (${formatPosition(place)}).`), at: [place] };
  }
  // The app exited at start: its log says what it missed.
  if (backend instanceof SimBackend) {
    const name = pod.metadata!.name!;
    const log = [...(backend.cluster.logs(name, c.name, { namespace: ns, previous: true }) ?? []), ...(backend.cluster.logs(name, c.name, { namespace: ns }) ?? [])].find((l) => l.startsWith('error:'));
    const variable = log ? /environment variable (\S+) is not set/.exec(log)?.[1] : undefined;
    if (log) {
      const o = variable ? originOf(ctx, c, path, variable, ns) : undefined;
      const optional = o?.optional ? d.at(o.path.slice(0, -1).concat('optional')) : undefined;
      const place = optional ?? (o ? d.at(o.path) : d.at(path));
      return {
        message: text(
          `${why.ko}. 앱의 로그: "${log}"${optional ? `. \`optional: true\` 때문에 kubelet은 없는 키를 건너뛰고 컨테이너를 시작했고, 앱이 변수 없이 시작해 종료했다` : ''} (${formatPosition(place)}).`,
          `${why.en}. The app's log: "${log}"${optional ? `. Because of \`optional: true\` the kubelet skipped the missing key and started the container, and the app, started without the variable, exited` : ''} (${formatPosition(place)}).`,
        ),
        at: [place],
      };
    }
  }
  return { message: why, at: [d.at(path)] };
}

/** Places where the password stands in plain text: env values and command lines of the template, and ConfigMaps. */
function plaintext(ctx: CheckContext, d: SubmittedObject<Deployment>): SourcePosition[] {
  const out: SourcePosition[] = [];
  (d.object.spec?.template?.spec?.containers ?? []).forEach((c, ci) => {
    const base: FieldPath = ['spec', 'template', 'spec', 'containers', ci];
    (c.env ?? []).forEach((e, i) => {
      if (e.value?.includes(PASSWORD)) out.push(d.at([...base, 'env', i, 'value']));
    });
    for (const f of ['command', 'args'] as const) (c[f] ?? []).forEach((a, i) => a.includes(PASSWORD) && out.push(d.at([...base, f, i])));
  });
  for (const m of ctx.objects<ConfigMap>('ConfigMap')) for (const [k, v] of Object.entries(m.object.data ?? {})) if (String(v).includes(PASSWORD)) out.push(m.at(['data', k]));
  return out;
}

/** Judges one setting (LOG_LEVEL, PAYMENT_URL): from the ConfigMap, with the expected value. */
function judgeSetting(ctx: CheckContext, d: SubmittedObject<Deployment>, variable: string, view: View | undefined): { ok: boolean; message: Text; at: SourcePosition[] } {
  const ns = nsOf(d.object);
  const { c, path } = containerOf(d);
  const want = SETTINGS[variable]!;
  const o = originOf(ctx, c, path, variable, ns);
  if (!o) return { ok: false, message: text(`${variable}을(를) 주는 곳이 없다: 컨피그맵 키를 \`configMapKeyRef\`나 \`envFrom\`으로 넣자 (${at(d, [...path, 'env'])}).`, `Nothing sets ${variable}: add the ConfigMap key with \`configMapKeyRef\` or \`envFrom\` (${at(d, [...path, 'env'])}).`), at: [d.at(path)] };
  const place = d.at(o.path);
  if (o.via === 'value') return { ok: false, message: text(`${variable}이(가) 파드 스펙에 직접 적혀 있다 (${formatPosition(place)}): 컨피그맵에서 가져오자.`, `${variable} is written straight into the Pod spec (${formatPosition(place)}): take it from the ConfigMap.`), at: [place] };
  if (o.via !== 'configMapKeyRef' && o.via !== 'configMapRef') return { ok: false, message: text(`${variable}이(가) 컨피그맵이 아닌 곳에서 온다 (${formatPosition(place)}): 비밀이 아닌 설정은 컨피그맵에 둔다.`, `${variable} does not come from a ConfigMap (${formatPosition(place)}): settings that are not secret belong in a ConfigMap.`), at: [place] };
  const value = view ? view.env[variable] : staticValue(ctx, c, variable, o, ns);
  const seen = view ? text(`파드 ${view.pod}의 컨테이너가 보는`, `the container of pod ${view.pod} sees`) : text('매니페스트대로라면', 'by the manifests,');
  if (value === want) return { ok: true, message: text(`${variable}=${want}: 컨피그맵 ${o.name}의 키 ${o.key}에서 온다.`, `${variable}=${want}, from key ${o.key} of ConfigMap ${o.name}.`), at: [] };
  if (value === undefined) {
    const cm = submitted<ConfigMap>(ctx, 'ConfigMap', o.name, ns);
    return {
      ok: false,
      message: cm
        ? text(`컨피그맵 ${o.name}에 키 ${o.key}이(가) 없다 (${formatPosition(place)}; 있는 키: ${Object.keys(configData(cm.object)).join(', ') || '없음'}).`, `ConfigMap ${o.name} has no key ${o.key} (${formatPosition(place)}; its keys: ${Object.keys(configData(cm.object)).join(', ') || 'none'}).`)
        : absent(ctx, 'ConfigMap', o.name, place),
      at: [place],
    };
  }
  return { ok: false, message: text(`${seen.ko} ${variable}이(가) "${value}"이다 (기대: "${want}", ${formatPosition(place)}).`, `${seen.en} ${variable}="${value}" (expected "${want}", ${formatPosition(place)}).`), at: [place] };
}

export default defineGrader({
  lab: 'config-and-secrets',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [
      text('시크릿의 `data`에는 base64로 인코딩한 값만 쓸 수 있다. 평문은 `stringData`에 쓴다.', "A Secret's `data` takes base64-encoded values only; plain text goes in `stringData`."),
      manifestHints.dryRun,
    ]),
    {
      id: 'pods-ready',
      title: text('orders 파드 2개가 Ready다 (참조한 컨피그맵과 시크릿의 키가 모두 있다)', '2 orders pods are Ready (every key they reference exists)'),
      points: 20,
      hints: [
        text('`kubectl describe pod`의 이벤트와 `kubectl logs --previous`가 무엇이 없는지 알려 준다. 키 이름은 대소문자까지 정확해야 한다.', '`kubectl describe pod` events and `kubectl logs --previous` tell what is missing; key names must match exactly, case included.'),
        text('`optional: true`는 없는 키를 조용히 건너뛴다. 앱에 꼭 필요한 값에는 쓰지 말자.', '`optional: true` silently skips a missing key: do not use it for values the app cannot do without.'),
      ],
      async run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return ordersMissing(ctx);
        const { backend, applied } = await ctx.cluster();
        const refused = rejectedObject(applied, d);
        if (refused) return refused;
        const pods = await podsOfDeployment(backend, d.object.metadata.name!, nsOf(d.object));
        const ready = pods.filter(isRunningAndReady).length;
        const msg = text(`디플로이먼트 ${d.object.metadata.name}의 파드 ${pods.length}개 중 ${ready}개가 Ready다.`, `${ready} of the ${pods.length} pods of Deployment ${d.object.metadata.name} are Ready.`);
        if (ready >= REPLICAS) return pass(msg);
        const why = await explain(ctx, d, pods);
        return partial(ready, REPLICAS, why ? text(`${msg.ko} ${why.message.ko}`, `${msg.en} ${why.message.en}`) : msg, why?.at ?? [d.at(['spec', 'replicas'])]);
      },
    },
    {
      id: 'settings-from-configmap',
      title: text('LOG_LEVEL과 PAYMENT_URL이 컨피그맵에서 온다', 'LOG_LEVEL and PAYMENT_URL come from the ConfigMap'),
      points: 15,
      hints: [
        text('`valueFrom.configMapKeyRef`는 키 하나를, `envFrom.configMapRef`는 컨피그맵의 모든 키를 환경 변수로 넣는다.', '`valueFrom.configMapKeyRef` adds one key, `envFrom.configMapRef` every key of the ConfigMap, as environment variables.'),
      ],
      async run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return ordersMissing(ctx);
        const view = await viewOf(ctx, d, containerOf(d).c.name);
        const verdicts = Object.keys(SETTINGS).map((v) => judgeSetting(ctx, d, v, view));
        const ok = verdicts.filter((v) => v.ok).length;
        const note = view ? text('', '') : await fromManifests(ctx);
        const message = text(verdicts.map((v) => v.message.ko).join(' ') + note.ko, verdicts.map((v) => v.message.en).join(' ') + note.en);
        return ok === verdicts.length ? pass(message) : partial(ok, verdicts.length, message, verdicts.flatMap((v) => v.at));
      },
    },
    {
      id: 'config-file',
      title: text('/etc/orders/app.properties가 컨피그맵에서 마운트된다', '/etc/orders/app.properties is mounted from the ConfigMap'),
      points: 15,
      hints: [
        text('컨피그맵 볼륨은 키마다 파일 하나를 만든다. `items`로 키를 골라 파일 이름(`path`)을 정할 수 있다.', 'A ConfigMap volume makes one file per key; `items` picks keys and names their files (`path`).'),
        text('`mountPath`는 디렉터리다: `/etc/orders`에 마운트하면 키 `app.properties`는 `/etc/orders/app.properties`가 된다.', '`mountPath` is a directory: mounted at `/etc/orders`, the key `app.properties` becomes `/etc/orders/app.properties`.'),
      ],
      async run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return ordersMissing(ctx);
        const ns = nsOf(d.object);
        const { c, path } = containerOf(d);
        const src = fileSourceOf(d, c, path, FILE, ctx, ns);
        const view = await viewOf(ctx, d, c.name);
        if (!src) {
          return fail(
            text(`${FILE}을(를) 보여 주는 컨피그맵 볼륨이 없다 (${at(d, [...path, 'volumeMounts'])}): \`volumes\`에 컨피그맵 볼륨을, 컨테이너에 \`/etc/orders\`로의 \`volumeMounts\`를 더하자.${view ? ` 컨테이너가 보는 파일: ${Object.keys(view.files).join(', ') || '없음'}.` : ''}`, `no ConfigMap volume shows ${FILE} (${at(d, [...path, 'volumeMounts'])}): add a ConfigMap volume under \`volumes\` and a \`volumeMounts\` entry at \`/etc/orders\` to the container.${view ? ` Files the container sees: ${Object.keys(view.files).join(', ') || 'none'}.` : ''}`),
            [d.at(path)],
          );
        }
        const place = d.at(src.mountPath);
        if (src.kind !== 'ConfigMap') return fail(text(`${FILE}이(가) 시크릿 ${src.name}에서 온다 (${formatPosition(place)}): 비밀이 아닌 설정 파일은 컨피그맵에 둔다.`, `${FILE} comes from Secret ${src.name} (${formatPosition(place)}): a settings file that is not secret belongs in a ConfigMap.`), [place]);
        const content = view ? view.files[FILE] : configData(submitted<ConfigMap>(ctx, 'ConfigMap', src.name, ns)?.object)[src.key];
        const got = lines(content);
        const missingLines = PROPERTIES.filter((l) => !got.includes(l));
        const note = view ? text(` (파드 ${view.pod}의 컨테이너가 보는 파일)`, ` (the file the container of pod ${view.pod} sees)`) : await fromManifests(ctx);
        if (content !== undefined && missingLines.length === 0) return pass(text(`${FILE}은(는) 컨피그맵 ${src.name}의 키 ${src.key}이고 내용이 맞다${note.ko}.`, `${FILE} is key ${src.key} of ConfigMap ${src.name}, with the right content${note.en}.`));
        if (content === undefined && !submitted<ConfigMap>(ctx, 'ConfigMap', src.name, ns)) return fail(absent(ctx, 'ConfigMap', src.name, place), [place]);
        if (content === undefined) return fail(text(`${FILE}이(가) 없다: 컨피그맵 ${src.name}에 키 ${src.key}이(가) 없다 (${formatPosition(place)})${note.ko}.`, `${FILE} is missing: ConfigMap ${src.name} has no key ${src.key} (${formatPosition(place)})${note.en}.`), [place]);
        const cm = submitted<ConfigMap>(ctx, 'ConfigMap', src.name, ns);
        const where = cm ? cm.at(['data', src.key]) : place;
        return fail(text(`${FILE}에 ${missingLines.map((l) => `\`${l}\``).join(', ')}이(가) 없다 (${formatPosition(where)})${note.ko}.`, `${FILE} lacks ${missingLines.map((l) => `\`${l}\``).join(', ')} (${formatPosition(where)})${note.en}.`), [where]);
      },
    },
    {
      id: 'password-from-secret',
      title: text('DB_PASSWORD가 시크릿에서 오고, 비밀번호가 평문으로 어디에도 없다', 'DB_PASSWORD comes from the Secret and the password is nowhere in plain text'),
      points: 25,
      hints: [
        text('`valueFrom.secretKeyRef`로 시크릿의 키 하나를 환경 변수로 넣는다. 파드 스펙에는 시크릿의 이름과 키만 남는다.', '`valueFrom.secretKeyRef` puts one key of a Secret into an environment variable; the Pod spec only names the Secret and the key.'),
        text('base64는 암호화가 아니다: `echo -n 값 | base64`로 만든 값은 누구나 `base64 -d`로 되돌린다. `echo`에 `-n`을 빼면 줄바꿈까지 비밀번호에 들어간다.', 'base64 is not encryption: anyone turns `echo -n value | base64` back with `base64 -d`. Without `-n`, `echo` puts a newline into the password.'),
      ],
      async run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return ordersMissing(ctx);
        const ns = nsOf(d.object);
        const { c, path } = containerOf(d);
        const o = originOf(ctx, c, path, 'DB_PASSWORD', ns);
        const leaks = plaintext(ctx, d);
        const leakText = leaks.length ? text(` 비밀번호가 평문으로 적힌 곳: ${leaks.map(formatPosition).join(', ')}.`, ` The password stands in plain text at ${leaks.map(formatPosition).join(', ')}.`) : text('', '');
        if (!o) return fail(text(`DB_PASSWORD를 주는 곳이 없다: 시크릿의 키를 \`secretKeyRef\`로 넣자 (${at(d, [...path, 'env'])}).${leakText.ko}`, `Nothing sets DB_PASSWORD: add the Secret's key with \`secretKeyRef\` (${at(d, [...path, 'env'])}).${leakText.en}`), [d.at(path), ...leaks]);
        const place = d.at(o.path);
        if (o.via === 'value') {
          return fail(
            text(
              `DB_PASSWORD가 파드 스펙에 평문으로 적혀 있다 (${formatPosition(place)}). 파드가 돌더라도 디플로이먼트를 읽을 수 있는 사람과 이 파일이 든 저장소를 본 사람 모두가 비밀번호를 안다. 시크릿에 두고 \`secretKeyRef\`로 참조하자. 시크릿도 base64로 인코딩될 뿐 암호화되지는 않으니, 시크릿 읽기 권한(RBAC)을 좁히고 저장 시 암호화를 켜야 한다.`,
              `DB_PASSWORD is written into the Pod spec in plain text (${formatPosition(place)}). Even when the pods run, everyone who can read the Deployment, or the repository holding this file, knows the password. Keep it in a Secret and reference it with \`secretKeyRef\`. A Secret is only base64-encoded, not encrypted, so also restrict who may read Secrets (RBAC) and turn on encryption at rest.`,
            ),
            [place],
          );
        }
        if (o.via === 'configMapKeyRef' || o.via === 'configMapRef') {
          return fail(text(`DB_PASSWORD가 컨피그맵 ${o.name}에서 온다 (${formatPosition(place)}): 컨피그맵은 비밀이 아닌 설정을 위한 것이라 읽기 권한이 넓다. 비밀번호는 시크릿에 두자.${leakText.ko}`, `DB_PASSWORD comes from ConfigMap ${o.name} (${formatPosition(place)}): ConfigMaps hold non-confidential settings and are widely readable. Keep the password in a Secret.${leakText.en}`), [place, ...leaks]);
        }
        if (o.via === 'other') return fail(text(`DB_PASSWORD가 시크릿에서 오지 않는다 (${formatPosition(place)}).`, `DB_PASSWORD does not come from a Secret (${formatPosition(place)}).`), [place]);
        const secret = submitted<Secret>(ctx, 'Secret', o.name, ns);
        if (!secret) return fail(absent(ctx, 'Secret', o.name, place), [place]);
        const { applied } = await ctx.cluster();
        const refused = rejectedObject(applied, secret);
        if (refused) {
          return fail(
            text(`${refused.message.ko}. \`data\`의 값은 base64여야 한다(\`echo -n 값 | base64\`). 평문을 쓰려면 \`stringData\`를 쓰자. 어느 쪽이든 base64는 암호화가 아니다.`, `${refused.message.en}. Values under \`data\` must be base64 (\`echo -n value | base64\`); for plain text use \`stringData\`. Either way, base64 is not encryption.`),
            refused.locations ?? [],
          );
        }
        const keys = Object.keys(secretData(secret.object));
        if (!keys.includes(o.key ?? '')) {
          const optional = o.optional ? d.at(o.path.slice(0, -1).concat('optional')) : undefined;
          return fail(
            text(
              `시크릿 ${o.name}에 키 ${o.key}이(가) 없다 (${formatPosition(place)}; 있는 키: ${keys.join(', ') || '없음'}).${optional ? ` \`optional: true\`(${formatPosition(optional)})가 이 실수를 숨겨서, 컨테이너는 DB_PASSWORD 없이 시작했다.` : ''}`,
              `Secret ${o.name} has no key ${o.key} (${formatPosition(place)}; its keys: ${keys.join(', ') || 'none'}).${optional ? ` \`optional: true\` (${formatPosition(optional)}) hid the mistake: the container started without DB_PASSWORD.` : ''}`,
            ),
            optional ? [place, optional] : [place],
          );
        }
        const view = await viewOf(ctx, d, c.name);
        const value = view ? view.env.DB_PASSWORD : staticValue(ctx, c, 'DB_PASSWORD', o, ns);
        const keyAt = secret.object.stringData?.[o.key!] !== undefined ? secret.at(['stringData', o.key!]) : secret.at(['data', o.key!]);
        if (value !== PASSWORD) {
          const newline = value === `${PASSWORD}\n`;
          return fail(
            newline
              ? text(`시크릿 ${o.name}의 ${o.key}이(가) 줄바꿈으로 끝나, 앱이 받는 비밀번호가 데이터베이스의 것과 다르다 (${formatPosition(keyAt)}). \`echo\`는 끝에 줄바꿈을 붙인다: \`echo -n '…' | base64\`로 인코딩하거나 \`stringData\`를 쓰자.`, `key ${o.key} of Secret ${o.name} ends with a newline, so the app gets a password that is not the database's (${formatPosition(keyAt)}). \`echo\` adds a newline: encode with \`echo -n '…' | base64\`, or use \`stringData\`.`)
              : text(`앱이 받는 DB_PASSWORD(${value?.length ?? 0}자)가 데이터베이스의 비밀번호와 다르다 (${formatPosition(keyAt)}).`, `the DB_PASSWORD the app gets (${value?.length ?? 0} characters) is not the database's password (${formatPosition(keyAt)}).`),
            [keyAt],
          );
        }
        if (leaks.length > 0) return fail(text(`DB_PASSWORD는 시크릿 ${o.name}에서 오지만, 비밀번호가 아직 평문으로 남아 있다.${leakText.ko}`, `DB_PASSWORD comes from Secret ${o.name}, but the password still stands in plain text.${leakText.en}`), leaks);
        const seen = view ? text(` 파드 ${view.pod}의 컨테이너가 그 값을 받는다.`, ` The container of pod ${view.pod} gets it.`) : await fromManifests(ctx);
        return pass(text(`DB_PASSWORD는 시크릿 ${o.name}의 키 ${o.key}에서 오고, 파드 스펙과 컨피그맵에는 비밀번호가 없다.${seen.ko}`, `DB_PASSWORD comes from key ${o.key} of Secret ${o.name}; neither the Pod spec nor a ConfigMap holds the password.${seen.en}`));
      },
    },
    {
      id: 'file-follows-configmap',
      title: text('제자리에서 바꾼 app.properties가 재시작 없이 실행 중인 파드에 닿는다', 'An in-place change to app.properties reaches the running pods without a restart'),
      points: 15,
      hints: [
        text('`subPath`로 마운트한 파일은 컨피그맵이 바뀌어도 그대로다. 디렉터리(`/etc/orders`)에 마운트하자.', 'A file mounted with `subPath` never changes when the ConfigMap does: mount the directory (`/etc/orders`).'),
        text('환경 변수는 컨테이너가 시작할 때 한 번 정해진다. 실행 중에 바뀌어야 하는 설정은 볼륨 파일로 넣는다.', 'Environment variables are fixed when the container starts; settings that must change while it runs go in volume files.'),
      ],
      async run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return ordersMissing(ctx);
        const run = await ctx.scenario();
        const sim = run.sim;
        if (!sim) return simulatorOnly();
        const ns = nsOf(d.object);
        const { c, path } = containerOf(d);
        const src = fileSourceOf(d, c, path, FILE, ctx, ns);
        const cm = src?.kind === 'ConfigMap' ? submitted<ConfigMap>(ctx, 'ConfigMap', src.name, ns) : undefined;
        if (src?.kind === 'ConfigMap' && !cm) return fail(absent(ctx, 'ConfigMap', src.name, d.at(src.mountPath)), [d.at(src.mountPath)]);
        if (!src || !cm) return fail(text(`${FILE}이(가) 컨피그맵 볼륨에서 오지 않으니, 컨피그맵을 바꿔도 파일에 닿을 길이 없다.`, `${FILE} does not come from a ConfigMap volume, so a change to a ConfigMap has no way to reach it.`), [d.at([...path, 'volumeMounts'])]);
        await run.advance(`${CHANGE_AT}s`);
        const before = (await podsOfDeployment(run.backend, d.object.metadata.name!, ns)).filter(isRunningAndReady);
        if (before.length === 0) return fail(text(`t=${CHANGE_AT}초에 실행 중인 orders 파드가 없어, 설정 변경을 지켜볼 수 없다 (pods-ready를 먼저 고치자).`, `no orders pod runs at t=${CHANGE_AT} s, so there is nothing to watch the change reach (fix pods-ready first).`));
        const restarts = (p: Pod): number => p.status?.containerStatuses?.reduce((n, cs) => n + cs.restartCount, 0) ?? 0;
        const envBefore = sim.containerView(before[0]!.metadata!.name!, c.name, ns)?.env.LOG_LEVEL;
        const data = Object.fromEntries(
          Object.entries(cm.object.data ?? {}).map(([k, v]) => [k, k === 'LOG_LEVEL' ? 'debug' : String(v).replace(/orders\.page-size\s*=\s*\d+/, CHANGED_PAGE_SIZE)]),
        );
        const [result] = await run.backend.apply([{ ...structuredClone(cm.object), data } as KubeObject]);
        if (result?.error) {
          const place = cm.object.immutable ? cm.at(['immutable']) : cm.at(['metadata', 'name']);
          return fail(text(`컨피그맵 ${cm.object.metadata.name}을(를) 제자리에서 바꿀 수 없다: ${result.error.message.ko}${cm.object.immutable ? ` (\`immutable: true\`, ${formatPosition(place)}). 이 실습에서 운영팀은 제자리에서 고친다.` : ''}`, `ConfigMap ${cm.object.metadata.name} cannot be changed in place: ${result.error.message.en}${cm.object.immutable ? ` (\`immutable: true\`, ${formatPosition(place)}). In this lab, operations edit it in place.` : ''}`), [place]);
        }
        await run.advance(`${FOLLOW_SECONDS}s`);
        const after = await podsOfDeployment(run.backend, d.object.metadata.name!, ns);
        const followed = before.filter((p) => {
          const now = after.find((a) => a.metadata?.uid === p.metadata?.uid);
          const file = now ? sim.containerView(now.metadata!.name!, c.name, ns)?.files[FILE] : undefined;
          return now && restarts(now) === restarts(p) && lines(file).includes(CHANGED_PAGE_SIZE);
        });
        const envAfter = after[0] ? sim.containerView(after[0].metadata!.name!, c.name, ns)?.env.LOG_LEVEL : undefined;
        const envNote = envBefore !== undefined && envAfter === envBefore ? text(` 환경 변수 LOG_LEVEL은 그대로 "${envAfter}"이다: 환경 변수는 컨테이너가 시작할 때 한 번 정해진다.`, ` The environment variable LOG_LEVEL is still "${envAfter}": the environment is fixed when the container starts.`) : text('', '');
        const msg = text(
          `t=${CHANGE_AT}초에 컨피그맵 ${cm.object.metadata.name}의 \`orders.page-size\`를 50으로 바꾸고 ${FOLLOW_SECONDS}초 뒤, 실행 중이던 파드 ${before.length}개 중 ${followed.length}개가 재시작 없이 새 ${FILE}을(를) 본다.${envNote.ko}`,
          `${FOLLOW_SECONDS} s after \`orders.page-size\` was changed to 50 in ConfigMap ${cm.object.metadata.name} at t=${CHANGE_AT} s, ${followed.length} of the ${before.length} running pods see the new ${FILE} without a restart.${envNote.en}`,
        );
        if (followed.length === before.length) return pass(msg);
        const place = d.at(src.mountPath);
        const why = src.subPath
          ? text(` \`subPath\`로 마운트한 파일(${formatPosition(place)})은 컨피그맵이 바뀌어도 갱신되지 않는다: \`/etc/orders\` 디렉터리에 마운트하자.`, ` A file mounted with \`subPath\` (${formatPosition(place)}) is never updated when the ConfigMap changes: mount the directory \`/etc/orders\`.`)
          : text('', '');
        return partial(followed.length, before.length, text(msg.ko + why.ko, msg.en + why.en), [place]);
      },
    },
  ],
});
