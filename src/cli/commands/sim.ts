/** `orchestra sim run <scenario.yaml>`: run a scenario file on the simulator (src/cli/sim-run.ts). */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { text } from '../../kube/text.ts';
import { HELP, localize } from '../help.ts';
import type { Cli } from '../io.ts';
import { simRun } from '../sim-run.ts';
import { UsageError } from '../usage-error.ts';


export function registerSim(program: Command, cli: Cli): void {
  const { lang } = cli;
  const sim = localize(program.command('sim'), lang).description(HELP.sim[lang]);
  sim.helpCommand('help [command]', HELP.helpCommand[lang]);
  localize(sim.command('run'), lang)
    .description(HELP.simRun[lang])
    .argument('<scenario>', HELP.argScenario[lang])
    .option('--json', HELP.optJson[lang])
    .option('--seed <n>', HELP.optSeed[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .action((scenario: string, opts: { json?: boolean; seed?: string }) => {
      let seed: number | undefined;
      if (opts.seed !== undefined) {
        seed = Number(opts.seed);
        if (!Number.isInteger(seed) || seed < 0) throw new UsageError(text(`--seed는 0 이상의 정수여야 한다: '${opts.seed}'`, `--seed must be a whole number of at least 0: '${opts.seed}'`));
      }
      cli.io.out(simRun(resolve(cli.cwd, scenario), { ...(opts.json ? { json: true } : {}), ...(seed !== undefined ? { seed } : {}) }, lang));
    });
}
