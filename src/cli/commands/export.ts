/** `orchestra export gradescope <lab>`: the Gradescope autograder zip. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { text } from '../../kube/text.ts';
import { gradescopeZip } from '../export-gradescope.ts';
import { HELP, localize } from '../help.ts';
import type { Cli } from '../io.ts';
import { findLab } from '../labs.ts';

export function registerExport(program: Command, cli: Cli): void {
  const { lang } = cli;
  const exp = localize(program.command('export'), lang).description(HELP.export[lang]);
  exp.helpCommand('help [command]', HELP.helpCommand[lang]);
  localize(exp.command('gradescope'), lang)
    .description(HELP.exportGradescope[lang])
    .argument('<lab>', HELP.argLab[lang])
    .option('--out <file>', HELP.optZipOut[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .action((labArg: string, opts: { out?: string }) => {
      const lab = findLab(labArg, cli.cwd);
      const out = resolve(cli.cwd, opts.out ?? `${lab.lab.id}-gradescope.zip`);
      const zip = gradescopeZip(lab, { lang });
      writeFileSync(out, zip);
      cli.io.out(
        `${cli.t(
          text(
            `${out}을(를) 만들었다 (${zip.length} 바이트). Gradescope 과제의 'Configure Autograder'에서 zip 파일로 올리자.`,
            `wrote ${out} (${zip.length} bytes). Upload it as a zip file under the assignment's 'Configure Autograder' in Gradescope.`,
          ),
        )}\n`,
      );
    });
}
