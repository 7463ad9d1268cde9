/**
 * `kubectl apply` of one Deployment against `sim serve` (median of 20, each apply changing the
 * Deployment), next to `kubectl version --client` (kubectl's own start-up), with their ratio
 * (goal ≤ 1.3), for every versioned kubectl beside the real one (google-cloud-cli's kubectl.1.30 …
 * kubectl.1.33; else the kubectl on PATH; skipped without one).
 *
 * kubectl's caches are warm, as a student's are after the first command: one apply first fills
 * ~/.kube/cache/discovery and ~/.kube/cache/http, so each measured apply asks only for the
 * /openapi/v3 index (revalidated, 304), the Deployment and the PATCH; the apps/v1 document comes from
 * the HTTP cache (its `?hash=` URL is immutable). kubectl parses that document three times per apply
 * (field validation check, patch support check, strategic merge patch), so `sim serve` gives kubectl
 * commands other than `explain` the document without type schemas (src/apiserver/openapi-handler.ts,
 * told by the Kubectl-Command header). Measured twice: as kubectl runs by default (`command-headers`),
 * and with KUBECTL_COMMAND_HEADERS=false (`no-command-headers`: kubectl then gets the schemas and parses
 * them, as it does against a real API server). `extra.load` is the machine's 1-minute load average.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { kubeconfigYaml } from '../src/apiserver/kubeconfig.ts';
import { startApiServer } from '../src/apiserver/server.ts';
import { createCluster } from '../src/sim/cluster.ts';
import type { BenchResult } from './run.ts';

const exec = promisify(execFile);
const RUNS = 20;
const VERSIONS = ['1.30', '1.31', '1.32', '1.33'];

/** The versioned kubectl binaries beside the real kubectl, or the kubectl on PATH alone. */
function findKubectls(): { version: string; path: string }[] {
  try {
    const real = realpathSync(execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim());
    const versioned = VERSIONS.map((v) => ({ version: v, path: join(dirname(real), `kubectl.${v}`) })).filter((k) => existsSync(k.path));
    return versioned.length > 0 ? versioned : [{ version: 'path', path: real }];
  } catch {
    return [];
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(((s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2) * 100) / 100;
}

async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  await exec(cmd, args, { env });
  return performance.now() - start;
}

function deployment(replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bench
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: bench}
  template:
    metadata:
      labels: {app: bench}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
`;
}

async function measure(kubectl: string, commandHeaders: boolean): Promise<{ apply: number; version: number }> {
  const cluster = createCluster({ nodes: 2, startTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString() });
  const server = await startApiServer({ cluster, port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'orchestra-bench-'));
  try {
    writeFileSync(join(dir, 'kubeconfig'), kubeconfigYaml(server.url));
    const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), ...(commandHeaders ? {} : { KUBECTL_COMMAND_HEADERS: 'false' }) };
    const file = join(dir, 'deployment.yaml');
    writeFileSync(file, deployment(1));
    // Warm-up: kubectl's discovery and HTTP caches filled, the Deployment created.
    await exec(kubectl, ['apply', '-f', file], { env });
    await exec(kubectl, ['version', '--client'], { env });
    const apply: number[] = [];
    const version: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      writeFileSync(file, deployment(2 + (i % 2)));
      apply.push(await timed(kubectl, ['apply', '-f', file], env));
      version.push(await timed(kubectl, ['version', '--client'], env));
    }
    return { apply: median(apply), version: median(version) };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const kubectls = findKubectls();
  if (kubectls.length === 0) return [{ name: 'apiserver/kubectl-apply', value: 0, unit: 'ms', extra: { skipped: 'no kubectl on PATH' } }];
  const out: BenchResult[] = [];
  for (const { version, path } of kubectls) {
    for (const headers of [true, false]) {
      const m = await measure(path, headers);
      const label = `kubectl-${version}/${headers ? 'command-headers' : 'no-command-headers'}`;
      const ratio = Math.round((m.apply / m.version) * 100) / 100;
      const load = Math.round(loadavg()[0]! * 100) / 100;
      out.push(
        { name: `apiserver/kubectl-apply/${label}`, value: m.apply, unit: 'ms', extra: { median_of: RUNS, kubectl: path, load } },
        { name: `apiserver/kubectl-version-client/${label}`, value: m.version, unit: 'ms', extra: { median_of: RUNS, load } },
        { name: `apiserver/apply-vs-startup/${label}`, value: ratio, unit: 'ratio', extra: { goal: 1.3, met: ratio <= 1.3, load } },
      );
    }
  }
  return out;
}
