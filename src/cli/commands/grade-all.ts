/**
 * `orchestra grade-all <lab> <root>`: grade a class, one subfolder or .zip per student, in a pool of
 * worker threads; print a summary (or one format); write every report into --out; publish to
 * GitHub Actions when its variables are set. One student's failure is that student's error result.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { text } from '../../kube/text.ts';
import { CLASS_FORMATS, renderClass, type ClassFormat } from '../formats.ts';
import { publishToGitHub } from '../github.ts';
import { gradeClass, listClass } from '../grade-class.ts';
import { prepareLab } from '../grade-path.ts';
import { HELP, localize } from '../help.ts';
import type { Cli } from '../io.ts';
import { findLab } from '../labs.ts';
import { parsePositiveInt, parseShard } from '../options.ts';
import { createProgress } from '../progress.ts';
import { readRoster } from '../roster.ts';
import { writeReports } from '../write-reports.ts';
import { requireSimBackend } from './grade.ts';

interface GradeAllOptions {
  backend: string;
  roster?: string;
  out?: string;
  shard?: string;
  jobs?: string;
  timeout?: string;
  memory?: string;
  format: ClassFormat;
  progress?: boolean;
}

export function registerGradeAll(program: Command, cli: Cli): void {
  const { lang } = cli;
  localize(program.command('grade-all'), lang)
    .description(HELP.gradeAll[lang])
    .argument('<lab>', HELP.argLab[lang])
    .argument('<root>', HELP.argRoot[lang])
    .option('--roster <csv>', HELP.optRoster[lang])
    .option('--out <dir>', HELP.optOut[lang])
    .option('--shard <index/count>', HELP.optShard[lang])
    .option('--jobs <n>', HELP.optJobs[lang])
    .option('--timeout <seconds>', HELP.optTimeout[lang])
    .option('--memory <mb>', HELP.optMemory[lang])
    .addOption(new Option('--backend <backend>', HELP.optBackend[lang]).choices(['sim', 'kube']).default('sim'))
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .addOption(new Option('--format <format>', HELP.optFormat[lang]).choices(CLASS_FORMATS).default('text'))
    .addOption(new Option('--no-progress').hideHelp())
    .action(async (labArg: string, rootArg: string, opts: GradeAllOptions) => {
      requireSimBackend(opts.backend);
      const shard = parseShard(opts.shard);
      const jobs = parsePositiveInt(opts.jobs, '--jobs');
      const timeout = parsePositiveInt(opts.timeout, '--timeout');
      const memory = parsePositiveInt(opts.memory, '--memory');
      const lab = findLab(labArg, cli.cwd);
      const prepared = await prepareLab(lab);
      const root = resolve(cli.cwd, rootArg);
      const roster = opts.roster ? readRoster(resolve(cli.cwd, opts.roster)) : undefined;
      const listing = listClass(root, roster, opts.out ? [resolve(cli.cwd, opts.out)] : []);
      for (const folder of listing.unlisted) {
        cli.io.err(`${cli.t(text(`경고: 명단에 없는 제출물 ${folder}을(를) 폴더 이름으로 채점한다`, `warning: ${folder} is not in the roster; graded under its folder name`))}\n`);
      }
      const count = shard ? listing.entries.filter((_, i) => i % shard.count === shard.index - 1).length : listing.entries.length;
      const progress = createProgress(count, {
        tty: cli.io.errIsTty === true && !cli.io.env.CI && opts.progress !== false,
        lang,
        write: cli.io.err,
        stream: process.stderr,
      });
      const run = await gradeClass(prepared, listing.entries, {
        lang,
        cwd: cli.cwd,
        ...(shard ? { shard } : {}),
        ...(jobs ? { jobs } : {}),
        ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
        ...(memory ? { memoryMb: memory } : {}),
        onDone: (name, result, failure) => progress.done(name, result, failure),
      });
      progress.stop();
      cli.io.out(renderClass(run, opts.format));
      if (opts.out) writeReports(resolve(cli.cwd, opts.out), run);
      publishToGitHub(run.results, lang, cli.io.env);
    });
}
