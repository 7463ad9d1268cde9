/**
 * Search: Starlight's Pagefind index in both languages, used from the site's search dialog in
 * headless Chromium. A Korean word must find pages where it only appears with a particle attached
 * (`파드가`, `파드를` …), since Korean writes particles without a space.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launch, serve } from './browser.ts';
import { builtSite, ROOT } from './site-build.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Types `query` into the site's search dialog and returns the result links (paths), after a screenshot. */
async function searchDialog(page: Page, query: string, shot: string): Promise<string[]> {
  const open = page.locator('button[data-open-modal]');
  await expect.poll(() => open.isEnabled()).toBe(true);
  await open.click();
  const input = page.locator('dialog[open] input.pagefind-ui__search-input');
  await input.waitFor();
  await input.pressSequentially(query, { delay: 20 });
  await page.locator('dialog[open] .pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
  await page.screenshot({ path: join(ARTIFACTS, `${shot}.png`) });
  return page.locator('dialog[open] .pagefind-ui__result-link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

interface Hit {
  url: string;
  content: string;
}

/**
 * Every Pagefind result for `query` in the index of the page's language, through Pagefind's own API
 * (the dialog shows the first few only). The code is a string: the test runner rewrites `import()`
 * in functions it passes to the page.
 */
async function searchAll(page: Page, query: string): Promise<Hit[]> {
  const script = `(async () => {
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    const { results } = await pagefind.search(${JSON.stringify(query)});
    return Promise.all(results.map(async (r) => { const d = await r.data(); return { url: d.url, content: d.content }; }));
  })()`;
  return (await page.evaluate(script)) as Hit[];
}

const HANGUL = '[\\uAC00-\\uD7A3]';
/** `word` standing alone (not followed by another syllable) and `word` with a particle attached. */
const bare = (word: string): RegExp => new RegExp(`(?<!${HANGUL})${word}(?!${HANGUL})`);
const withParticle = (word: string): RegExp => new RegExp(`(?<!${HANGUL})${word}${HANGUL}`);

describe.runIf(HAS_CHROMIUM)('search (Pagefind)', () => {
  let site: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await serve(await builtSite());
    browser = await launch();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('downloads the search UI only when the search dialog opens', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${site.url}/workloads/pods/`, { waitUntil: 'networkidle' });
    const searchUi = (): string[] => scripts.filter((p) => /\/ui-core\.|\/pagefind\//.test(p));
    expect(searchUi()).toEqual([]);
    await page.locator('button[data-open-modal]').click();
    await page.locator('dialog[open] input.pagefind-ui__search-input').waitFor();
    expect(searchUi().length).toBeGreaterThan(0);
    // Starlight focused the input before it existed; the on-demand UI focuses it once drawn.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('pagefind-ui__search-input'))).toBe(true);
    await page.close();
  }, 60_000);

  it('finds a Korean lesson from a Korean query typed into the search dialog', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/`);
    const found = await searchDialog(page, '롤링 업데이트', 'search-ko');
    expect(found).toContain('/rollouts/rolling-updates/');
    expect(found.every((p) => !p.startsWith('/en/'))).toBe(true);
    await page.close();
  }, 60_000);

  it('finds an English lesson from an English query', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/en/`);
    const found = await searchDialog(page, 'HorizontalPodAutoscaler', 'search-en');
    expect(found).toContain('/en/scaling/horizontal-pod-autoscaler/');
    expect(found.every((p) => p.startsWith('/en/'))).toBe(true);
    await page.close();
  }, 60_000);

  it('finds `파드` on a page that only writes it with a particle (파드가, 파드를 …)', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/`);
    const hits = await searchAll(page, '파드');
    expect(hits.length).toBeGreaterThan(10);
    // A page whose indexed text has 파드 only with a particle attached, never alone.
    const particleOnly = hits.filter((h) => withParticle('파드').test(h.content) && !bare('파드').test(h.content));
    expect(particleOnly.map((h) => h.url)).toContain('/instructors/grading-a-class/');
    const hit = particleOnly.find((h) => h.url === '/instructors/grading-a-class/')!;
    expect(hit.content.match(new RegExp(`파드${HANGUL}+`, 'g'))).toEqual(expect.arrayContaining(['파드가']));
    // The page's own text, as Pagefind reads it (its body without the ignored parts), agrees.
    await page.goto(`${site.url}/instructors/grading-a-class/`);
    const text = await page.locator('[data-pagefind-body]').evaluate((main) => {
      const copy = main.cloneNode(true) as HTMLElement;
      for (const el of copy.querySelectorAll('[data-pagefind-ignore], script, style')) el.remove();
      return copy.textContent ?? '';
    });
    expect(withParticle('파드').test(text)).toBe(true);
    expect(bare('파드').test(text)).toBe(false);
    await page.close();
  }, 60_000);
});
