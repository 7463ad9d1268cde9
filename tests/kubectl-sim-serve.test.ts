/**
 * `orchestra sim serve` (src/cli/sim-serve.ts): the kubeconfig it writes, what it prints in both
 * languages, a lab's cluster, a scenario playing out on the wall clock, and its usage errors.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { simServe, simStep } from '../src/cli/sim-serve.ts';
import { UsageError } from '../src/cli/usage-error.ts';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'orchestra-serve-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) } };
}

function kubectl(): string | undefined {
  try {
    const which = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
    const versioned = join(dirname(realpathSync(which)), 'kubectl.1.33');
    return existsSync(versioned) ? versioned : realpathSync(which);
  } catch {
    return undefined;
  }
}

describe('orchestra sim serve', () => {
  it("serves a lab's cluster, writes a kubeconfig for context orchestra, and stops on close", async () => {
    const o = io();
    const kubeconfig = join(dir, 'lab', 'kubeconfig');
    const handle = await simServe({ port: 0, lab: 'first-deployment', speed: 10, kubeconfig }, { io: o.io, lang: 'en', cwd: dir, handleSignals: false });
    try {
      const config = parse(readFileSync(kubeconfig, 'utf8')) as Record<string, any>;
      expect(config['current-context']).toBe('orchestra');
      expect(config.clusters[0]).toEqual({ name: 'orchestra', cluster: { server: handle.url, 'insecure-skip-tls-verify': true } });
      expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const text = o.out.join('');
      expect(text).toContain(`simulated cluster serving at ${handle.url}: the cluster of lab first-deployment (2 nodes), speed ×10`);
      expect(text).toContain(`export KUBECONFIG=${kubeconfig}`);
      expect(text).toContain(`POST ${handle.url}/orchestra/steps`);
      const nodes = (await (await fetch(`${handle.url}/api/v1/nodes`)).json()) as { items: { metadata: { name: string } }[] };
      expect(nodes.items.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2']);
      const k = kubectl();
      if (k) {
        const r = await run(k, ['get', 'nodes', '-o', 'name'], { env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig } });
        expect(r.stdout).toBe('node/node-1\nnode/node-2\n');
      } else console.warn('kubectl not installed: the kubectl check of sim serve is skipped');
    } finally {
      await handle.close();
    }
    await handle.closed;
    await expect(fetch(`${handle.url}/version`)).rejects.toThrow();
  });

  it('plays a scenario: its manifests at once, its steps at their simulated times; messages in Korean', async () => {
    writeFileSync(join(dir, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n');
    writeFileSync(join(dir, 'scenario.yaml'), 'cluster:\n  nodes:\n    - { name: a }\n    - { name: b }\nmanifests: [ ./app.yaml ]\nsteps:\n  - advance: 3s\n  - failNode: a\n');
    const o = io();
    const handle = await simServe({ port: 0, scenario: 'scenario.yaml', speed: 60 }, { io: o.io, lang: 'ko', cwd: dir, handleSignals: false });
    try {
      expect(handle.kubeconfig).toBe(join(dir, '.orchestra', 'kubeconfig'));
      expect(o.out.join('')).toContain(`시뮬레이션 클러스터가 ${handle.url} 에서 실행 중이다: 시나리오 scenario.yaml의 클러스터, 속도 ×60`);
      expect(o.out.join('')).toContain('멈추려면 Ctrl-C.');
      expect(((await (await fetch(`${handle.url}/api/v1/namespaces/default/configmaps/settings`)).json()) as { data: unknown }).data).toEqual({ mode: 'fast' });
      const end = Date.now() + 10_000;
      while (!o.err.join('').includes('failNode') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(o.err.join('')).toMatch(/scenario\.yaml:8:\d+ t=3s failNode\n/);
    } finally {
      await handle.close();
    }
  });

  it('runs lesson steps on a running server with `sim step`', async () => {
    const kubeconfig = join(dir, 'steps', 'kubeconfig');
    const handle = await simServe({ port: 0, speed: 10, kubeconfig }, { io: io().io, lang: 'en', cwd: dir, handleSignals: false });
    try {
      expect(await simStep('failNode', 'node-2', { kubeconfig }, { lang: 'en', cwd: dir })).toMatch(/^t=[\d.]+s failNode\n$/);
      expect(await simStep('advance', '60s', { kubeconfig }, { lang: 'ko', cwd: dir })).toMatch(/^t=[\d.]+초 advance\n$/);
      const node = (await (await fetch(`${handle.url}/api/v1/nodes/node-2`)).json()) as { status: { conditions: { type: string; status: string }[] } };
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
      await expect(simStep('teleport', 'x', { server: handle.url }, { lang: 'en', cwd: dir })).rejects.toThrow(/the step was refused: unknown step 'teleport'/);
      await expect(simStep('scale', '{deployment: nope, replicas: 2}', { server: handle.url }, { lang: 'en', cwd: dir })).rejects.toThrow(/deployments.apps "nope" not found/);
    } finally {
      await handle.close();
    }
    await expect(simStep('failNode', 'node-1', { kubeconfig: join(dir, 'none') }, { lang: 'en', cwd: dir })).rejects.toThrow(/run 'orchestra sim serve' first/);
    await expect(simStep('failNode', 'node-1', { kubeconfig }, { lang: 'en', cwd: dir })).rejects.toThrow(/is 'orchestra sim serve' running\?/);
  });

  it('refuses bad options with a usage error in the chosen language', async () => {
    const ctx = { io: io().io, lang: 'en' as const, cwd: dir, handleSignals: false };
    await expect(simServe({ lab: 'first-deployment', scenario: 'x.yaml' }, ctx)).rejects.toThrow(UsageError);
    await expect(simServe({ speed: 0 }, ctx)).rejects.toThrow(/--speed must be a number above 0/);
    await expect(simServe({ scenario: 'missing.yaml', port: 0 }, { ...ctx, lang: 'ko' })).rejects.toMatchObject({ text: { ko: expect.stringContaining('시나리오 파일을 읽을 수 없다') } });
    await expect(simServe({ lab: 'no-such-lab', port: 0 }, ctx)).rejects.toThrow(UsageError);
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      await expect(simServe({ port, kubeconfig: join(dir, 'k') }, ctx)).rejects.toThrow(`port ${port} is already in use`);
    } finally {
      busy.close();
    }
  });
});

describe('the orchestra command line', () => {
  it('runs sim serve until Ctrl-C, and sim step acts on the served cluster', async () => {
    const { spawn } = await import('node:child_process');
    const bin = new URL('../bin/orchestra.js', import.meta.url).pathname;
    const kubeconfig = join(dir, 'cli', 'kubeconfig');
    const server = spawn(process.execPath, [bin, 'sim', 'serve', '--port', '0', '--speed', '10', '--kubeconfig', kubeconfig, '--lang', 'en'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => server.on('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 300 && !out.includes('Ctrl-C to stop.'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(`export KUBECONFIG=${kubeconfig}`);
      const url = /serving at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const step = await run(process.execPath, [bin, 'sim', 'step', 'failNode', 'node-1', '--kubeconfig', kubeconfig, '--lang', 'en'], { cwd: dir });
      expect(step.stdout).toMatch(/^t=[\d.]+s failNode\n?$/);
      // The failed node's kubelet stops renewing its lease: the node controller marks it Unknown after 50 s (5 s here at ×10).
      const stale = async (): Promise<boolean> => {
        const node = (await (await fetch(`${url}/api/v1/nodes/node-1`)).json()) as { status: { conditions: { type: string; status: string }[] } };
        return node.status.conditions.find((c) => c.type === 'Ready')?.status === 'Unknown';
      };
      expect(await stale()).toBe(false);
      for (let i = 0; i < 200 && !(await stale()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await stale()).toBe(true);
    } finally {
      server.kill('SIGINT');
    }
    expect(await exited).not.toBeNull();
  }, 30_000);
});
