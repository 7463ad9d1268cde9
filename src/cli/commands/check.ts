/** `orchestra check [path]`: a student grades their own lab folder before submitting. */
import { Option, type Command } from 'commander';
import { text } from '../../kube/text.ts';
import { detectLab } from '../detect-lab.ts';
import { gradePath } from '../grade-path.ts';
import { HELP, localize } from '../help.ts';
import { EXIT_BELOW, EXIT_GRADED, type Cli } from '../io.ts';
import { findLab } from '../labs.ts';
import { belowThreshold, parseFailUnder } from '../options.ts';
import { renderOne } from '../formats.ts';
import { requireSubmission } from './grade.ts';

export function registerCheck(program: Command, cli: Cli): void {
  const { lang } = cli;
  localize(program.command('check'), lang)
    .description(HELP.check[lang])
    .argument('[path]', HELP.argCheckPath[lang], '.')
    .option('--lab <id>', HELP.optLabFor[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .option('--fail-under <percent>', HELP.optFailUnder[lang])
    .action(async (path: string, opts: { lab?: string; failUnder?: string }) => {
      const failUnder = parseFailUnder(opts.failUnder);
      const full = requireSubmission(cli.cwd, path);
      const lab = opts.lab ? findLab(opts.lab, cli.cwd) : detectLab(full);
      const result = await gradePath(lab, full, lang, path);
      cli.io.out(renderOne(result, 'text', { color: cli.io.isTty && !cli.io.env.NO_COLOR, hideHidden: true }));
      const left = result.checks.filter((c) => c.status !== 'pass' && c.visibility === 'visible').length;
      cli.io.out(
        `${cli.t(
          result.status === 'error'
            ? text('채점하지 못했다: 위의 오류를 보자.', 'could not grade: see the error above.')
            : left === 0
              ? text('모든 검사를 통과했다. 제출해도 좋다.', 'every check passes: ready to submit.')
              : text(`통과하지 못한 검사가 ${left}개 있다. 힌트를 보고 고친 뒤 다시 'orchestra check'를 실행하자.`, `${left} check(s) do not pass yet. Fix them with the hints above and run 'orchestra check' again.`),
        )}\n`,
      );
      cli.exit(belowThreshold(result.score, result.maxScore, failUnder) ? EXIT_BELOW : EXIT_GRADED);
    });
}
