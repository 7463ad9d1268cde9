/**
 * The course site: how long a full `astro build` takes; how much JavaScript (gzip) a lesson page
 * loads without a lab (goal ≤ 30 kB) and with one, grading included (goal ≤ 350 kB: editor,
 * simulator, grader); and, in headless Chromium, the time from pressing Grade to the score on screen
 * for every lab embedded in a lesson (goal ≤ 300 ms), the capstone `black-friday` reported by name.
 * The figure is the first press on a freshly loaded page (the panel has started its worker while the
 * page was idle, as it does for a student); the median of the presses after it is kept beside it.
 *
 * JavaScript is counted the way a browser loads it: every .js/.mjs the page requests (scripts,
 * module preloads, dynamic imports, the grading worker and its chunks), gzip'd one file at a time.
 * A lab's solution is put in the panel through localStorage (where the panel keeps work), so the
 * timed grading is a full run of the lab's scenario; the solution is read from labs/, never the site.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { HAS_CHROMIUM, launch, serve } from '../tests/browser.ts';
import { buildSite, ROOT } from '../tests/site-build.ts';
import type { BenchResult } from './run.ts';

const LESSON_GOAL = 30_000;
const LAB_PAGE_GOAL = 350_000;
const GRADE_GOAL_MS = 300;
const CAPSTONE = 'black-friday';
const PRESSES = 6;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

interface PageWeight {
  page: string;
  bytes: number;
  files: { path: string; gzip: number }[];
}

/** Loads `path` (and, on a lab page, presses Grade once) and adds up the gzip size of every JS file requested. */
async function jsWeight(browser: Browser, base: string, out: string, path: string, grade: boolean): Promise<PageWeight> {
  const context = await browser.newContext();
  const requested = new Set<string>();
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === base && /\.m?js$/.test(url.pathname)) requested.add(url.pathname);
  });
  const page = await context.newPage();
  await page.goto(base + path, { waitUntil: 'networkidle' });
  if (grade) {
    await page.locator('.orchestra-panel button.grade').first().click();
    await page.locator('.orchestra-panel .results .score').first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
  }
  await context.close();
  const files = [...requested].sort().map((p) => ({ path: p, gzip: gzipSync(readFileSync(join(out, decodeURIComponent(p)))).length }));
  return { page: path, bytes: files.reduce((n, f) => n + f.gzip, 0), files };
}

/** The lab's solution laid out on the panel's files: same-named files, the rest appended to the first file. */
function solutionInPanel(lab: string): Record<string, string> {
  const dir = join(ROOT, 'labs', lab);
  const rel = (d: string): string[] => walk(d).map((f) => relative(d, f).split('\\').join('/')).sort();
  const starter = rel(join(dir, 'starter'));
  const paths = starter.length > 0 ? starter : ['manifests.yaml'];
  const files: Record<string, string> = Object.fromEntries(paths.map((p) => [p, '']));
  for (const f of rel(join(dir, 'solution'))) {
    const text = readFileSync(join(dir, 'solution', f), 'utf8');
    if (f in files) files[f] = text;
    else files[paths[0]!] = files[paths[0]!] ? `${files[paths[0]!]!.replace(/\n*$/, '\n')}---\n${text}` : text;
  }
  return files;
}

interface GradeTiming {
  lab: string;
  page: string;
  first: number;
  median: number;
  score: string;
}

/** Presses Grade on the lab's panel PRESSES times; each time, milliseconds until the score is painted. */
async function gradeTimes(browser: Browser, base: string, lab: string, page: string): Promise<GradeTiming> {
  const context = await browser.newContext();
  await context.addInitScript(({ key, files }) => localStorage.setItem(key, files), { key: `orchestra:lab:${lab}`, files: JSON.stringify(solutionInPanel(lab)) });
  const tab = await context.newPage();
  await tab.goto(base + page, { waitUntil: 'networkidle' });
  await tab.locator(`.orchestra-panel[data-lab="${lab}"] .cm-content`).waitFor();
  const runs: { ms: number; score: string }[] = [];
  for (let i = 0; i < PRESSES; i++) {
    runs.push(
      await tab.evaluate(
        (id) =>
          new Promise<{ ms: number; score: string }>((resolve, reject) => {
            const panel = document.querySelector(`.orchestra-panel[data-lab="${id}"]`)!;
            const results = panel.querySelector('.results')!;
            results.replaceChildren();
            const timeout = setTimeout(() => reject(new Error(`no score after 30 s: ${results.textContent}`)), 30_000);
            let started = 0;
            const observer = new MutationObserver(() => {
              const score = results.querySelector('.score');
              if (!score) return;
              observer.disconnect();
              clearTimeout(timeout);
              // "Shown": the frame with the score has been produced.
              requestAnimationFrame(() => resolve({ ms: performance.now() - started, score: score.textContent ?? '' }));
            });
            observer.observe(results, { childList: true, subtree: true });
            started = performance.now();
            panel.querySelector<HTMLButtonElement>('button.grade')!.click();
          }),
        lab,
      ),
    );
  }
  await context.close();
  return { lab, page, first: runs[0]!.ms, median: median(runs.slice(1).map((r) => r.ms)), score: runs.at(-1)!.score };
}

export async function run(): Promise<BenchResult[]> {
  const out = mkdtempSync(join(tmpdir(), 'orchestra-bench-site-'));
  try {
    const load = loadavg()[0]!;
    const build = await buildSite(out);
    if (build.status !== 0) throw new Error(`astro build failed:\n${build.output}`);
    const htmlFiles = walk(out).filter((f) => f.endsWith('.html'));
    const results: BenchResult[] = [{ name: 'site/build', value: round(build.ms / 1000), unit: 's', extra: { pages: htmlFiles.length, loadavg1: round(load, 2) } }];
    if (!HAS_CHROMIUM) {
      process.stderr.write('site bench: no Chromium, so no page weights or grading times\n');
      return results;
    }

    // Lessons are the pages with a lesson header; lab pages are those with a lab panel.
    const lessons = htmlFiles
      .map((f) => ({ path: `/${relative(out, f)}`.replace(/index\.html$/, ''), html: readFileSync(f, 'utf8') }))
      .filter((p) => p.html.includes('class="lesson-header'))
      .map((p) => ({ path: p.path, labs: [...p.html.matchAll(/class="orchestra-panel[^"]*" data-lab="([^"]+)"/g)].map((m) => m[1]!) }));
    const site = await serve(out);
    const browser = await launch();
    try {
      const heaviest = async (pages: typeof lessons, grade: boolean): Promise<{ worst: PageWeight; median: number; count: number }> => {
        const weights: PageWeight[] = [];
        for (const p of pages) weights.push(await jsWeight(browser, site.url, out, p.path, grade));
        const worst = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a));
        return { worst, median: median(weights.map((w) => w.bytes)), count: weights.length };
      };
      const plain = await heaviest(lessons.filter((l) => l.labs.length === 0), false);
      results.push({ name: 'site/js-gzip/lesson-without-lab', value: plain.worst.bytes, unit: 'bytes', extra: { goal: LESSON_GOAL, met: plain.worst.bytes <= LESSON_GOAL, page: plain.worst.page, files: plain.worst.files, medianOfPages: plain.median, pages: plain.count } });
      const withLab = await heaviest(lessons.filter((l) => l.labs.length > 0), true);
      results.push({ name: 'site/js-gzip/lab-page', value: withLab.worst.bytes, unit: 'bytes', extra: { goal: LAB_PAGE_GOAL, met: withLab.worst.bytes <= LAB_PAGE_GOAL, page: withLab.worst.page, files: withLab.worst.files, medianOfPages: withLab.median, pages: withLab.count } });

      const labs = new Map<string, string>();
      for (const l of lessons) for (const id of l.labs) if (!l.path.startsWith('/en/') || !labs.has(id)) labs.set(id, l.path);
      let capstone: GradeTiming | undefined;
      for (const [lab, page] of [...labs].sort()) {
        const t = await gradeTimes(browser, site.url, lab, page);
        if (lab === CAPSTONE) capstone = t;
        results.push({ name: `site/grade-to-score/${lab}`, value: round(t.first), unit: 'ms', extra: { goal: GRADE_GOAL_MS, met: t.first <= GRADE_GOAL_MS, medianOfNextPresses: round(t.median), presses: PRESSES, page, score: t.score } });
      }
      if (capstone) results.push({ name: 'site/grade-to-score/capstone', value: round(capstone.first), unit: 'ms', extra: { lab: CAPSTONE, goal: GRADE_GOAL_MS, met: capstone.first <= GRADE_GOAL_MS, medianOfNextPresses: round(capstone.median), score: capstone.score } });
      else process.stderr.write(`site bench: the capstone lab ${CAPSTONE} is not embedded in any lesson yet; timed ${labs.size} other labs\n`);
    } finally {
      await browser.close();
      await site.close();
    }
    return results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
