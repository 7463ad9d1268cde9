/**
 * Accessibility: axe-core (WCAG 2.0 A/AA, 2.1 AA) over every page of the built site, Korean and
 * English, in the light and the dark theme — and over a lab panel after grading, when the results,
 * hints and fault locations are on screen.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, HAS_CHROMIUM, launch, serve, settle, type AxeViolation } from './browser.ts';
import { builtSite, files, ROOT } from './site-build.ts';

const SCHEMES = ['light', 'dark'] as const;
const ARTIFACTS = join(ROOT, 'test-artifacts');

function describeViolations(where: string, violations: AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${where}: ${v.id} (${v.help}) at ${n.target}: ${n.html}\n    ${n.summary.replace(/\n/g, ' ')}`));
}

describe.runIf(HAS_CHROMIUM)('accessibility (axe-core, wcag2a/wcag2aa/wcag21aa)', () => {
  let out: string;
  let site: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  const contexts = new Map<(typeof SCHEMES)[number], BrowserContext>();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    out = await builtSite();
    site = await serve(out);
    browser = await launch();
    for (const scheme of SCHEMES) contexts.set(scheme, await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } }));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('finds no violation on any page, in either language and theme', async () => {
    const pages = files(out)
      .filter((f) => f.endsWith('.html'))
      .map((f) => `/${relative(out, f)}`.replace(/index\.html$/, ''));
    // Both languages, the landing pages, the 404 page, lessons with and without a lab, instructors' pages.
    for (const path of ['/', '/en/', '/404.html', '/orchestration/what-is-orchestration/', '/en/workloads/pods/', '/instructors/grading-a-class/', '/en/instructors/writing-graders/']) expect(pages).toContain(path);
    const jobs = pages.flatMap((path) => SCHEMES.map((scheme) => ({ path, scheme })));
    const problems: string[] = [];
    let checked = 0;
    // One tab per theme, both at once: each walks the pages of its theme.
    await Promise.all(
      SCHEMES.map(async (scheme) => {
        const page = await contexts.get(scheme)!.newPage();
        for (const job of jobs.filter((j) => j.scheme === scheme)) {
          await page.goto(site.url + job.path);
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
          await settle(page);
          problems.push(...describeViolations(`${job.path} [${scheme}]`, await axeViolations(page)));
          checked++;
        }
        await page.close();
      }),
    );
    expect(checked).toBe(jobs.length);
    expect(problems).toEqual([]);
  }, 600_000);

  it.each(SCHEMES)('finds no violation in the search dialog showing results (%s theme)', async (scheme) => {
    const page = await contexts.get(scheme)!.newPage();
    await page.goto(`${site.url}/`);
    const open = page.locator('button[data-open-modal]');
    await expect.poll(() => open.isEnabled()).toBe(true);
    await open.click();
    await page.locator('dialog[open] input.pagefind-ui__search-input').fill('파드');
    await page.locator('dialog[open] .pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
    const problems = describeViolations(`search dialog [${scheme}]`, await axeViolations(page, 'dialog[open]'));
    await page.screenshot({ path: join(ARTIFACTS, `search-dialog-${scheme}.png`) });
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it.each(SCHEMES)('finds no violation in a lab panel after grading (%s theme)', async (scheme) => {
    // A fresh context: the panel keeps what is typed in localStorage.
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${site.url}/en/orchestration/what-is-orchestration/`);
    const panel = page.locator('.orchestra-panel');
    await panel.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(readFileSync(join(ROOT, 'labs/first-deployment/cases/selector-mismatch/web.yaml'), 'utf8'));
    await panel.locator('button.grade').click();
    await panel.locator('.results .score').waitFor({ timeout: 30_000 });
    // Failed checks with their hints and a location button, and the faulty line marked in the editor.
    expect(await panel.locator('.results .check.fail').count()).toBeGreaterThan(0);
    expect(await panel.locator('.results .hint').count()).toBeGreaterThan(0);
    expect(await panel.locator('.cm-orchestra-fault').count()).toBeGreaterThan(0);
    const problems = describeViolations(`lab panel [${scheme}]`, await axeViolations(page, '.orchestra-lab'));
    await page.locator('.orchestra-panel').screenshot({ path: join(ARTIFACTS, `panel-graded-${scheme}.png`) });
    await context.close();
    expect(problems).toEqual([]);
  }, 60_000);
});
