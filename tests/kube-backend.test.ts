/**
 * The kube backend against `sim serve` as if it were kind: first-deployment's solution and every case
 * get the same score and check statuses as on the simulator backend, and the grading's namespace is
 * gone afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import grader from '../graders/first-deployment.ts';
import type { Step } from '../src/backends/backend.ts';
import { KubeBackend, parseFieldPath } from '../src/backends/kube.ts';
import { namespaceBase, NamespaceMap, slug } from '../src/backends/kube-namespaces.ts';
import { unsettled } from '../src/backends/kube-settle.ts';
import { readSubmission } from '../src/cli/read-submission.ts';
import { defineGrader, pass } from '../src/grading/grader.ts';
import { parseLab } from '../src/grading/lab.ts';
import { gradeSubmission } from '../src/grading/runner.ts';
import { kubeconfigYaml } from '../src/apiserver/kubeconfig.ts';
import { startApiServer, type ApiServer } from '../src/apiserver/server.ts';
import { createCluster } from '../src/sim/cluster.ts';
import { text } from '../src/kube/text.ts';

const LAB_DIR = new URL('../labs/first-deployment/', import.meta.url).pathname;
const lab = parseLab('lab.yaml', readFileSync(join(LAB_DIR, 'lab.yaml'), 'utf8'));
const submissions = [{ name: 'solution', dir: join(LAB_DIR, 'solution') }, ...readdirSync(join(LAB_DIR, 'cases')).map((c) => ({ name: c, dir: join(LAB_DIR, 'cases', c) }))];

let server: ApiServer;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  const cluster = createCluster({ nodes: lab.cluster.nodes, images: lab.images, seed: lab.seed, startTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString() });
  server = await startApiServer({ cluster, port: 0, speed: 60 });
  dir = mkdtempSync(join(tmpdir(), 'orchestra-kube-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigYaml(server.url));
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('KubeBackend against sim serve', () => {
  it.each(submissions)(
    'grades $name as the simulator does, and deletes its namespace',
    async ({ name, dir: path }) => {
      const read = readSubmission(path, lab.submission.files);
      const common = { lab, grader, files: read.files, rejected: read.rejected, ignored: read.ignored, submission: name, lang: 'en' as const };
      const onSim = await gradeSubmission(common);
      const backends: KubeBackend[] = [];
      const onKube = await gradeSubmission({
        ...common,
        backend: {
          name: 'kube',
          create: () => {
            const b = new KubeBackend({ kubeconfig, lab: lab.id, submission: name, pollMs: 50, deleteTimeoutMs: 20_000 });
            backends.push(b);
            return b;
          },
        },
      });
      expect(onKube.backend).toBe('kube');
      expect(onKube.score).toBe(onSim.score);
      expect(Object.fromEntries(onKube.checks.map((c) => [c.id, c.status]))).toEqual(Object.fromEntries(onSim.checks.map((c) => [c.id, c.status])));
      if (name === 'solution') expect(onKube.score).toBe(onKube.maxScore);
      else expect(onKube.score).toBe((JSON.parse(readFileSync(join(path, 'expected.json'), 'utf8')) as { score: number }).score);
      for (const b of backends) {
        expect(b.namespaces.base).toMatch(/^orchestra-first-deployment-/);
        expect(server.cluster.ctx.store.get('Namespace', b.namespaces.base)).toBeUndefined();
      }
      const left = server.cluster.ctx.store.list('Namespace').filter((n) => n.metadata.name!.startsWith('orchestra-'));
      expect(left).toEqual([]);
    },
    60_000,
  );

  it('labels its namespace, maps submission namespaces, and never writes elsewhere', async () => {
    const b = new KubeBackend({ kubeconfig, lab: lab.id, submission: 'students/alice/', pollMs: 50 });
    const results = await b.apply([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'shop' }, data: { x: '2' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: 3 } } as never,
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'x' } as never,
    ]);
    expect(results.map((r) => r.action ?? r.error?.reason)).toEqual(['created', 'created', 'BadRequest', 'Forbidden']);
    expect(results[2]!.error!.message.en).toMatch(/cannot unmarshal number/);
    const ns = server.cluster.ctx.store.get('Namespace', b.namespaces.base)!;
    expect(ns.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'orchestra', 'orchestra.dev/lab': 'first-deployment', 'orchestra.dev/submission': 'alice' });
    expect(server.cluster.ctx.store.get('ConfigMap', 'b', `${b.namespaces.base}-shop`)).toBeDefined();
    expect(await b.get('ConfigMap', 'b', 'shop')).toMatchObject({ metadata: { namespace: 'shop' }, data: { x: '2' } });
    expect((await b.list('ConfigMap')).map((c) => `${c.metadata.namespace}/${c.metadata.name}`).sort()).toEqual(expect.arrayContaining(['default/a', 'shop/b']));
    expect(server.cluster.ctx.store.get('StorageClass', 'fast')).toBeUndefined();
    expect((await b.step({ name: 'failNode', args: 'node-1' })).status).toBe('skipped');
    expect(await b.step({ name: 'addNode', args: { name: 'node-9' } })).toMatchObject({ status: 'skipped', message: { en: expect.stringMatching(/cannot add a node/) } });
    expect(await b.step({ name: 'setImage', args: { deployment: 'nope', container: 'x', image: 'y' } })).toMatchObject({ status: 'failed' });
    await b.close();
    expect(
      server.cluster.ctx.store
        .list('Namespace')
        .map((n) => n.metadata.name)
        .filter((n) => n!.startsWith('orchestra-')),
    ).toEqual([]);
    expect(server.cluster.ctx.store.get('Namespace', 'default')).toBeDefined();
  }, 30_000);
});

describe('scenario steps from the grading DSL, on both backends', () => {
  /** A check that takes steps through `run.step` and reports, per step, its status and what the cluster shows after it. */
  const stepsGrader = (log: { step: string; status: string; seen: unknown }[]) =>
    defineGrader({
      lab: lab.id,
      checks: [
        {
          id: 'steps',
          title: text('단계', 'steps'),
          points: 1,
          async run(ctx) {
            const run = await ctx.scenario();
            const b = run.backend;
            const web = async () => (await b.get<Deployment>('Deployment', 'web'))?.spec;
            const take = async (step: Step, seen: () => Promise<unknown>) => log.push({ step: step.name, status: (await run.step(step)).status, seen: await seen() });
            await take({ name: 'advance', ms: 5_000 }, async () => (await b.list<Pod>('Pod')).length > 0);
            await take({ name: 'apply', objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } }] }, async () => (await b.get<ConfigMap>('ConfigMap', 'settings'))?.data);
            await take({ name: 'scale', args: { deployment: 'web', replicas: 4 } }, async () => (await web())?.replicas);
            // The pod is deleted before the image changes: a rollout in progress on a real-time cluster could remove it first.
            const victim = (await b.list<Pod>('Pod'))[0]!.metadata!.name!;
            await take({ name: 'delete', args: { kind: 'Pod', name: victim } }, async () => {
              const p = await b.get<Pod>('Pod', victim);
              return p === undefined || p.metadata?.deletionTimestamp !== undefined;
            });
            await take({ name: 'setImage', args: { deployment: 'web', container: 'nginx', image: 'nginx:1.28' } }, async () => (await web())?.template?.spec?.containers[0]?.image);
            await take({ name: 'failNode', args: 'node-1' }, async () => null);
            await take({ name: 'scale', args: { deployment: 'missing', replicas: 1 } }, async () => null);
            return pass(text('', ''));
          },
        },
      ],
    });

  it('are taken on the simulator and, through the API, on a cluster; what a real cluster cannot do is skipped', async () => {
    const read = readSubmission(join(LAB_DIR, 'solution'), lab.submission.files);
    const common = { lab, files: read.files, rejected: read.rejected, ignored: read.ignored, submission: 'steps', lang: 'en' as const };
    const onSim: { step: string; status: string; seen: unknown }[] = [];
    const onKube: typeof onSim = [];
    await gradeSubmission({ ...common, grader: stepsGrader(onSim) });
    const kube = await gradeSubmission({
      ...common,
      grader: stepsGrader(onKube),
      backend: { name: 'kube', create: () => new KubeBackend({ kubeconfig, lab: lab.id, submission: 'steps', pollMs: 50, deleteTimeoutMs: 20_000 }) },
    });
    expect(kube.checks[0]!.status).toBe('pass');
    const expected = [
      { step: 'advance', status: 'done', seen: true },
      { step: 'apply', status: 'done', seen: { mode: 'fast' } },
      { step: 'scale', status: 'done', seen: 4 },
      { step: 'delete', status: 'done', seen: true },
      { step: 'setImage', status: 'done', seen: 'nginx:1.28' },
      { step: 'failNode', status: 'done', seen: null },
      { step: 'scale', status: 'failed', seen: null },
    ];
    expect(onSim).toEqual(expected);
    expect(onKube).toEqual(expected.map((e) => (e.step === 'failNode' ? { ...e, status: 'skipped' } : e)));
  }, 60_000);
});

describe('KubeBackend interrupted', () => {
  it('deletes its namespace on Ctrl-C (SIGINT) and exits 130', async () => {
    const script = join(dir, 'interrupted.ts');
    writeFileSync(
      script,
      `import { KubeBackend } from ${JSON.stringify(new URL('../src/backends/kube.ts', import.meta.url).pathname)};
const b = new KubeBackend({ kubeconfig: ${JSON.stringify(kubeconfig)}, lab: 'first-deployment', submission: 'interrupted', pollMs: 50 });
await b.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]);
process.stdout.write(b.namespaces.base + '\\n');
setInterval(() => undefined, 1000);
`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ns = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
    expect(server.cluster.ctx.store.get('Namespace', ns)).toBeDefined();
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(server.cluster.ctx.store.get('Namespace', ns)).toBeUndefined();
  }, 30_000);
});

describe('kube backend helpers', () => {
  it('names namespaces as DNS labels after the lab and the submission', () => {
    expect(namespaceBase('first-deployment', 'submissions/Alice Kim.zip', 'ab12c')).toBe('orchestra-first-deployment-alice-kim-zip-ab12c');
    expect(namespaceBase('x'.repeat(80), 'y'.repeat(80), 'zzzzz').length).toBeLessThanOrEqual(48);
    expect(slug('--A_b--', 10)).toBe('a-b');
    const map = new NamespaceMap('orchestra-lab-sub-1');
    expect(map.map(undefined)).toBe('orchestra-lab-sub-1');
    expect(map.map('shop')).toBe('orchestra-lab-sub-1-shop');
    expect(map.unmap('orchestra-lab-sub-1-shop')).toBe('shop');
    expect(map.unmap('kube-system')).toBe('kube-system');
  });

  it('parses field paths of Status causes', () => {
    expect(parseFieldPath('spec.template.spec.containers[0].image')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(parseFieldPath('.spec.replicas')).toEqual(['spec', 'replicas']);
  });

  it('waits for rollouts and endpoints, not for pods that cannot start', () => {
    const pod = (name: string, ready: boolean, waiting?: string) => ({
      metadata: { name, namespace: 'n', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }] },
      status: {
        phase: ready ? 'Running' : 'Pending',
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
        containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready, restartCount: 0, state: waiting ? { waiting: { reason: waiting } } : { running: {} } }],
      },
    });
    const deployment = {
      metadata: { name: 'web', namespace: 'n', generation: 1 },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: {} },
      status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 },
    };
    const base = { deployments: [deployment], statefulSets: [], daemonSets: [], jobs: [], services: [], endpointSlices: [] } as never as Parameters<typeof unsettled>[0];
    expect(unsettled({ ...base, pods: [pod('a', true), pod('b', false, 'ContainerCreating')] } as never)).toEqual(['deployment/web']);
    expect(unsettled({ ...base, pods: [pod('a', true), pod('b', false, 'ImagePullBackOff')] } as never)).toEqual([]);
  });
});

describe('orchestra grade --backend kube', () => {
  it('grades a submission on the cluster of a kubeconfig and reports the kube backend', async () => {
    const bin = new URL('../bin/orchestra.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'grade', 'first-deployment', join(LAB_DIR, 'solution'), '--backend', 'kube', '--kubeconfig', kubeconfig, '--format', 'json', '--lang', 'en'], {
      cwd: join(LAB_DIR, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out) as { backend: string; score: number; maxScore: number };
    expect(result).toMatchObject({ backend: 'kube', score: result.maxScore });
    expect(result.maxScore).toBeGreaterThan(0);
  }, 60_000);
});
