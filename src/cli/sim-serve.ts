/**
 * `orchestra sim serve [--port 6443] [--lab <id> | --scenario file] [--speed 1|10|60] [--kubeconfig PATH]`:
 * serves a simulated cluster over the Kubernetes API on 127.0.0.1, on the wall clock (× speed), and
 * writes a kubeconfig (context `orchestra`) so that kubectl and client-node can use it. With
 * `--lab`, the cluster is the lab's (nodes, images, seed); with `--scenario`, the scenario's
 * cluster and manifests, and its steps play out at their simulated times while students watch.
 * A lesson can act on the cluster at any time through POST /orchestra/steps, or with
 * `orchestra sim step <verb> [value]` (simStep below).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatPosition } from '../kube/position.ts';
import { parseYamlValue } from '../kube/yaml-value.ts';
import { text, type Lang, type Text } from '../kube/text.ts';
import { kubeconfigYaml, CONTEXT } from '../apiserver/kubeconfig.ts';
import { runStep } from '../apiserver/orchestra-endpoint.ts';
import { startApiServer, type ApiServer } from '../apiserver/server.ts';
import { toStatus } from '../apiserver/status.ts';
import { createCluster, type ClusterOptions } from '../sim/cluster.ts';
import { parseScenario, ScenarioError, type Scenario } from '../sim/scenario/scenario.ts';
import type { CliIo } from './io.ts';
import { findLab } from './labs.ts';
import { labClusterOptions } from '../grading/runner.ts';
import { UsageError } from './usage-error.ts';

export interface SimServeOptions {
  /** Port to listen on (default 6443; 0 picks a free one). */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** A lab id or folder: serve the lab's cluster. */
  lab?: string;
  /** A scenario file: serve its cluster and manifests, and play its steps. */
  scenario?: string;
  /** Simulated seconds per wall second (1, 10 or 60; any positive number works). Default 1. */
  speed?: number;
  /** Where to write the kubeconfig (default ./.orchestra/kubeconfig). */
  kubeconfig?: string;
  /** Print one line per API request on stderr. */
  log?: boolean;
}

export interface SimServeHandle {
  readonly server: ApiServer;
  readonly url: string;
  readonly kubeconfig: string;
  /** Resolves once the server has stopped (close(), or Ctrl-C when signals are handled). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export interface SimServeContext {
  io: Pick<CliIo, 'out' | 'err'>;
  lang: Lang;
  cwd: string;
  /** Stop on SIGINT/SIGTERM (the CLI does; tests do not). Default true. */
  handleSignals?: boolean;
}

function startTime(): string {
  // Whole seconds, as API timestamps are.
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
}

function loadScenario(path: string): Scenario {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(text(`시나리오 파일을 읽을 수 없다: ${path}`, `cannot read the scenario file: ${path}`));
  }
  const dir = dirname(resolve(path));
  try {
    return parseScenario(path, source, (p) => readFileSync(resolve(dir, p), 'utf8'));
  } catch (e) {
    if (e instanceof ScenarioError) {
      throw new UsageError(
        text(e.problems.map((p) => `${formatPosition(p.position)}: ${p.message.ko}`).join('\n'), e.problems.map((p) => `${formatPosition(p.position)}: ${p.message.en}`).join('\n')),
      );
    }
    throw e;
  }
}

/** Starts serving; resolves once the server listens and the kubeconfig is written. */
export async function simServe(options: SimServeOptions, ctx: SimServeContext): Promise<SimServeHandle> {
  const t = (x: Text): string => x[ctx.lang];
  if (options.lab && options.scenario) throw new UsageError(text('--lab와 --scenario는 함께 쓸 수 없다', '--lab and --scenario cannot be used together'));
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed <= 0 || speed > 3600)
    throw new UsageError(text(`--speed는 0보다 크고 3600 이하인 수여야 한다 (1, 10, 60 등): ${options.speed}`, `--speed must be a number above 0 and at most 3600 (1, 10, 60 …): ${options.speed}`));
  const port = options.port ?? 6443;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(text(`--port는 0에서 65535 사이의 정수여야 한다: ${options.port}`, `--port must be an integer from 0 to 65535: ${options.port}`));

  let clusterOptions: ClusterOptions = { startTime: startTime() };
  let scenario: Scenario | undefined;
  let what = text('기본 클러스터 (노드 3개)', 'the default cluster (3 nodes)');
  if (options.lab) {
    const { lab } = findLab(options.lab, ctx.cwd);
    // The lab's cluster, on the wall clock: the API serves today's time, whatever start the lab grades from.
    clusterOptions = { ...labClusterOptions(lab), startTime: clusterOptions.startTime! };
    what = text(`실습 ${lab.id}의 클러스터 (노드 ${lab.cluster.nodes.length}개)`, `the cluster of lab ${lab.id} (${lab.cluster.nodes.length} nodes)`);
  } else if (options.scenario) {
    scenario = loadScenario(resolve(ctx.cwd, options.scenario));
    clusterOptions = { ...clusterOptions, ...(scenario.nodes ? { nodes: scenario.nodes } : {}), images: scenario.images, seed: scenario.seed };
    what = text(`시나리오 ${options.scenario}의 클러스터`, `the cluster of scenario ${options.scenario}`);
  }
  const cluster = createCluster(clusterOptions);

  if (scenario) {
    const failed = cluster.apply(scenario.manifests).filter((o) => o.error);
    for (const f of failed) ctx.io.err(`${t(text('적용 실패', 'apply failed'))}: ${f.kind}/${f.name}: ${f.error!.text[ctx.lang]}\n`);
    // The steps run at their simulated times: the wall clock brings the cluster there.
    let at = cluster.ctx.clock.now;
    for (const s of scenario.steps) {
      const { step, position } = s;
      if (step.name === 'advance') {
        at += step.ms;
        continue;
      }
      const raw = step.name === 'apply' ? { apply: step.objects } : { [step.name]: step.args };
      cluster.ctx.clock.at(at, () => {
        try {
          runStep(cluster, undefined, raw);
          ctx.io.err(`${formatPosition(position)} t=${cluster.now}s ${step.name}\n`);
        } catch (e) {
          ctx.io.err(`${formatPosition(position)} t=${cluster.now}s ${step.name}: ${toStatus(e).message}\n`);
        }
      });
    }
  }

  let server: ApiServer;
  try {
    server = await startApiServer({
      cluster,
      port,
      speed,
      ...(options.host ? { host: options.host } : {}),
      ...(options.log ? { log: (line: string) => ctx.io.err(`${line}\n`) } : {}),
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new UsageError(text(`포트 ${port}을(를) 이미 쓰고 있다: --port로 다른 포트를 고르자`, `port ${port} is already in use: choose another with --port`));
    if (code === 'EACCES') throw new UsageError(text(`포트 ${port}에서 들을 권한이 없다`, `no permission to listen on port ${port}`));
    throw e;
  }

  const kubeconfig = resolve(ctx.cwd, options.kubeconfig ?? '.orchestra/kubeconfig');
  try {
    mkdirSync(dirname(kubeconfig), { recursive: true });
    writeFileSync(kubeconfig, kubeconfigYaml(server.url), { mode: 0o600 });
  } catch {
    await server.close();
    throw new UsageError(text(`kubeconfig를 쓸 수 없다: ${kubeconfig}`, `cannot write the kubeconfig: ${kubeconfig}`));
  }

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const onSignal = (): void => {
    void close().then(() => ctx.io.err(`${t(text('시뮬레이션 클러스터를 멈췄다.', 'simulated cluster stopped.'))}\n`));
  };
  const close = (): Promise<void> => {
    closing ??= server.close().then(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveClosed();
    });
    return closing;
  };
  if (ctx.handleSignals ?? true) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  ctx.io.out(
    [
      t(text(`시뮬레이션 클러스터가 ${server.url} 에서 실행 중이다: ${what.ko}, 속도 ×${speed}`, `simulated cluster serving at ${server.url}: ${what.en}, speed ×${speed}`)),
      t(text(`kubeconfig: ${kubeconfig} (컨텍스트 ${CONTEXT})`, `kubeconfig: ${kubeconfig} (context ${CONTEXT})`)),
      '',
      `  export KUBECONFIG=${kubeconfig}`,
      '  kubectl get nodes',
      '',
      t(text(`수업 진행용 단계: POST ${server.url}/orchestra/steps  (예: {"failNode": "node-1"})`, `lesson steps: POST ${server.url}/orchestra/steps  (e.g. {"failNode": "node-1"})`)),
      t(text('멈추려면 Ctrl-C.', 'Ctrl-C to stop.')),
      '',
    ].join('\n'),
  );
  return { server, url: server.url, kubeconfig, closed, close };
}

export interface SimStepOptions {
  /** The served cluster's URL; read from the kubeconfig when absent. */
  server?: string;
  /** The kubeconfig `sim serve` wrote (default ./.orchestra/kubeconfig). */
  kubeconfig?: string;
}

/**
 * `orchestra sim step <verb> [value]`: one lesson step on a running `sim serve`, e.g.
 * `failNode node-1`, `advance 30s`, `scale '{deployment: web, replicas: 5}'` (the value is YAML).
 * Returns the text to print.
 */
export async function simStep(verb: string, value: string | undefined, options: SimStepOptions, ctx: Pick<SimServeContext, 'lang' | 'cwd'>): Promise<string> {
  const t = (x: Text): string => x[ctx.lang];
  let server = options.server;
  if (!server) {
    const path = resolve(ctx.cwd, options.kubeconfig ?? '.orchestra/kubeconfig');
    try {
      const config = parseYamlValue(readFileSync(path, 'utf8')) as { clusters?: { name: string; cluster: { server: string } }[] };
      server = config.clusters?.find((c) => c.name === CONTEXT)?.cluster.server;
    } catch {
      server = undefined;
    }
    if (!server)
      throw new UsageError(
        text(
          `실행 중인 시뮬레이션 클러스터를 찾을 수 없다: ${path}이(가) 없다 ('orchestra sim serve'를 먼저 실행하자)`,
          `no running simulated cluster found: ${path} is missing (run 'orchestra sim serve' first)`,
        ),
      );
  }
  let arg: unknown = value;
  if (value !== undefined) {
    try {
      arg = parseYamlValue(value);
    } catch {
      arg = value;
    }
  }
  let res: Response;
  try {
    res = await fetch(`${server.replace(/\/+$/, '')}/orchestra/steps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [verb]: arg ?? null }) });
  } catch {
    throw new UsageError(
      text(`시뮬레이션 클러스터(${server})에 연결할 수 없다: 'orchestra sim serve'가 실행 중인지 확인하자`, `cannot reach the simulated cluster at ${server}: is 'orchestra sim serve' running?`),
    );
  }
  const body = (await res.json()) as { results?: { step: string; t: number; message?: string }[]; message?: string };
  if (!res.ok) throw new UsageError(text(`단계가 거부되었다: ${body.message ?? res.status}`, `the step was refused: ${body.message ?? res.status}`));
  return `${(body.results ?? []).map((r) => t(text(`t=${r.t}초 ${r.step}${r.message ? `: ${r.message}` : ''}`, `t=${r.t}s ${r.step}${r.message ? `: ${r.message}` : ''}`))).join('\n')}\n`;
}
