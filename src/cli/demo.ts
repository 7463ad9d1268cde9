/**
 * `npm run demo`: builds the course site into dist/, grades every lab's solution, starter and cases on
 * the simulator, and prints a score table and how to open the site.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Table from 'cli-table3';
import { text } from '../kube/text.ts';
import { gradePath } from './grade-path.ts';
import { detectLang } from './lang.ts';
import { listLabs, PROJECT_ROOT } from './labs.ts';

const lang = detectLang();
const say = (ko: string, en: string): void => void process.stdout.write(`${text(ko, en)[lang]}\n`);

say('1/2 코스 사이트를 dist/에 빌드한다 (astro build)…', '1/2 Building the course site into dist/ (astro build)…');
const astro = join(PROJECT_ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const build = spawnSync(process.execPath, [astro, 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
const buildLog = `${build.stdout}${build.stderr}`;
for (const line of buildLog.split('\n')) if (/\[orchestra\]|page\(s\) built|error/i.test(line)) process.stdout.write(`    ${line.trim()}\n`);
if (build.status !== 0 || !existsSync(join(PROJECT_ROOT, 'dist', 'index.html'))) {
  process.stderr.write(buildLog);
  say('사이트 빌드에 실패했다.', 'The site build failed.');
  process.exit(1);
}

say('2/2 실습마다 예시 제출물을 시뮬레이터에서 채점한다…', '2/2 Grading every lab\'s sample submissions on the simulator…');
const table = new Table({
  head: lang === 'ko' ? ['실습', '제출물', '점수', '기대 점수'] : ['Lab', 'Submission', 'Score', 'Expected'],
  style: { head: [], border: [], compact: true },
});
let mismatches = 0;
for (const lab of listLabs()) {
  const samples = ['solution', 'starter', ...readdirSync(join(lab.dir, 'cases')).map((c) => join('cases', c))];
  for (const sample of samples) {
    const dir = join(lab.dir, sample);
    const result = await gradePath(lab, dir, lang, relative(PROJECT_ROOT, dir));
    const expectedFile = join(dir, 'expected.json');
    const expected = sample === 'solution' ? result.maxScore : existsSync(expectedFile) ? (JSON.parse(readFileSync(expectedFile, 'utf8')) as { score: number }).score : undefined;
    if (expected !== undefined && expected !== result.score) mismatches++;
    const mark = expected === undefined ? '' : expected === result.score ? ' ✔' : ' ✘';
    table.push([lab.lab.id, sample, `${result.score}/${result.maxScore}`, expected === undefined ? '-' : `${expected}${mark}`]);
  }
}
process.stdout.write(`${table.toString()}\n`);
say(
  `사이트가 dist/에 있다. 'npx astro preview'를 실행하고 http://localhost:4321/ 을 열자.`,
  `The site is in dist/. Run 'npx astro preview' and open http://localhost:4321/`,
);
if (mismatches > 0) {
  say(`기대 점수와 다른 제출물이 ${mismatches}개 있다.`, `${mismatches} submission(s) did not score as expected.`);
  process.exit(1);
}
