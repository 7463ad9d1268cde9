/**
 * `orchestra sim run <scenario.yaml> [--json] [--seed N]`: runs a scenario file on the simulator and
 * prints the result, as JSON (the full ScenarioResult) or as a short report.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatPosition } from '../kube/position.ts';
import type { Lang } from '../kube/text.ts';
import { runScenario, type ScenarioResult } from '../sim/scenario/run.ts';
import { parseScenario, ScenarioError } from '../sim/scenario/scenario.ts';
import { UsageError } from './usage-error.ts';
import { text } from '../kube/text.ts';

export interface SimRunOptions {
  json?: boolean;
  seed?: number;
}

/** Runs the scenario at `path`; returns the text to print. Throws UsageError for unreadable or invalid files. */
export function simRun(path: string, options: SimRunOptions, lang: Lang): string {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(text(`시나리오 파일을 읽을 수 없다: ${path}`, `cannot read the scenario file: ${path}`));
  }
  const dir = dirname(resolve(path));
  let scenario;
  try {
    scenario = parseScenario(path, source, (p) => readFileSync(resolve(dir, p), 'utf8'));
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(text(e.problems.map((p) => `${formatPosition(p.position)}: ${p.message.ko}`).join('\n'), e.problems.map((p) => `${formatPosition(p.position)}: ${p.message.en}`).join('\n')));
    throw e;
  }
  if (options.seed !== undefined) scenario = { ...scenario, seed: options.seed };
  const result = runScenario(scenario);
  return options.json ? `${JSON.stringify(localize(result, lang))}\n` : report(result, lang);
}

/** The JSON output carries error messages in the chosen language. */
function localize(result: ScenarioResult, lang: Lang) {
  return { ...result, errors: result.errors.map((e) => ({ ...e, message: e.message[lang] })) };
}

function report(result: ScenarioResult, lang: Lang): string {
  const ko = lang === 'ko';
  const lines = [ko ? `시뮬레이션 ${result.endTime}초 (시드 ${result.seed})` : `simulated ${result.endTime} s (seed ${result.seed})`];
  for (const e of result.errors) lines.push(`  ! ${formatPosition(e.position)} t=${e.t}s ${e.step}: ${e.message[lang]}`);
  const pods = result.objects.filter((o) => o.kind === 'Pod');
  lines.push(ko ? `파드 ${pods.length}개:` : `${pods.length} pod(s):`);
  for (const p of pods) {
    const status = p.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
    const ready = status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Ready' : 'NotReady';
    lines.push(`  ${p.metadata.namespace}/${p.metadata.name}  ${(p.spec as { nodeName?: string }).nodeName ?? '-'}  ${status?.phase ?? 'Pending'}  ${ready}`);
  }
  lines.push(ko ? `이벤트 ${result.events.length}개` : `${result.events.length} event(s)`);
  return `${lines.join('\n')}\n`;
}
