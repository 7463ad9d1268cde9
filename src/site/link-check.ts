/**
 * Every internal link of the built site leads somewhere: after `astro build`, each `<a href>` (and
 * `<link href>`, `<script src>`, `<img src>`) on every page must name a file of the build (a page, a
 * starter file, a script, the icon …) and, with a `#fragment`, an element with that id on the target
 * page. starlight-links-validator checks the links written in
 * the lessons' Markdown with their source files; this check covers the rest of the HTML as well
 * (components, the landing page's actions, the lab downloads), so that the build fails on any
 * broken link.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export interface BrokenLink {
  /** The page holding the link, as a site path ("/en/workloads/pods/"). */
  page: string;
  href: string;
  problem: 'no such page' | 'no such anchor';
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

function attributeValues(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((m) => decodeEntities(m[1] ?? m[2] ?? ''));
}

/** The site path a build file is served at: "en/a/index.html" → "/en/a/". */
export function sitePath(file: string): string {
  return `/${file}`.replace(/(^|\/)index\.html$/, '$1');
}

/**
 * The broken internal links among `pages` (site path → HTML). `files` holds every file of the
 * build as a path relative to its root ("en/a/index.html", "labs/x/starter/web.yaml").
 */
export function brokenLinks(files: Iterable<string>, pages: Map<string, string>): BrokenLink[] {
  const existing = new Set(files);
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string): Set<string> => {
    let set = ids.get(file);
    if (!set) {
      const html = pages.get(sitePath(file)) ?? '';
      set = new Set(attributeValues(html, /\s(?:id|name)=(?:"([^"]*)"|'([^']*)')/g));
      ids.set(file, set);
    }
    return set;
  };
  const target = (pathname: string): string | undefined => {
    const p = pathname.replace(/^\//, '');
    const candidates = p === '' || p.endsWith('/') ? [`${p}index.html`] : [p, `${p}/index.html`, `${p}.html`];
    return candidates.find((c) => existing.has(c));
  };
  const broken: BrokenLink[] = [];
  for (const [page, html] of pages) {
    const base = new URL(page, 'http://site.invalid');
    const references = [
      ...attributeValues(html, /<(?:a|link)\s[^>]*?\bhref=(?:"([^"]*)"|'([^']*)')/g),
      ...attributeValues(html, /<(?:script|img|source)\s[^>]*?\bsrc=(?:"([^"]*)"|'([^']*)')/g),
    ];
    for (const href of references) {
      const url = new URL(href, base);
      if (url.origin !== base.origin) continue; // another site, mailto:, javascript: …
      let pathname: string;
      let fragment: string;
      try {
        pathname = decodeURIComponent(url.pathname);
        fragment = decodeURIComponent(url.hash.slice(1));
      } catch {
        broken.push({ page, href, problem: 'no such page' });
        continue;
      }
      const file = target(pathname);
      if (!file) broken.push({ page, href, problem: 'no such page' });
      else if (fragment !== '' && file.endsWith('.html') && !idsOf(file).has(fragment)) broken.push({ page, href, problem: 'no such anchor' });
    }
  }
  return broken;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/** Reads a build folder and returns its broken internal links. */
export function brokenLinksIn(dir: string): BrokenLink[] {
  const files = walk(dir).map((f) => relative(dir, f).split(sep).join('/'));
  const pages = new Map(files.filter((f) => f.endsWith('.html')).map((f) => [sitePath(f), readFileSync(join(dir, f), 'utf8')]));
  return brokenLinks(files, pages);
}

/** An Astro integration: the build fails when the built site has a broken internal link. */
export function linkCheck(): AstroIntegration {
  return {
    name: 'orchestra:link-check',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const broken = brokenLinksIn(fileURLToPath(dir));
        if (broken.length === 0) {
          logger.info('every internal link and anchor resolves');
          return;
        }
        for (const b of broken) logger.error(`${b.page}: ${b.href} (${b.problem})`);
        throw new Error(`${broken.length} broken internal link(s) in the built site`);
      },
    },
  };
}
