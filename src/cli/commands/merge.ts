/** `orchestra merge <dirs…> --out DIR`: join the results of grade-all shards into one set of reports. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { mergeClassRuns, type ClassRun } from '../../grading/class-run.ts';
import { text } from '../../kube/text.ts';
import { CLASS_FORMATS, renderClass, type ClassFormat } from '../formats.ts';
import { publishToGitHub } from '../github.ts';
import { HELP, localize } from '../help.ts';
import type { Cli } from '../io.ts';
import { UsageError } from '../usage-error.ts';
import { writeReports } from '../write-reports.ts';

export function registerMerge(program: Command, cli: Cli): void {
  const { lang } = cli;
  localize(program.command('merge'), lang)
    .description(HELP.merge[lang])
    .argument('<dirs...>', HELP.argDirs[lang])
    .requiredOption('--out <dir>', HELP.optOut[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .addOption(new Option('--format <format>', HELP.optFormat[lang]).choices(CLASS_FORMATS).default('text'))
    .action((dirs: string[], opts: { out: string; format: ClassFormat }) => {
      const runs = dirs.map((d) => {
        const file = join(resolve(cli.cwd, d), 'results.json');
        try {
          return JSON.parse(readFileSync(file, 'utf8')) as ClassRun;
        } catch (e) {
          throw new UsageError(text(`${file}을(를) 읽을 수 없다: ${(e as Error).message}`, `cannot read ${file}: ${(e as Error).message}`));
        }
      });
      const merged = mergeClassRuns(runs);
      writeReports(resolve(cli.cwd, opts.out), merged);
      cli.io.out(renderClass(merged, opts.format));
      publishToGitHub(merged.results, merged.lang, cli.io.env);
    });
}
