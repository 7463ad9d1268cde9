/** `orchestra grade <lab> <path>`: grade one submission, print it in one format, optionally write them all. */
import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { classRun } from '../../grading/class-run.ts';
import type { GradeResult } from '../../grading/result.ts';
import type { BackendFactory } from '../../grading/runner.ts';
import { text } from '../../kube/text.ts';
import { FORMATS, renderOne, type Format } from '../formats.ts';
import { publishToGitHub } from '../github.ts';
import { gradePath } from '../grade-path.ts';
import { HELP, localize } from '../help.ts';
import { EXIT_BELOW, EXIT_GRADED, type Cli } from '../io.ts';
import { findLab } from '../labs.ts';
import { belowThreshold, parseFailUnder, parsePositiveInt } from '../options.ts';
import { UsageError } from '../usage-error.ts';
import { writeReports } from '../write-reports.ts';

interface GradeOptions {
  backend: 'sim' | 'kube';
  format: Format;
  out?: string;
  failUnder?: string;
  timeout?: string;
  context?: string;
  kubeconfig?: string;
}

/** A real cluster runs a check for much longer than the simulator (image pulls, settling): 5 minutes. */
const KUBE_CHECK_TIMEOUT_MS = 300_000;

export function registerGrade(program: Command, cli: Cli): void {
  const { lang } = cli;
  localize(program.command('grade'), lang)
    .description(HELP.grade[lang])
    .argument('<lab>', HELP.argLab[lang])
    .argument('<path>', HELP.argPath[lang])
    .addOption(new Option('--backend <backend>', HELP.optBackend[lang]).choices(['sim', 'kube']).default('sim'))
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .addOption(new Option('--format <format>', HELP.optFormat[lang]).choices(FORMATS).default('text'))
    .option('--out <dir>', HELP.optOut[lang])
    .option('--fail-under <percent>', HELP.optFailUnder[lang])
    .option('--timeout <seconds>', HELP.optCheckTimeout[lang])
    .option('--context <name>', HELP.optContext[lang])
    .option('--kubeconfig <path>', HELP.optKubeconfig[lang])
    .action(async (labArg: string, path: string, opts: GradeOptions) => {
      const failUnder = parseFailUnder(opts.failUnder);
      const timeout = parsePositiveInt(opts.timeout, '--timeout');
      if (opts.backend === 'sim' && (opts.context || opts.kubeconfig)) {
        throw new UsageError(text('--context와 --kubeconfig는 --backend kube와 함께 쓴다', '--context and --kubeconfig go with --backend kube'));
      }
      const lab = findLab(labArg, cli.cwd);
      const full = requireSubmission(cli.cwd, path);
      const kube = opts.backend === 'kube' ? await kubeBackend(cli, lab.lab.id, path, opts) : undefined;
      const checkTimeoutMs = timeout ? timeout * 1000 : kube ? KUBE_CHECK_TIMEOUT_MS : undefined;
      const result = await gradePath(lab, full, lang, path, { ...(checkTimeoutMs ? { checkTimeoutMs } : {}), ...(kube ? { backend: kube } : {}) });
      const prefix = annotationPrefix(cli.cwd, full);
      cli.io.out(renderOne(result, opts.format, { color: cli.io.isTty && !cli.io.env.NO_COLOR, annotations: { pathPrefix: () => prefix } }));
      finish(cli, [result], opts.out, prefix);
      cli.exit(belowThreshold(result.score, result.maxScore, failUnder) ? EXIT_BELOW : EXIT_GRADED);
    });
}

/** A real cluster from a kubeconfig: each run gets fresh namespaces, deleted afterwards (src/backends/kube.ts). */
async function kubeBackend(cli: Cli, lab: string, submission: string, opts: GradeOptions): Promise<BackendFactory> {
  // Loaded on demand: @kubernetes/client-node takes a while to import and the simulator never needs it.
  const { KubeBackend } = await import('../../backends/kube.ts');
  const kubeconfig = opts.kubeconfig ? resolve(cli.cwd, opts.kubeconfig) : undefined;
  return {
    name: 'kube',
    create: () => new KubeBackend({ lab, submission, ...(opts.context ? { context: opts.context } : {}), ...(kubeconfig ? { kubeconfig } : {}) }),
  };
}

/** The submission's absolute path; a usage error naming the path as typed when there is nothing there. */
export function requireSubmission(cwd: string, path: string): string {
  const full = resolve(cwd, path);
  try {
    statSync(full);
  } catch {
    throw new UsageError(text(`제출물을 찾을 수 없다: ${path}`, `submission not found: ${path}`));
  }
  return full;
}

/** grade-all runs submissions in parallel worker threads on the simulator; a real cluster grades one at a time with `grade`. */
export function requireSimBackend(backend: string): void {
  if (backend !== 'sim') {
    throw new UsageError(
      text(
        `grade-all은 시뮬레이터에서만 채점한다: 실제 클러스터(--backend ${backend})에서는 제출물마다 'orchestra grade <실습> <경로> --backend kube'를 쓰자`,
        `grade-all grades on the simulator only: for a real cluster (--backend ${backend}) run 'orchestra grade <lab> <path> --backend kube' per submission`,
      ),
    );
  }
}

/** Writes every report into --out, and publishes to GitHub Actions when its variables are set. */
export function finish(cli: Cli, results: GradeResult[], out: string | undefined, prefix: string): void {
  const first = results[0]!;
  if (out) {
    const sources = prefix ? Object.fromEntries(results.map((r) => [r.submission, prefix])) : {};
    writeReports(resolve(cli.cwd, out), classRun({ lab: first.lab, lang: cli.lang, graderSha256: first.graderSha256, orchestraVersion: first.orchestraVersion, sources }, results));
  }
  publishToGitHub(results, cli.lang, cli.io.env);
}

/** Where the submission's files are, relative to the working folder (the repository root in CI). */
export function annotationPrefix(cwd: string, full: string): string {
  let dir = full;
  try {
    if (!statSync(full).isDirectory()) dir = full.toLowerCase().endsWith('.zip') ? '' : dirname(full);
  } catch {
    return '';
  }
  if (dir === '') return '';
  const rel = relative(cwd, dir).split(sep).join('/');
  return rel.startsWith('..') ? '' : rel;
}
