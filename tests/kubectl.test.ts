/**
 * Real kubectl binaries against `sim serve`: the versioned `kubectl.1.30` … `kubectl.1.33` that
 * google-cloud-cli installs beside the real path of `kubectl` (each skipped, visibly, where absent).
 * Every command a course uses succeeds and its output is checked. One server for the file; each
 * kubectl version works in a namespace of its own, with its own HOME (kubectl's discovery cache).
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { parse } from 'yaml';
import { kubeconfigYaml } from '../src/apiserver/kubeconfig.ts';
import { startApiServer, type ApiServer } from '../src/apiserver/server.ts';
import { createCluster } from '../src/sim/cluster.ts';

const run = promisify(execFile);
const VERSIONS = ['1.30', '1.31', '1.32', '1.33'];

function kubectlDir(): string | undefined {
  try {
    const which = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
    return which ? dirname(realpathSync(which)) : undefined;
  } catch {
    return undefined;
  }
}

const DIR = kubectlDir();
const FOUND = VERSIONS.map((v) => ({ version: v, path: DIR ? join(DIR, `kubectl.${v}`) : '' })).map((k) => ({ ...k, present: k.path !== '' && existsSync(k.path) }));
for (const k of FOUND) if (!k.present) console.warn(`kubectl ${k.version}: not installed (${DIR ? `no ${k.path}` : 'no kubectl on PATH'}), its tests are skipped`);

let server: ApiServer;
let root: string;

beforeAll(async () => {
  const cluster = createCluster({
    nodes: [
      { name: 'node-1', cpu: '4', memory: '8Gi' },
      { name: 'node-2', cpu: '4', memory: '8Gi' },
    ],
    images: {
      'shop/web:v1': { pullSeconds: 1, startSeconds: 3, ports: [8080], logs: ['shop web v1 listening on :8080'] },
      // v2 pulls slowly (60 simulated seconds), so that `rollout status` after `set image` has a rollout to wait for.
      'shop/web:v2': { pullSeconds: 60, startSeconds: 1, ports: [8080], logs: ['shop web v2 listening on :8080'] },
    },
    startTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
  });
  server = await startApiServer({ cluster, port: 0, speed: 20 });
  root = mkdtempSync(join(tmpdir(), 'orchestra-kubectl-'));
  writeFileSync(join(root, 'kubeconfig'), kubeconfigYaml(server.url));
});

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

function deploymentYaml(ns: string, replicas: number, value: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: shop/web:v1
          ports:
            - containerPort: 8080
          env:
            - name: GREETING
              value: "${value}"
        - name: sidecar
          image: busybox:1.36
          command: ["sleep", "3600"]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: 8080
`;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

// The versions run side by side (each in its own namespace); the commands of one version in order.
for (const k of FOUND) {
  (k.present ? describe.concurrent : describe.skip)(`kubectl ${k.version} against sim serve`, () => {
    const step = (name: string, fn: (ctx: TestContext) => Promise<void>) => it(name, { concurrent: false, timeout: 60_000 }, fn);
    const ns = `kubectl-${k.version.replace('.', '-')}`;
    let home: string;
    const kubectl = async (...args: string[]): Promise<Result> => {
      try {
        const r = await run(k.path, args, { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: join(root, 'kubeconfig') }, timeout: 60_000 });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        const x = e as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
      }
    };
    const ok = async (...args: string[]): Promise<string> => {
      const r = await kubectl(...args);
      expect(r.stderr, `kubectl ${args.join(' ')}`).not.toMatch(/error/i);
      expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const json = async <T = Record<string, any>>(...args: string[]): Promise<T> => JSON.parse(await ok(...args, '-o', 'json')) as T;
    const file = (name: string, content: string): string => {
      const p = join(home, name);
      writeFileSync(p, content);
      return p;
    };

    beforeAll(() => {
      home = join(root, `home-${k.version}`);
      mkdirSync(home, { recursive: true });
    });

    step('create namespace (a protobuf body from kubectl ≥ 1.32)', async () => {
      expect(await ok('create', 'namespace', ns)).toBe(`namespace/${ns} created\n`);
      expect((await json('get', 'namespace', ns)).status.phase).toBe('Active');
    });

    step('apply -f (client-side), then again with changed fields', async () => {
      const path = file('web.yaml', deploymentYaml(ns, 3, 'hello'));
      expect(await ok('apply', '-f', path)).toBe('deployment.apps/web created\nservice/web created\n');
      writeFileSync(path, deploymentYaml(ns, 4, 'bonjour'));
      expect(await ok('apply', '-f', path)).toBe('deployment.apps/web configured\nservice/web unchanged\n');
      const d = await json('get', 'deploy', 'web', '-n', ns);
      expect(d.spec.replicas).toBe(4);
      expect(d.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['web', 'sidecar']);
      expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'GREETING', value: 'bonjour' }]);
      expect(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"bonjour"');
      expect(d.metadata.generation).toBe(2);
    });

    step('explain reads the field types from the OpenAPI v3 schemas', async () => {
      const strategy = await ok('explain', 'deployment.spec.strategy');
      expect(strategy).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
      expect(strategy).toContain('FIELD: strategy <DeploymentStrategy>');
      expect(strategy).toMatch(/^ {2}rollingUpdate\t<RollingUpdateDeployment>$/m);
      expect(await ok('explain', 'pods.spec.containers.ports')).toMatch(/^ {2}containerPort\t<integer> -required-$/m);
    });

    step('rollout status returns when the rollout completes', async () => {
      const out = await ok('rollout', 'status', 'deploy/web', '-n', ns, '--timeout=60s');
      expect(out).toMatch(/deployment "web" successfully rolled out\n$/);
      const d = await json('get', 'deploy', 'web', '-n', ns);
      expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4 });
    });

    step('get -o yaml, -o wide, and a table with the usual columns', async () => {
      const y = parse(await ok('get', 'deploy', 'web', '-n', ns, '-o', 'yaml')) as { kind: string; metadata: { name: string }; spec: { replicas: number } };
      expect(y).toMatchObject({ kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 4 } });
      const pods = (await ok('get', 'pods', '-n', ns)).trim().split('\n');
      expect(pods[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      expect(pods.slice(1)).toHaveLength(4);
      for (const line of pods.slice(1)) expect(line).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\s+2\/2\s+Running\s+0\s+\S+$/);
      const wide = (await ok('get', 'pods', '-n', ns, '-o', 'wide')).trim().split('\n');
      expect(wide[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
      expect(wide[1]).toMatch(/\s10\.244\.\d+\.\d+\s+node-[12]\s+<none>\s+<none>$/);
      const deploy = (await ok('get', 'deploy', '-n', ns, '-o', 'wide')).trim().split('\n');
      expect(deploy[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
      expect(deploy[1]).toMatch(/^web\s+4\/4\s+4\s+4\s+\S+\s+web,sidecar\s+shop\/web:v1,busybox:1\.36\s+app=web$/);
      const svc = (await ok('get', 'svc', 'web', '-n', ns)).trim().split('\n');
      expect(svc[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
      expect(svc[1]).toMatch(/^web\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+$/);
      const nodes = (await ok('get', 'nodes')).trim().split('\n');
      expect(nodes.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['node-1 Ready', 'node-2 Ready']);
    });

    step('describe shows the Deployment and its events', async () => {
      const out = await ok('describe', 'deployment', 'web', '-n', ns);
      expect(out).toMatch(/^Name:\s+web$/m);
      expect(out).toMatch(/^Replicas:\s+4 desired \| 4 updated \| 4 total \| 4 available \| 0 unavailable$/m);
      expect(out).toMatch(/NewReplicaSet:\s+web-[a-z0-9]+ \(4\/4 replicas created\)/);
      expect(out).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-/);
    });

    step('scale', async () => {
      expect(await ok('scale', 'deploy/web', '--replicas=2', '-n', ns)).toBe('deployment.apps/web scaled\n');
      expect((await json('get', 'deploy', 'web', '-n', ns)).spec.replicas).toBe(2);
    });

    step('set image keeps ports, env and the other container; rollout history lists the revisions', async () => {
      expect(await ok('set', 'image', 'deploy/web', 'web=shop/web:v2', '-n', ns)).toBe('deployment.apps/web image updated\n');
      const c = (await json('get', 'deploy', 'web', '-n', ns)).spec.template.spec.containers;
      expect(c).toHaveLength(2);
      expect(c[0]).toMatchObject({ name: 'web', image: 'shop/web:v2', ports: [{ containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'GREETING', value: 'bonjour' }] });
      expect(c[1]).toMatchObject({ name: 'sidecar', image: 'busybox:1.36' });
      const status = await ok('rollout', 'status', 'deploy/web', '-n', ns, '--timeout=60s');
      expect(status).toMatch(/Waiting for deployment "web" rollout to finish/);
      expect(status).toMatch(/successfully rolled out\n$/);
      const history = await ok('rollout', 'history', 'deploy/web', '-n', ns);
      expect(history).toMatch(/^REVISION\s+CHANGE-CAUSE$/m);
      expect(history).toMatch(/^1\s+<none>$/m);
      expect(history).toMatch(/^2\s+<none>$/m);
    });

    step('rollout undo goes back to the previous template, reusing its ReplicaSet', async () => {
      const before = (await json<{ items: unknown[] }>('get', 'rs', '-n', ns)).items.length;
      expect(await ok('rollout', 'undo', 'deploy/web', '-n', ns)).toBe('deployment.apps/web rolled back\n');
      expect((await json('get', 'deploy', 'web', '-n', ns)).spec.template.spec.containers[0].image).toBe('shop/web:v1');
      await ok('rollout', 'status', 'deploy/web', '-n', ns, '--timeout=60s');
      expect((await json<{ items: unknown[] }>('get', 'rs', '-n', ns)).items.length).toBe(before);
      const history = await ok('rollout', 'history', 'deploy/web', '-n', ns);
      // Revision 2's ReplicaSet came back as revision 4.
      expect(history).toMatch(/^REVISION\s+CHANGE-CAUSE\n1\s+<none>\n3\s+<none>\n4\s+<none>$/m);
    });

    step('rollout restart', async () => {
      expect(await ok('rollout', 'restart', 'deploy/web', '-n', ns)).toBe('deployment.apps/web restarted\n');
      const d = await json('get', 'deploy', 'web', '-n', ns);
      expect(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT/);
      await ok('rollout', 'status', 'deploy/web', '-n', ns, '--timeout=60s');
    });

    step('label and annotate', async () => {
      expect(await ok('label', 'deploy', 'web', 'tier=front', '-n', ns)).toBe('deployment.apps/web labeled\n');
      expect(await ok('annotate', 'deploy', 'web', 'owner=team-a', '-n', ns)).toBe('deployment.apps/web annotated\n');
      const m = (await json('get', 'deploy', 'web', '-n', ns)).metadata;
      expect(m.labels).toEqual({ app: 'web', tier: 'front' });
      expect(m.annotations.owner).toBe('team-a');
      expect(await ok('label', 'deploy', 'web', 'tier-', '-n', ns)).toBe('deployment.apps/web unlabeled\n');
      expect((await json('get', 'deploy', 'web', '-n', ns)).metadata.labels).toEqual({ app: 'web' });
    });

    step('logs', async () => {
      const pods = (await json<{ items: { metadata: { name: string } }[] }>('get', 'pods', '-n', ns, '-l', 'app=web')).items;
      expect(await ok('logs', pods[0]!.metadata.name, '-c', 'web', '-n', ns)).toBe('shop web v1 listening on :8080\n');
      const r = await kubectl('logs', pods[0]!.metadata.name, '-n', ns);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('shop web v1 listening on :8080\n');
    });

    step('top pods and top nodes (the metrics API)', async () => {
      // metrics-server reports a container after a whole 15 s window of running.
      let r = await kubectl('top', 'pods', '-n', ns);
      for (let i = 0; i < 100 && r.code !== 0; i++) {
        await new Promise((done) => setTimeout(done, 50));
        r = await kubectl('top', 'pods', '-n', ns);
      }
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/);
      for (const line of lines.slice(1)) expect(line).toMatch(/^web-\S+\s+\d+m\s+\d+Mi\s*$/);
      const nodes = (await ok('top', 'nodes')).trim().split('\n');
      expect(nodes[0]).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(?%\)?\s+MEMORY\(bytes\)\s+MEMORY\(?%\)?\s*$/);
      expect(nodes.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['node-1', 'node-2']);
    });

    step('get -w shows a change as it arrives', async () => {
      const child = spawn(k.path, ['get', 'deploy', 'web', '-n', ns, '-w'], { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: join(root, 'kubeconfig') } });
      let out = '';
      let err = '';
      const waiters = new Set<() => void>();
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        for (const w of waiters) w();
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const seen = (re: RegExp) =>
        new Promise<void>((resolve, reject) => {
          const check = (): void => {
            if (!re.test(out)) return;
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`timed out waiting for ${re} in:\n${out}\nstderr:\n${err}`));
          }, 30_000);
          waiters.add(check);
          check();
        });
      try {
        await seen(/^web\s+2\/2\s+2\s+2\s+\S+$/m);
        // kubectl prints what its watch sees from when it is open: change the Deployment after that.
        const watching = (): boolean => server.openWatches().some((w) => w.startsWith(`/apis/apps/v1/namespaces/${ns}/deployments?`) && w.includes('metadata.name%3Dweb'));
        for (let i = 0; i < 200 && !watching(); i++) await new Promise((r) => setTimeout(r, 25));
        expect(watching()).toBe(true);
        await ok('scale', 'deploy/web', '--replicas=3', '-n', ns);
        await seen(/^web\s+3\/3\s+3\s+3\s+\S+$/m);
      } finally {
        child.kill();
      }
      const lines = out.trim().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
      expect(lines.filter((l) => l.startsWith('NAME'))).toHaveLength(1);
      expect(lines.length).toBeGreaterThanOrEqual(3);
    });

    step('apply --server-side', async () => {
      const path = file(
        'api.yaml',
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: ${ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: shop/web:v1\n`,
      );
      expect(await ok('apply', '--server-side', '-f', path)).toBe('deployment.apps/api serverside-applied\n');
      expect(await ok('apply', '--server-side', '-f', path)).toBe('deployment.apps/api serverside-applied\n');
      const d = await json('get', 'deploy', 'api', '-n', ns, '--show-managed-fields');
      expect(d.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kubectl', operation: 'Apply' })]);
      expect(d.metadata.managedFields[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"api"}']).toEqual({ '.': {}, 'f:image': {}, 'f:name': {} });
      // A field another manager changed is a conflict, unless forced.
      await ok('scale', 'deploy/api', '--replicas=3', '-n', ns);
      writeFileSync(
        path,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: ${ns}\nspec:\n  replicas: 4\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: shop/web:v1\n`,
      );
      const conflict = await kubectl('apply', '--server-side', '-f', path);
      expect(conflict.code).not.toBe(0);
      expect(conflict.stderr).toMatch(/Apply failed with 1 conflict: conflict with "kubectl\.\d\.\d\d" using apps\/v1: \.spec\.replicas/);
      expect(await ok('apply', '--server-side', '--force-conflicts', '-f', path)).toBe('deployment.apps/api serverside-applied\n');
      expect((await json('get', 'deploy', 'api', '-n', ns)).spec.replicas).toBe(4);
    });

    step('create configmap, secret, deployment and service', async () => {
      expect(await ok('create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3', '-n', ns)).toBe('configmap/settings created\n');
      expect((await json('get', 'cm', 'settings', '-n', ns)).data).toEqual({ mode: 'fast', level: '3' });
      expect(await ok('create', 'secret', 'generic', 'db', '--from-literal=password=s3cret', '-n', ns)).toBe('secret/db created\n');
      const secret = await json('get', 'secret', 'db', '-n', ns);
      expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret');
      expect(secret.type).toBe('Opaque');
      expect(await ok('create', 'deployment', 'cart', '--image=shop/web:v1', '--replicas=2', '--port=8080', '-n', ns)).toBe('deployment.apps/cart created\n');
      const cart = await json('get', 'deploy', 'cart', '-n', ns);
      expect(cart.spec).toMatchObject({ replicas: 2, selector: { matchLabels: { app: 'cart' } } });
      expect(cart.spec.template.spec.containers[0]).toMatchObject({ name: 'web', image: 'shop/web:v1', ports: [{ containerPort: 8080, protocol: 'TCP' }] });
      const svc = await kubectl('create', 'service', 'clusterip', 'cart', '--tcp=80:8080', '-n', ns);
      expect(svc.stderr).toBe('');
      expect(svc.stdout).toBe('service/cart created\n');
      expect((await json('get', 'svc', 'cart', '-n', ns)).spec).toMatchObject({
        type: 'ClusterIP',
        selector: { app: 'cart' },
        ports: [{ name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' }],
      });
    });

    step('delete -f, waiting until the objects are gone', async () => {
      const path = join(home, 'web.yaml');
      expect(await ok('delete', '-f', path)).toBe('deployment.apps "web" deleted\nservice "web" deleted\n');
      const r = await kubectl('get', 'deploy', 'web', '-n', ns);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Error from server \(NotFound\): deployments\.apps "web" not found/);
    });
  });
}
