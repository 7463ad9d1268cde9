/** `orchestra lab new <id>` and `orchestra lab test [<id>…]`: authoring labs. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { text } from '../../kube/text.ts';
import { HELP, localize } from '../help.ts';
import { EXIT_BELOW, EXIT_GRADED, type Cli } from '../io.ts';
import { scaffoldLab } from '../lab-scaffold.ts';
import { testLab, type SampleOutcome } from '../lab-test.ts';
import { findLab, listLabs, PROJECT_ROOT } from '../labs.ts';
import { parsePositiveInt } from '../options.ts';

/** The course folder: --root, else the working folder when it has labs/, else this project. */
function courseRoot(cli: Cli, root: string | undefined): string {
  if (root) return resolve(cli.cwd, root);
  return existsSync(join(cli.cwd, 'labs')) ? cli.cwd : PROJECT_ROOT;
}

export function registerLab(program: Command, cli: Cli): void {
  const { lang } = cli;
  const lab = localize(program.command('lab'), lang).description(HELP.lab[lang]);
  lab.helpCommand('help [command]', HELP.helpCommand[lang]);
  localize(lab.command('new'), lang)
    .description(HELP.labNew[lang])
    .argument('<id>', HELP.argLabId[lang])
    .option('--root <dir>', HELP.optRoot[lang])
    .option('--title <ko>', HELP.optTitle[lang])
    .option('--title-en <en>', HELP.optTitleEn[lang])
    .option('--module <n>', HELP.optModule[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .action((id: string, opts: { root?: string; title?: string; titleEn?: string; module?: string }) => {
      const root = opts.root ? resolve(cli.cwd, opts.root) : cli.cwd;
      const module = parsePositiveInt(opts.module, '--module');
      const files = scaffoldLab({ root, id, ...(opts.title ? { titleKo: opts.title } : {}), ...(opts.titleEn ? { titleEn: opts.titleEn } : {}), ...(module ? { module } : {}) });
      for (const f of files) cli.io.out(`+ ${f}\n`);
      cli.io.out(`${cli.t(text(`다음: 'orchestra lab test ${id}'로 확인하고, 채점기와 case를 고치자.`, `next: check it with 'orchestra lab test ${id}', then edit the grader and the cases.`))}\n`);
    });
  localize(lab.command('test'), lang)
    .description(HELP.labTest[lang])
    .argument('[ids...]', HELP.argLabIds[lang])
    .option('--root <dir>', HELP.optRoot[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .addOption(new Option('--format <format>', HELP.optFormat[lang]).choices(['text', 'json']).default('text'))
    .action(async (ids: string[], opts: { root?: string; format: 'text' | 'json' }) => {
      const root = courseRoot(cli, opts.root);
      const labs = ids.length > 0 ? ids.map((id) => findLab(id, cli.cwd, root)) : listLabs(join(root, 'labs'));
      const outcomes: SampleOutcome[] = [];
      for (const l of labs) outcomes.push(...(await testLab(l, lang)));
      if (opts.format === 'json') cli.io.out(`${JSON.stringify(outcomes, null, 2)}\n`);
      else cli.io.out(report(outcomes, cli));
      cli.exit(outcomes.every((o) => o.ok) && outcomes.length > 0 ? EXIT_GRADED : EXIT_BELOW);
    });
}

function report(outcomes: readonly SampleOutcome[], cli: Cli): string {
  const lines = outcomes.map((o) => {
    const mark = o.ok ? '✔' : '✘';
    const head = `${mark} ${o.lab} ${o.sample.padEnd(28)} ${`${o.score}/${o.maxScore}`.padStart(9)}`;
    return o.ok ? head : [head, ...o.problems.map((p) => `    ${p}`)].join('\n');
  });
  const failed = outcomes.filter((o) => !o.ok).length;
  lines.push(
    cli.t(
      failed === 0
        ? text(`모두 기대대로 채점되었다 (${outcomes.length}개).`, `all ${outcomes.length} samples scored as expected.`)
        : text(`${outcomes.length}개 중 ${failed}개가 기대와 다르다.`, `${failed} of ${outcomes.length} samples did not score as expected.`),
    ),
  );
  return `${lines.join('\n')}\n`;
}
