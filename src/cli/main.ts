/**
 * The `orchestra` command.
 *
 *   orchestra grade <lab-id|lab-dir> <file-or-folder> [--format text|json] [--lang ko|en]
 *   orchestra labs
 *
 * Exit codes: 0 graded (whatever the score), 2 usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import { LabError } from '../grading/lab.ts';
import { toJson } from '../grading/reporters/json.ts';
import { toText } from '../grading/reporters/text.ts';
import { ORCHESTRA_VERSION } from '../grading/version.ts';
import { isLang, text, type Lang, type Text } from '../kube/text.ts';
import { gradePath } from './grade-path.ts';
import { detectLang } from './lang.ts';
import { findLab, listLabs } from './labs.ts';
import { UsageError } from './usage-error.ts';

export const EXIT_GRADED = 0;
export const EXIT_USAGE = 2;

const HELP: Record<string, Text> = {
  description: text('Orchestra: 쿠버네티스 매니페스트를 시뮬레이터에서 실행해 채점한다', 'Orchestra: grades Kubernetes manifests by running them on a simulator'),
  grade: text('제출물 하나를 채점한다', 'grade one submission'),
  lab: text('실습 id 또는 실습 폴더', 'lab id or lab folder'),
  path: text('제출한 파일이나 폴더', 'the submitted file or folder'),
  format: text('출력 형식', 'output format'),
  lang: text('메시지 언어', 'message language'),
  labs: text('실습 목록을 보여 준다', 'list the labs'),
  version: text('버전을 출력한다', 'print the version'),
  help: text('도움말을 보여 준다', 'show help'),
};

/** commander's own errors, in Korean too. */
const COMMANDER_KO: Record<string, (m: string) => string> = {
  'commander.missingArgument': (m) => m.replace(/error: missing required argument '(.+)'/, "오류: 필수 인자 '$1'이(가) 빠졌다"),
  'commander.unknownOption': (m) => m.replace(/error: unknown option '(.+)'/, "오류: 알 수 없는 옵션 '$1'"),
  'commander.unknownCommand': (m) => m.replace(/error: unknown command '(.+)'/, "오류: 알 수 없는 명령 '$1'"),
  'commander.excessArguments': (m) => m.replace(/error: too many arguments.*/, '오류: 인자가 너무 많다'),
  'commander.invalidArgument': (m) => m.replace(/error: option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\./, "오류: 옵션 '$1'의 값 '$2'은(는) 쓸 수 없다. 가능한 값: $3"),
  'commander.optionMissingArgument': (m) => m.replace(/error: option '(.+)' argument missing/, "오류: 옵션 '$1'에 값이 없다"),
};

export async function main(argv: readonly string[], io: { out: (s: string) => void; err: (s: string) => void; isTty: boolean; env: NodeJS.ProcessEnv }): Promise<number> {
  const argLang = argv.find((a, i) => argv[i - 1] === '--lang' || a.startsWith('--lang='))?.replace('--lang=', '');
  const lang: Lang = isLang(argLang) ? argLang : detectLang(io.env);
  const program = new Command('orchestra')
    .description(HELP.description![lang])
    .version(ORCHESTRA_VERSION, '-V, --version', HELP.version![lang])
    .helpOption('-h, --help', HELP.help![lang])
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (msg, write) => write(msg),
    })
    .showHelpAfterError();

  let code = EXIT_GRADED;
  program
    .command('grade')
    .description(HELP.grade![lang])
    .argument('<lab>', HELP.lab![lang])
    .argument('<path>', HELP.path![lang])
    .addOption(new Option('--format <format>', HELP.format![lang]).choices(['text', 'json']).default('text'))
    .addOption(new Option('--lang <lang>', HELP.lang![lang]).choices(['ko', 'en']))
    .helpOption('-h, --help', HELP.help![lang])
    .action(async (labArg: string, path: string, opts: { format: 'text' | 'json' }) => {
      const lab = findLab(labArg);
      const result = await gradePath(lab, path, lang);
      const { ignored: _ignored, ...plain } = result;
      io.out(opts.format === 'json' ? toJson(plain) : toText(plain, { color: io.isTty && !io.env.NO_COLOR }));
      code = EXIT_GRADED;
    });
  program
    .command('labs')
    .description(HELP.labs![lang])
    .action(() => {
      for (const { lab } of listLabs()) io.out(`${lab.id}\t${lab.title[lang]}\n`);
    });

  try {
    await program.parseAsync(['node', 'orchestra', ...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      if (lang === 'ko' && COMMANDER_KO[e.code]) io.err(`${COMMANDER_KO[e.code]!(e.message)}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof UsageError) {
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
    env: process.env,
  });
}
