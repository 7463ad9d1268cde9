/**
 * Links are validated at build: starlight-links-validator over the lessons' Markdown and our own
 * check over every link of the built HTML. A broken link fails the build.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenLinks, brokenLinksIn, sitePath } from '../src/site/link-check.ts';
import { buildSite, builtSite, ROOT } from './site-build.ts';

const page = (body: string, ids: string[] = []): string => `<!doctype html><html><body>${ids.map((id) => `<h2 id="${id}">x</h2>`).join('')}${body}</body></html>`;

describe('brokenLinks', () => {
  const files = ['index.html', 'en/index.html', 'guide/index.html', 'labs/web/starter/web.yaml', '404.html'];
  const check = (html: string, at = '/') => brokenLinks(files, new Map([['/guide/', page('', ['real-heading', '단일-장애-지점', 'a&b'])], ['/en/', page('')], [at, html]]));

  it('maps build files to the paths they are served at', () => {
    expect(sitePath('index.html')).toBe('/');
    expect(sitePath('en/guide/index.html')).toBe('/en/guide/');
    expect(sitePath('404.html')).toBe('/404.html');
  });

  it('accepts links to pages, files, anchors (Korean, escaped) and other sites', () => {
    const html = page(
      [
        '<a href="/guide/">a</a>',
        '<a href="/guide">b</a>',
        '<a href="guide/#real-heading">c</a>',
        '<a href="/guide/#단일-장애-지점">d</a>',
        '<a href="/guide/#%EB%8B%A8%EC%9D%BC-%EC%9E%A5%EC%95%A0-%EC%A7%80%EC%A0%90">e</a>',
        '<a href="/guide/#a&amp;b">f</a>',
        '<a href="/labs/web/starter/web.yaml" download>g</a>',
        '<a href="#_top">h</a>',
        '<a href="https://kubernetes.io/docs/">i</a>',
        '<a href="mailto:someone@example.org">j</a>',
        "<a class='x' href='/en/'>k</a>",
        '<a href="/404.html">l</a>',
        '<link rel="sitemap" href="/labs/web/starter/web.yaml"><link rel="canonical" href="https://orchestra.example.org/guide/"><script src="/labs/web/starter/web.yaml"></script>',
      ].join(''),
      ['_top'],
    );
    expect(check(html)).toEqual([]);
  });

  it('reports a link to a missing page, file or anchor, with the page it is on', () => {
    const html = page('<a href="/no-such-lesson/">a</a><a href="/guide/#no-such-heading">b</a><a href="/labs/web/starter/missing.yaml">c</a><a href="#nowhere">d</a><a href="../gone/">e</a><link rel="icon" href="/favicon.svg"><script type="module" src="/_astro/gone.js"></script>');
    expect(check(html, '/en/')).toEqual([
      { page: '/en/', href: '/no-such-lesson/', problem: 'no such page' },
      { page: '/en/', href: '/guide/#no-such-heading', problem: 'no such anchor' },
      { page: '/en/', href: '/labs/web/starter/missing.yaml', problem: 'no such page' },
      { page: '/en/', href: '#nowhere', problem: 'no such anchor' },
      { page: '/en/', href: '../gone/', problem: 'no such page' },
      { page: '/en/', href: '/favicon.svg', problem: 'no such page' },
      { page: '/en/', href: '/_astro/gone.js', problem: 'no such page' },
    ]);
  });
});

/**
 * A two-page Starlight site with the same link checks as ours (starlight-links-validator in
 * Starlight's plugins, linkCheck() after it), and links broken three ways.
 */
function writeFixture(dir: string): void {
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    'astro.config.mjs',
    `import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import starlightLinksValidator from 'starlight-links-validator';
import { linkCheck } from ${JSON.stringify(join(ROOT, 'src/site/link-check.ts'))};
export default defineConfig({
  cacheDir: './.cache',
  integrations: [starlight({ title: 'Fixture', pagefind: false, plugins: [starlightLinksValidator()] }), linkCheck()],
});
`,
  );
  write('src/content.config.ts', `import { defineCollection } from 'astro:content';\nimport { docsLoader } from '@astrojs/starlight/loaders';\nimport { docsSchema } from '@astrojs/starlight/schema';\nexport const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };\n`);
  write('src/content/docs/index.md', '---\ntitle: Home\n---\n\nRead [the guide](/guide/) and [its heading](/guide/#real-heading), then [a lesson that does not exist](/no-such-lesson/) and [a heading that does not exist](/guide/#no-such-heading).\n');
  write('public/favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  write('src/content/docs/guide.md', '---\ntitle: Guide\n---\n\n## Real heading\n\nText.\n');
  write('src/pages/downloads.astro', '<html lang="en"><head><title>Downloads</title></head><body><main><a href="/guide/">guide</a> <a href="/files/missing.yaml">a file that is not built</a></main></body></html>\n');
}

describe('a broken link fails the build', () => {
  // Inside the project's node_modules, where Node finds Astro and Starlight from the fixture (Astro
  // does not build a project whose node_modules is a symbolic link).
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'orchestra-links-fixture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starlight-links-validator stops the build on a broken Markdown link or anchor; linkCheck finds those and the component link too', async () => {
    writeFixture(dir);
    const out = join(dir, 'dist');
    const build = await buildSite(out, {}, dir);
    const output = build.output.replace(/\x1b\[[0-9;]*m/g, '');
    expect(build.status, output).not.toBe(0);
    expect(output).toContain('Links validation failed');
    // The two broken links of the Markdown page, and not its two good ones.
    expect(output).toContain('Found 2 invalid links in 1 file.');
    expect(output).toContain('/no-such-lesson/');
    expect(output).toContain('/guide/#no-such-heading');
    // The pages were written before the checks ran: our check over the HTML finds all three.
    const found = brokenLinksIn(out);
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        { page: '/', href: '/no-such-lesson/', problem: 'no such page' },
        { page: '/', href: '/guide/#no-such-heading', problem: 'no such anchor' },
        { page: '/downloads/', href: '/files/missing.yaml', problem: 'no such page' },
      ]),
    );
  }, 300_000);

  it('the course site was built with both checks, and they passed', async () => {
    const site = await builtSite();
    const log = readFileSync(`${site}.log`, 'utf8');
    expect(log).toContain('All internal links are valid.');
    expect(log).toContain('every internal link and anchor resolves');
    expect(brokenLinksIn(site)).toEqual([]);
  }, 600_000);
});
