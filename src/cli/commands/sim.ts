/**
 * `orchestra sim run <scenario.yaml>`: run a scenario file on the simulator (src/cli/sim-run.ts);
 * `orchestra sim serve` / `sim step`: serve a simulated cluster to kubectl (src/cli/sim-serve.ts).
 */
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
  localize(sim.command('serve'), lang)
    .description(HELP.simServe[lang])
    .option('--port <port>', HELP.optPort[lang])
    .option('--lab <lab>', HELP.optSimLab[lang])
    .option('--scenario <file>', HELP.optSimScenario[lang])
    .option('--speed <n>', HELP.optSpeed[lang])
    .option('--kubeconfig <path>', HELP.optSimKubeconfig[lang])
    .option('--log', HELP.optLog[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .action(async (opts: { port?: string; lab?: string; scenario?: string; speed?: string; kubeconfig?: string; log?: boolean }) => {
      // Loaded on demand: the API server is large and only `sim serve` needs it.
      const { simServe } = await import('../sim-serve.ts');
      const handle = await simServe(
        {
          ...(opts.port !== undefined ? { port: Number(opts.port) } : {}),
          ...(opts.lab ? { lab: opts.lab } : {}),
          ...(opts.scenario ? { scenario: opts.scenario } : {}),
          ...(opts.speed !== undefined ? { speed: Number(opts.speed) } : {}),
          ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
          ...(opts.log ? { log: true } : {}),
        },
        { io: cli.io, lang, cwd: cli.cwd },
      );
      await handle.closed;
    });
  localize(sim.command('step'), lang)
    .description(HELP.simStep[lang])
    .argument('<verb>', HELP.argVerb[lang])
    .argument('[value]', HELP.argValue[lang])
    .option('--server <url>', HELP.optServer[lang])
    .option('--kubeconfig <path>', HELP.optSimKubeconfig[lang])
    .addOption(new Option('--lang <lang>', HELP.optLang[lang]).choices(['ko', 'en']))
    .action(async (verb: string, value: string | undefined, opts: { server?: string; kubeconfig?: string }) => {
      const { simStep } = await import('../sim-serve.ts');
      cli.io.out(await simStep(verb, value, { ...(opts.server ? { server: opts.server } : {}), ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}) }, { lang, cwd: cli.cwd }));
    });
}
