/** The course site builds, renders the lesson with its diagrams and lab, and never ships a solution. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = mkdtempSync(join(tmpdir(), 'orchestra-site-'));
const CHROMIUM = existsSync(process.env.ORCHESTRA_CHROMIUM ?? '/usr/bin/chromium');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

const page = (path: string): string => readFileSync(join(OUT, path), 'utf8');

function build(outDir: string, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--outDir', outDir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  const output = r.stdout + r.stderr;
  expect(r.status, output).toBe(0);
  return output;
}

beforeAll(() => {
  build(OUT);
}, 240_000);

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

  it.runIf(CHROMIUM)('draws the Mermaid diagrams as inline SVG at build time, with their styles', () => {
    const ko = page('orchestration/what-is-orchestration/index.html');
    const svgs = ko.match(/<svg id="mermaid-\d+"/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(1);
    expect(ko).toMatch(/<svg id="mermaid-0"[^>]*>\s*<style>#mermaid-0\{/);
    expect(ko).not.toContain('set:html');
    expect(ko).toContain('컨트롤 플레인');
  });

  it('embeds the lab: title, tasks with points, starter file, and the CLI self-check', () => {
    const ko = page('orchestration/what-is-orchestration/index.html');
    expect(ko).toContain('data-lab="first-deployment"');
    expect(ko).toContain('첫 디플로이먼트와 서비스');
    expect(ko).toContain('npx orchestra grade first-deployment .');
    expect(page('en/orchestration/what-is-orchestration/index.html')).toContain('Your first Deployment and Service');
    expect(readFileSync(join(OUT, 'labs/first-deployment/starter/web.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'labs/first-deployment/starter/web.yaml'), 'utf8'));
  });

  it('never ships a solution: no distinctive solution line appears anywhere in the build', () => {
    const starterLines = new Set<string>();
    const solutionLines: string[] = [];
    for (const lab of readdirSync(join(ROOT, 'labs'))) {
      for (const f of files(join(ROOT, 'labs', lab, 'starter'))) for (const l of readFileSync(f, 'utf8').split('\n')) starterLines.add(l.trim());
      for (const f of files(join(ROOT, 'labs', lab, 'solution'))) solutionLines.push(...readFileSync(f, 'utf8').split('\n').map((l) => l.trim()));
    }
    // Lines a solution shares with its starter (apiVersion: v1 …) are public anyway; the rest must not leak.
    const distinctive = [...new Set(solutionLines)].filter((l) => l.length >= 12 && !starterLines.has(l));
    expect(distinctive.length).toBeGreaterThan(0);
    expect(distinctive).toContain('app.kubernetes.io/part-of: orchestra-solution-first-deployment');
    const built = files(OUT).filter((f) => /\.(html|js|css|json|xml|txt|yaml|map)$/.test(f)).map((f) => readFileSync(f, 'utf8'));
    for (const line of distinctive) {
      for (const content of built) expect(content.includes(line), line).toBe(false);
    }
  });
});

describe('site build without Chromium', () => {
  it('still succeeds, leaves the diagrams for the browser and says so in the build log', () => {
    const out = mkdtempSync(join(tmpdir(), 'orchestra-site-nochromium-'));
    const output = build(out, { ORCHESTRA_CHROMIUM: '/nonexistent/chromium' });
    expect(output).toContain('Mermaid diagrams will be drawn in the browser');
    const html = readFileSync(join(out, 'orchestration/what-is-orchestration/index.html'), 'utf8');
    expect(html).toContain('<pre class="mermaid"');
    expect(html).not.toMatch(/<svg id="mermaid-/);
  }, 240_000);
});
