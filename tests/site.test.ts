/** The course site builds, renders the lesson with its diagrams and lab, and never ships a solution. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launch, serve } from './browser.ts';
import { buildSite, builtSite, files, ROOT } from './site-build.ts';

let OUT: string;
const page = (path: string): string => readFileSync(join(OUT, path), 'utf8');

beforeAll(async () => {
  OUT = await builtSite();
}, 600_000);

describe('site build', () => {
  it('has a home page in Korean (root) and English', () => {
    expect(page('index.html')).toContain('<html lang="ko"');
    expect(page('en/index.html')).toContain('<html lang="en"');
  });

  it('renders the lesson in both languages with highlighted YAML', () => {
    const ko = page('orchestration/what-is-orchestration/index.html');
    const en = page('en/orchestration/what-is-orchestration/index.html');
    expect(ko).toContain('컨테이너 오케스트레이션이란');
    expect(en).toContain('What is container orchestration?');
    for (const html of [ko, en]) {
      expect(html).toContain('class="expressive-code"');
      expect(html).toMatch(/<span style="--0:#[0-9A-Fa-f]{6}[^"]*">apiVersion<\/span>/);
    }
  });

  it.runIf(HAS_CHROMIUM)('draws the Mermaid diagrams as inline SVG at build time, with their styles', () => {
    const ko = page('orchestration/what-is-orchestration/index.html');
    const svgs = ko.match(/<svg id="mermaid-\d+"/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(1);
    expect(ko).toMatch(/<svg id="mermaid-0"[^>]*>(<title [^<]*<\/title>)?(<desc [^<]*<\/desc>)?\s*<style>#mermaid-0\{/);
    expect(ko).not.toContain('set:html');
    expect(ko).toContain('컨트롤 플레인');
  });

  it('gives every Mermaid diagram on every page an accessible title and description', () => {
    const pages = files(OUT).filter((f) => f.endsWith('.html'));
    let diagrams = 0;
    const missing: string[] = [];
    for (const f of pages) {
      for (const m of readFileSync(f, 'utf8').matchAll(/<svg id="(mermaid-\d+)"[^>]*>/g)) {
        diagrams++;
        const [tag, id] = [m[0], m[1]!];
        if (!tag.includes(`aria-labelledby="chart-title-${id}"`) || !tag.includes(`aria-describedby="chart-desc-${id}"`)) missing.push(`${f.slice(OUT.length)} ${id}`);
      }
    }
    expect(diagrams).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('shows a lesson header with the module, duration, lab and objectives from the frontmatter', () => {
    const ko = page('orchestration/what-is-orchestration/index.html');
    expect(ko).toMatch(/<section class="lesson-header[^"]*" aria-label="레슨 정보"/);
    expect(ko).toContain('모듈 1');
    expect(ko).toContain('약 25분');
    expect(ko).toContain('href="#lab-first-deployment"');
    expect(ko).toContain('컨테이너 오케스트레이션이 무엇인지 자신의 말로 정의할 수 있다.');
    const en = page('en/orchestration/what-is-orchestration/index.html');
    expect(en).toContain('By the end of this lesson you can');
    expect(en).toContain('Define container orchestration in your own words.');
    expect(page('index.html')).not.toContain('lesson-header');
  });

  it('has a landing page listing every module with its lessons, how grading works, and the instructor pages', () => {
    for (const [file, heading, lesson, instructors] of [
      ['index.html', '채점은 이렇게 한다', 'href="/workloads/pods/"', 'href="/instructors/grading-a-class/"'],
      ['en/index.html', 'How grading works', 'href="/en/workloads/pods/"', 'href="/en/instructors/writing-graders/"'],
    ] as const) {
      const html = page(file);
      const modules = html.match(/<ol class="module-list[^"]*">([\s\S]*?)<\/ol>/)?.[1] ?? '';
      expect(modules.match(/<strong[^>]*>/g)?.length).toBeGreaterThanOrEqual(13);
      expect(modules).toContain(lesson);
      expect(html).toContain(heading);
      expect(html).toContain(instructors);
    }
  });

  it('has a 404 page, a theme switch (dark mode) and prev/next links on lessons', () => {
    expect(page('404.html')).toContain('Page not found');
    const lesson = page('en/workloads/pods/index.html');
    expect(lesson).toContain('<starlight-theme-select');
    expect(lesson).toMatch(/<a href="\/en\/architecture\/kubectl-apply\/" rel="prev"/);
    expect(lesson).toMatch(/<a href="\/en\/workloads\/controllers-labels-namespaces\/" rel="next"/);
  });

  it('puts every Markdown table in a labelled region that keyboard users can scroll', () => {
    const html = page('en/networking/dns-and-ingress/index.html');
    const tables = html.match(/<table>/g)?.length ?? 0;
    expect(tables).toBeGreaterThan(0);
    expect(html.match(/<div class="table-scroll" role="region" tabindex="0" aria-label="Table: [^"]+"><table>/g)?.length).toBe(tables);
    expect(page('networking/dns-and-ingress/index.html')).toMatch(/<div class="table-scroll" role="region" tabindex="0" aria-label="표: [^"]+"><table>/);
  });

  it('embeds the lab: title, tasks with points, starter file, and the CLI self-check', () => {
    const ko = page('orchestration/what-is-orchestration/index.html');
    expect(ko).toContain('data-lab="first-deployment"');
    expect(ko).toContain('첫 디플로이먼트와 서비스');
    expect(ko).toContain('npx orchestra check .');
    expect(readFileSync(join(OUT, 'labs/first-deployment/starter/.orchestra.yaml'), 'utf8')).toBe('lab: first-deployment\n');
    expect(page('en/orchestration/what-is-orchestration/index.html')).toContain('Your first Deployment and Service');
    expect(readFileSync(join(OUT, 'labs/first-deployment/starter/web.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'labs/first-deployment/starter/web.yaml'), 'utf8'));
  });

  it('bundles the grading worker without the schema library, and each grader as its own chunk', () => {
    const astro = readdirSync(join(OUT, '_astro'));
    const workers = astro.filter((f) => /^grade-worker-[\w-]+\.js$/.test(f));
    expect(workers).toHaveLength(1);
    const worker = readFileSync(join(OUT, '_astro', workers[0]!), 'utf8');
    expect(worker).toContain('import('); // the graders are loaded on demand
    expect(worker).not.toContain('ZodError');
    const graders = readdirSync(join(ROOT, 'graders')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(graders.length).toBeGreaterThan(5);
    for (const g of graders) expect(astro.some((f) => f.startsWith(`${g.replace(/\.ts$/, '')}-`) && f.endsWith('.js')), g).toBe(true);
  });

  it('never ships a solution: no distinctive solution line appears anywhere in the build', () => {
    const starterLines = new Set<string>();
    const solutionLines: string[] = [];
    for (const lab of readdirSync(join(ROOT, 'labs'))) {
      for (const f of files(join(ROOT, 'labs', lab, 'starter'))) for (const l of readFileSync(f, 'utf8').split('\n')) starterLines.add(l.trim());
      for (const f of files(join(ROOT, 'labs', lab, 'solution'))) solutionLines.push(...readFileSync(f, 'utf8').split('\n').map((l) => l.trim()));
    }
    // Lines a solution shares with its starter, or text a lesson, a lab's instructions or a grader has
    // anyway (apiVersion: v1, \`mountPath: /var/log\` inside a lesson's /var/log/nginx, the Swarm stack
    // file shown in lab.yaml, \`kind: DaemonSet\` in a grader's hint: graders run in the browser), are
    // public; the rest must not leak.
    const labYamls = readdirSync(join(ROOT, 'labs')).map((lab) => join(ROOT, 'labs', lab, 'lab.yaml'));
    const publicText = [...files(join(ROOT, 'content')), ...labYamls, ...readdirSync(join(ROOT, 'graders')).map((g) => join(ROOT, 'graders', g))].map((f) => readFileSync(f, 'utf8')).join('\n');
    const distinctive = [...new Set(solutionLines)].filter((l) => l.length >= 12 && !starterLines.has(l) && !publicText.includes(l));
    expect(distinctive.length).toBeGreaterThan(0);
    expect(distinctive).toContain('app.kubernetes.io/part-of: orchestra-solution-first-deployment');
    const built = files(OUT).filter((f) => /\.(html|js|css|json|xml|txt|yaml|map)$/.test(f)).map((f) => readFileSync(f, 'utf8'));
    for (const line of distinctive) {
      for (const content of built) expect(content.includes(line), line).toBe(false);
    }
  });
});

describe('site build without Chromium', () => {
  it('still succeeds, leaves the diagrams for the browser and says so in the build log', async () => {
    const out = mkdtempSync(join(tmpdir(), 'orchestra-site-nochromium-'));
    try {
      const { status, output } = await buildSite(out, { ORCHESTRA_CHROMIUM: '/nonexistent/chromium' });
      expect(status, output).toBe(0);
      expect(output).toContain('Mermaid diagrams will be drawn in the browser');
      const html = readFileSync(join(out, 'orchestration/what-is-orchestration/index.html'), 'utf8');
      expect(html).toContain('<pre class="mermaid"');
      expect(html).not.toMatch(/<svg id="mermaid-/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 600_000);
});

describe.runIf(HAS_CHROMIUM)('in the browser', () => {
  const ARTIFACTS = join(ROOT, 'test-artifacts');
  let site: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await serve(OUT);
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('renders the home page and a lesson in Korean and English, diagrams as inline SVG', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const [path, shot] of [['/', 'home-ko'], ['/en/', 'home-en'], ['/orchestration/what-is-orchestration/', 'lesson-ko'], ['/en/orchestration/what-is-orchestration/', 'lesson-en']] as const) {
      const response = await page.goto(site.url + path);
      expect(response!.status()).toBe(200);
      await page.screenshot({ path: join(ARTIFACTS, `${shot}.png`) });
    }
    expect(await page.locator('svg[id^="mermaid"]').count()).toBeGreaterThanOrEqual(1);
    // A Korean font is installed and used: Korean text is not drawn with the fallback boxes.
    await page.goto(`${site.url}/orchestration/what-is-orchestration/`);
    const rendered = await page.evaluate(() => document.fonts.check('16px "Noto Sans CJK KR"', '파드'));
    expect(rendered).toBe(true);
    await page.close();
  }, 60_000);

  async function gradeInPanel(file: string, shot: string): Promise<{ score: string; faults: number }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${site.url}/en/orchestration/what-is-orchestration/`);
    const panel = page.locator('.orchestra-panel');
    await panel.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(readFileSync(join(ROOT, file), 'utf8'));
    await panel.locator('button.grade').click();
    await panel.locator('.results .score').waitFor({ timeout: 30_000 });
    await panel.screenshot({ path: join(ARTIFACTS, `${shot}.png`) });
    const result = { score: (await panel.locator('.results .score').textContent())!, faults: await panel.locator('.cm-orchestra-fault').count() };
    await page.close();
    return result;
  }

  it('grades the solution typed into the lab panel with full marks', async () => {
    expect(await gradeInPanel('labs/first-deployment/solution/web.yaml', 'panel-solution')).toEqual({ score: 'Score: 100/100', faults: 0 });
  }, 60_000);

  it('grades again with the same result, and grades after a cancel', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/orchestration/what-is-orchestration/`);
    const panel = page.locator('.orchestra-panel');
    const score = panel.locator('.results .score');
    await panel.locator('button.grade').click();
    await score.waitFor({ timeout: 30_000 });
    const first = await score.textContent();
    expect(first).toMatch(/^점수: \d+\/100$/);
    await panel.locator('button.grade').click();
    await score.waitFor({ timeout: 30_000 });
    expect(await score.textContent()).toBe(first);
    // Cancel in the same task as Grade: the worker cannot answer in between.
    await page.evaluate(() => {
      document.querySelector<HTMLButtonElement>('.orchestra-panel button.grade')!.click();
      document.querySelector<HTMLButtonElement>('.orchestra-panel button.cancel')!.click();
    });
    expect(await panel.locator('.results').textContent()).toBe('채점을 취소했다.');
    expect(await panel.locator('button.grade').isEnabled()).toBe(true);
    await panel.locator('button.grade').click();
    await score.waitFor({ timeout: 30_000 });
    expect(await score.textContent()).toBe(first);
    await page.close();
  }, 60_000);

  it('shows one more hint each time a check fails again, and starts over after a reset', async () => {
    const page = await browser.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${site.url}/en/orchestration/what-is-orchestration/`);
    const panel = page.locator('.orchestra-panel');
    await panel.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(readFileSync(join(ROOT, 'labs/first-deployment/cases/selector-mismatch/web.yaml'), 'utf8'));
    const hints = async (): Promise<number> => {
      await panel.locator('button.grade').click();
      await panel.locator('.results .score').waitFor({ timeout: 30_000 });
      return panel.locator('.results .check.fail .hint').count();
    };
    // The failing check (the Service's endpoints) has two hints.
    expect(await hints()).toBe(1);
    expect(await hints()).toBe(2);
    expect(await hints()).toBe(2);
    await panel.locator('button.reset').click();
    await panel.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(readFileSync(join(ROOT, 'labs/first-deployment/cases/selector-mismatch/web.yaml'), 'utf8'));
    expect(await hints()).toBe(1);
    await page.close();
  }, 60_000);

  it('grades a known wrong case with its expected score and marks the faulty line', async () => {
    const expected = JSON.parse(readFileSync(join(ROOT, 'labs/first-deployment/cases/selector-mismatch/expected.json'), 'utf8')) as { score: number };
    expect(await gradeInPanel('labs/first-deployment/cases/selector-mismatch/web.yaml', 'panel-selector-mismatch')).toEqual({ score: `Score: ${expected.score}/100`, faults: 1 });
  }, 60_000);
});
