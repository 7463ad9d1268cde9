/**
 * Help and errors of the `orchestra` command in the user's language: every description below, and
 * commander's own headings ("Usage:", "Options:" …), option notes ("default:", "choices:") and error
 * messages, in Korean when the language is Korean.
 */
import type { Command, Help, HelpConfiguration, Option } from 'commander';
import { text, type Lang, type Text } from '../kube/text.ts';

export const HELP = {
  description: text('Orchestra: 쿠버네티스 매니페스트를 시뮬레이터에서 실행해 채점한다', 'Orchestra: grades Kubernetes manifests by running them on a simulator'),
  version: text('버전을 출력한다', 'print the version'),
  help: text('도움말을 보여 준다', 'show help'),
  helpCommand: text('명령의 도움말을 보여 준다', 'show help for a command'),
  grade: text('제출물 하나(파일, 폴더, .zip)를 채점한다', 'grade one submission (a file, a folder or a .zip)'),
  gradeAll: text('반 전체를 채점한다: <root>의 하위 폴더나 .zip 하나가 학생 한 명이다', 'grade a class: each subfolder or .zip of <root> is one student'),
  merge: text('샤드별 grade-all 결과(--out 폴더)를 합쳐 한 번에 채점한 것과 같은 보고서를 쓴다', 'merge the --out folders of grade-all shards into the reports a single run would write'),
  check: text('학생용 자가 점검: 실습 폴더에서 제출 전에 채점해 본다', "a student's self-check: grade the lab folder before submitting"),
  labs: text('실습 목록을 보여 준다', 'list the labs'),
  lab: text('실습을 만들고 시험한다 (강사용)', 'create and test labs (for instructors)'),
  labNew: text('새 실습의 뼈대를 만든다: lab.yaml, starter, solution, cases, 채점기, 수업 초안', 'scaffold a new lab: lab.yaml, starter, solution, cases, grader, lesson stub'),
  labTest: text('모범 답안이 만점이고 모든 case가 expected.json대로 채점되는지 확인한다', 'check that the solution scores full marks and every case scores as its expected.json says'),
  export: text('다른 채점 시스템용 묶음을 만든다', 'build packages for other grading systems'),
  exportGradescope: text('Gradescope 자동 채점기 zip(setup.sh, run_autograder)을 만든다', 'build the Gradescope autograder zip (setup.sh, run_autograder)'),
  sim: text('시뮬레이터를 직접 돌린다', 'run the simulator directly'),
  simRun: text('시나리오 파일을 시뮬레이터에서 실행하고 결과를 보여 준다', 'run a scenario file on the simulator and print the result'),
  argScenario: text('시나리오 YAML 파일', 'the scenario YAML file'),
  optJson: text('결과 전체를 JSON으로 출력한다', 'print the whole result as JSON'),
  optSeed: text('시나리오의 시드를 바꾼다', "override the scenario's seed"),
  argLab: text('실습 id 또는 실습 폴더', 'lab id or lab folder'),
  argPath: text('제출한 파일, 폴더 또는 .zip', 'the submitted file, folder or .zip'),
  argRoot: text('학생별 폴더나 .zip이 들어 있는 폴더', 'the folder holding one subfolder or .zip per student'),
  argDirs: text('grade-all --out 폴더들', 'grade-all --out folders'),
  argCheckPath: text('실습 폴더 (기본: 현재 폴더)', 'the lab folder (default: the current folder)'),
  argLabId: text('실습 id (소문자, 숫자, -)', 'lab id (lower-case letters, digits, -)'),
  argLabIds: text('시험할 실습 id (기본: 모든 실습)', 'ids of the labs to test (default: every lab)'),
  optBackend: text('제출물을 실행할 곳', 'where the submission runs'),
  optContext: text('--backend kube: 쓸 kubeconfig 컨텍스트 (기본: 현재 컨텍스트)', "--backend kube: the kubeconfig context to use (default: the current one)"),
  optKubeconfig: text('--backend kube: kubeconfig 파일 (기본: $KUBECONFIG, 그다음 ~/.kube/config)', '--backend kube: the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)'),
  simServe: text('시뮬레이션 클러스터를 쿠버네티스 API로 127.0.0.1에 띄운다 (kubectl로 조작할 수 있다)', 'serve a simulated cluster over the Kubernetes API on 127.0.0.1 (kubectl works against it)'),
  simStep: text('실행 중인 sim serve 클러스터에 단계 하나를 보낸다 (예: failNode node-1)', 'send one step to a running sim serve cluster (e.g. failNode node-1)'),
  optPort: text('들을 포트 (기본 6443, 0이면 빈 포트)', 'port to listen on (default 6443; 0 picks a free one)'),
  optSimLab: text('이 실습의 클러스터(노드, 이미지, 시드)를 띄운다', "serve this lab's cluster (nodes, images, seed)"),
  optSimScenario: text('이 시나리오의 클러스터와 매니페스트를 띄우고 단계를 재생한다', "serve this scenario's cluster and manifests, and play its steps"),
  optSpeed: text('벽시계 1초당 시뮬레이션 초 (기본 1)', 'simulated seconds per wall-clock second (default 1)'),
  optSimKubeconfig: text('kubeconfig를 쓸 곳 (기본 .orchestra/kubeconfig)', 'where to write the kubeconfig (default .orchestra/kubeconfig)'),
  optLog: text('API 요청마다 stderr에 한 줄을 쓴다', 'print one line per API request on stderr'),
  argVerb: text('단계 이름 (failNode, recoverNode, scale, setImage, advance …)', 'the step (failNode, recoverNode, scale, setImage, advance …)'),
  argValue: text('단계의 값 (YAML)', "the step's value (YAML)"),
  optServer: text('서버 URL (기본: kubeconfig에서 읽는다)', "the server URL (default: read from the kubeconfig)"),
  optLang: text('메시지 언어', 'message language'),
  optFormat: text('표준 출력의 형식', 'format of the standard output'),
  optOut: text('모든 형식의 보고서를 쓸 폴더', 'folder to write every report format into'),
  optFailUnder: text('점수가 만점의 N% 미만이면 종료 코드 1', 'exit with code 1 when the score is below N% of the maximum'),
  optRoster: text('폴더와 학생 id를 잇는 명단 CSV (열: student_id, folder 또는 GitHub Classroom 명단)', 'roster CSV mapping folders to student ids (columns student_id, folder, or a GitHub Classroom roster)'),
  optShard: text('반을 COUNT개로 나눈 것 중 INDEX번째만 채점한다 (예: 2/4)', 'grade only the INDEX-th of COUNT slices of the class (e.g. 2/4)'),
  optJobs: text('동시에 채점할 워커 수 (기본: CPU 코어 수)', 'number of grading workers (default: the number of CPU cores)'),
  optTimeout: text('제출물 하나의 채점 시간 한도(초, 기본 30)', 'time limit for grading one submission, in seconds (default 30)'),
  optCheckTimeout: text('검사 하나의 시간 한도(초, 기본 10)', 'time limit of one check, in seconds (default 10)'),
  optMemory: text('채점 워커 하나의 메모리 한도(MB, 기본 512)', 'memory limit of one grading worker, in MB (default 512)'),
  optLabFor: text('채점할 실습 (기본: 폴더의 .orchestra.yaml이나 폴더 이름으로 찾는다)', "the lab to grade (default: found from the folder's .orchestra.yaml or its name)"),
  optRoot: text('labs/와 graders/가 있는 코스 폴더 (기본: 현재 폴더)', 'the course folder holding labs/ and graders/ (default: the current folder)'),
  optZipOut: text('만들 zip 파일', 'the zip file to write'),
  optTitle: text('실습 제목 (한국어)', 'lab title (Korean)'),
  optTitleEn: text('실습 제목 (영어)', 'lab title (English)'),
  optModule: text('실습이 속한 모듈 번호', 'module number of the lab'),
} satisfies Record<string, Text>;

const TITLES_KO: Record<string, string> = {
  'Usage:': '사용법:',
  'Options:': '옵션:',
  'Commands:': '명령:',
  'Arguments:': '인자:',
  'Global Options:': '공통 옵션:',
};

/** commander's help in Korean: headings and the notes it adds to option descriptions. */
export function helpConfiguration(lang: Lang, base: Help): HelpConfiguration {
  if (lang !== 'ko') return {};
  const note = (s: string): string => s.replace(/\(choices: /, '(선택: ').replace(/default: /, '기본값: ').replace(/, choices: /, ', 선택: ');
  return {
    styleTitle: (s: string) => TITLES_KO[s] ?? s,
    optionDescription: (option: Option) => note(base.optionDescription.call(base, option)),
    displayWidth: (s: string) => displayWidth(s),
  };
}

/** Columns a string takes in a terminal: Hangul and other wide characters take two. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s.replace(/\u001b\[[0-9;]*m/g, '')) {
    const cp = ch.codePointAt(0)!;
    width += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) ? 2 : 1;
  }
  return width;
}

/** commander's error messages, in Korean. */
const ERRORS_KO: [RegExp, string][] = [
  [/error: missing required argument '(.+)'/, "오류: 필수 인자 '$1'이(가) 빠졌다"],
  [/error: unknown option '(.+)'(\n\(Did you mean (.+)\?\))?/, "오류: 알 수 없는 옵션 '$1'$2"],
  [/error: unknown command '(.+)'(\n\(Did you mean (.+)\?\))?/, "오류: 알 수 없는 명령 '$1'$2"],
  [/\(Did you mean (.+)\?\)/, '($1을(를) 말한 것인가?)'],
  [/error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\./, '오류: 인자가 너무 많다 ($2개를 받는데 $3개가 왔다)'],
  [/error: option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\./, "오류: 옵션 '$1'의 값 '$2'은(는) 쓸 수 없다. 가능한 값: $3"],
  [/error: option '(.+)' argument missing/, "오류: 옵션 '$1'에 값이 없다"],
  [/error: command-argument value '(.+)' is invalid for argument '(.+)'\. (.+)/, "오류: 인자 '$2'의 값 '$1'은(는) 쓸 수 없다. $3"],
  [/error: option '(.+)' argument '(.+)' is invalid\. (.+)/, "오류: 옵션 '$1'의 값 '$2'은(는) 쓸 수 없다. $3"],
  [/\(add --help for additional information\)/, '(자세한 내용은 --help)'],
];

export function translateCommanderError(message: string, lang: Lang): string {
  if (lang !== 'ko') return message;
  let out = message;
  for (const [re, ko] of ERRORS_KO) out = out.replace(re, ko);
  return out;
}

/** Applies the language to a command and, through commander's inherited settings, to its subcommands. */
export function localize(cmd: Command, lang: Lang): Command {
  return cmd.configureHelp(helpConfiguration(lang, cmd.createHelp())).helpOption('-h, --help', HELP.help[lang]);
}
