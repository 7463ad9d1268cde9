/**
 * `kubectl apply` of one Deployment against `sim serve` (median of 20, each apply changing the
 * Deployment), next to `kubectl version --client` (kubectl's own start-up), with their ratio
 * (goal ≤ 1.3). Measured twice: with the OpenAPI v3 type schemas published (the default, for
 * `kubectl explain`; kubectl parses them on every apply) and without them. Uses the versioned
 * kubectl.1.33 beside the real kubectl (google-cloud-cli), else the kubectl on PATH; skipped without one.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { kubeconfigYaml } from '../src/apiserver/kubeconfig.ts';
import { startApiServer } from '../src/apiserver/server.ts';
import { createCluster } from '../src/sim/cluster.ts';
import type { BenchResult } from './run.ts';

const exec = promisify(execFile);
const RUNS = 20;

function findKubectl(): string | undefined {
  try {
    const real = realpathSync(execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim());
    const versioned = join(dirname(real), 'kubectl.1.33');
    return existsSync(versioned) ? versioned : real;
  } catch {
    return undefined;
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

async function measure(kubectl: string, openapiSchemas: boolean): Promise<{ apply: number; version: number }> {
  const cluster = createCluster({ nodes: 2, startTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString() });
  const server = await startApiServer({ cluster, port: 0, openapiSchemas });
  const dir = mkdtempSync(join(tmpdir(), 'orchestra-bench-'));
  try {
    writeFileSync(join(dir, 'kubeconfig'), kubeconfigYaml(server.url));
    const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: join(dir, 'kubeconfig') };
    const file = join(dir, 'deployment.yaml');
    writeFileSync(file, deployment(1));
    // Warm-up: kubectl's discovery and OpenAPI caches, the Deployment created.
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
  const kubectl = findKubectl();
  if (!kubectl) return [{ name: 'apiserver/kubectl-apply', value: 0, unit: 'ms', extra: { skipped: 'no kubectl on PATH' } }];
  const out: BenchResult[] = [];
  for (const schemas of [true, false]) {
    const m = await measure(kubectl, schemas);
    const label = schemas ? 'openapi-schemas' : 'openapi-paths-only';
    const ratio = Math.round((m.apply / m.version) * 100) / 100;
    out.push(
      { name: `apiserver/kubectl-apply/${label}`, value: m.apply, unit: 'ms', extra: { median_of: RUNS, kubectl } },
      { name: `apiserver/kubectl-version-client/${label}`, value: m.version, unit: 'ms', extra: { median_of: RUNS } },
      { name: `apiserver/apply-vs-startup/${label}`, value: ratio, unit: 'ratio', extra: { goal: 1.3, met: ratio <= 1.3 } },
    );
  }
  return out;
}
