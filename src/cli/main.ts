/**
 * The `orchestra` command.
 *
 *   orchestra grade <lab> <path> [--backend sim] [--lang ko|en] [--format …] [--out DIR] [--fail-under N]
 *   orchestra grade-all <lab> <root> [--roster CSV] [--out DIR] [--shard I/N] [--jobs N]
 *   orchestra merge <dirs…> --out DIR
 *   orchestra check [path] [--lab ID]
 *   orchestra labs
 *   orchestra lab new <id> | orchestra lab test [<id>…]
 *   orchestra export gradescope <lab> [--out FILE]
 *   orchestra sim run <scenario.yaml> [--json] [--seed N]
 *
 * Exit codes: 0 graded (whatever the score), 1 a score below --fail-under (or `lab test` failed),
 * 2 usage error. Help and messages are in Korean when --lang ko, ORCHESTRA_LANG=ko or LANG=ko*.
 */
import { Command, CommanderError } from 'commander';
import { MergeError } from '../grading/class-run.ts';
import { LabError } from '../grading/lab.ts';
import { ORCHESTRA_VERSION } from '../grading/version.ts';
import { isLang, type Lang, type Text } from '../kube/text.ts';
import { registerCheck } from './commands/check.ts';
import { registerExport } from './commands/export.ts';
import { registerGradeAll } from './commands/grade-all.ts';
import { registerGrade } from './commands/grade.ts';
import { registerLab } from './commands/lab.ts';
import { registerLabs } from './commands/labs.ts';
import { registerMerge } from './commands/merge.ts';
import { registerSim } from './commands/sim.ts';
import { HELP, localize, translateCommanderError } from './help.ts';
import { EXIT_GRADED, EXIT_USAGE, type Cli, type CliIo } from './io.ts';
import { detectLang } from './lang.ts';
import { UsageError } from './usage-error.ts';

export { EXIT_BELOW, EXIT_GRADED, EXIT_USAGE } from './io.ts';

/** The language before commander parses anything, so that help and its errors are in it too. */
function languageOf(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? undefined : argv[i]!.startsWith('--lang=') ? argv[i]!.slice('--lang='.length) : argv[i + 1];
  return isLang(value) ? value : detectLang(env);
}

export function buildProgram(cli: Cli): Command {
  const { lang } = cli;
  const program = localize(new Command('orchestra'), lang)
    .description(HELP.description[lang])
    .version(ORCHESTRA_VERSION, '-V, --version', HELP.version[lang])
    .helpCommand('help [command]', HELP.helpCommand[lang])
    .exitOverride()
    .configureOutput({
      writeOut: cli.io.out,
      writeErr: cli.io.err,
      outputError: (msg, write) => write(translateCommanderError(msg, lang)),
    })
    .showHelpAfterError(lang === 'ko' ? '(자세한 내용은 --help)' : '(add --help for additional information)');
  registerGrade(program, cli);
  registerGradeAll(program, cli);
  registerMerge(program, cli);
  registerCheck(program, cli);
  registerLabs(program, cli);
  registerLab(program, cli);
  registerExport(program, cli);
  registerSim(program, cli);
  return program;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const lang = languageOf(argv, io.env);
  let code = EXIT_GRADED;
  const cli: Cli = { io, lang, cwd: io.cwd ?? process.cwd(), t: (t: Text) => t[lang], exit: (c) => void (code = c) };
  const program = buildProgram(cli);
  try {
    await program.parseAsync(['node', 'orchestra', ...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (e instanceof UsageError || e instanceof MergeError) {
      io.err(`${lang === 'ko' ? '오류' : 'error'}: ${e.text[lang]}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof LabError) {
      io.err(e.problems.map((p) => `${p.position.file}:${p.position.line}:${p.position.column}: ${p.message[lang]}`).join('\n') + '\n');
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** Runs the CLI in this process with its real arguments, streams and environment. */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTty: process.stdout.isTTY === true,
    errIsTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  });
}
