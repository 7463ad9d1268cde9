/** `orchestra labs`: the labs this CLI can grade. */
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { HELP, localize } from '../help.ts';
import type { Cli } from '../io.ts';
import { listLabs } from '../labs.ts';

export function registerLabs(program: Command, cli: Cli): void {
  const { lang } = cli;
  localize(program.command('labs'), lang)
    .description(HELP.labs[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .addOption(new Option('--format <format>', HELP.optFormat[lang]).choices(['text', 'json']).default('text'))
    .option('--root <dir>', HELP.optRoot[lang])
    .action((opts: { format: 'text' | 'json'; root?: string }) => {
      const labs = listLabs(opts.root ? join(resolve(cli.cwd, opts.root), 'labs') : undefined);
      if (opts.format === 'json') {
        const points = (l: (typeof labs)[number]): number => l.lab.tasks.reduce((n, t) => n + t.points, 0);
        cli.io.out(`${JSON.stringify(labs.map((l) => ({ id: l.lab.id, module: l.lab.module, title: l.lab.title[lang], points: points(l) })), null, 2)}\n`);
        return;
      }
      for (const { lab } of labs) cli.io.out(`${lab.id}\t${lab.title[lang]}\n`);
    });
}
