/**
 * Content rules for every lesson under content/ (Korean at the root, English under content/en/):
 * frontmatter, diagram, summary, check questions, references, ko/en twins, labs, internal links and
 * the Korean glossary of the kubernetes.io localization. Every failure names the file it is about.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const CONTENT = join(ROOT, 'content');
const LABS = join(ROOT, 'labs');

/** Pages that are not lessons: the home pages, the 404 page and the instructors' section (owned elsewhere). */
const NOT_LESSONS = [/^index\.mdx?$/, /^en\/index\.mdx?$/, /^(en\/)?404\.mdx?$/, /^(en\/)?instructors\//];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Paths relative to content/, e.g. `design/design-principles.mdx`, `en/design/design-principles.mdx`. */
const PAGES = walk(CONTENT)
  .filter((f) => /\.mdx?$/.test(f))
  .map((f) => relative(CONTENT, f).split('\\').join('/'))
  .sort();
const LESSONS = PAGES.filter((p) => !NOT_LESSONS.some((re) => re.test(p)));
const KO_LESSONS = LESSONS.filter((p) => !p.startsWith('en/'));
const EN_LESSONS = LESSONS.filter((p) => p.startsWith('en/'));

/** Module folders in sidebar order, read from astro.config.mjs: module N lives in the N-th folder. */
const MODULE_DIRS = [...readFileSync(join(ROOT, 'astro.config.mjs'), 'utf8').matchAll(/\{\s*directory:\s*'([^']+)'/g)].map((m) => m[1]!);

interface Lesson {
  file: string; // content/… path, for messages
  lang: 'ko' | 'en';
  data: Record<string, unknown>;
  body: string;
  /** The body with fenced code blocks and inline code removed: what a reader sees as prose. */
  prose: string;
}

function load(page: string): Lesson {
  const file = `content/${page}`;
  const text = readFileSync(join(CONTENT, page), 'utf8').replace(/\r\n/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!m) return { file, lang: page.startsWith('en/') ? 'en' : 'ko', data: {}, body: text, prose: stripCode(text) };
  const data = (parseYaml(m[1]!) ?? {}) as Record<string, unknown>;
  return { file, lang: page.startsWith('en/') ? 'en' : 'ko', data, body: m[2]!, prose: stripCode(m[2]!) };
}

function stripCode(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** A section's text: from its `## heading` to the next `## ` heading or the end. */
function section(body: string, headings: RegExp): string | undefined {
  const lines = body.split('\n');
  const start = lines.findIndex((l) => headings.test(l));
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^##\s/.test(l));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

const HEADINGS = {
  ko: { summary: /^##\s+요약\s*$/, references: /^##\s+참고 자료\s*$/ },
  en: { summary: /^##\s+Summary\s*$/, references: /^##\s+References\s*$/ },
};

function frontmatterProblems(l: Lesson): string[] {
  const p: string[] = [];
  const d = l.data;
  if (Object.keys(d).length === 0) return [`${l.file}: no YAML frontmatter`];
  for (const key of ['title', 'description']) {
    if (typeof d[key] !== 'string' || (d[key] as string).trim() === '') p.push(`${l.file}: frontmatter \`${key}\` must be a non-empty string`);
  }
  if (!Number.isInteger(d.module) || (d.module as number) < 1) p.push(`${l.file}: frontmatter \`module\` must be a positive integer`);
  if (!Number.isInteger(d.duration) || (d.duration as number) < 1) p.push(`${l.file}: frontmatter \`duration\` must be a positive integer (minutes)`);
  const objectives = d.objectives;
  if (!Array.isArray(objectives) || objectives.length < 3 || objectives.some((o) => typeof o !== 'string' || o.trim() === '')) {
    p.push(`${l.file}: frontmatter \`objectives\` must list at least 3 objectives`);
  }
  if (!Array.isArray(d.labs) || d.labs.some((id) => typeof id !== 'string')) p.push(`${l.file}: frontmatter \`labs\` must be a list of lab ids (use \`labs: []\` for none)`);
  // The lesson lives in its module's folder (astro.config.mjs MODULES order).
  const folder = l.file.replace(/^content\/(en\/)?/, '').split('/')[0]!;
  const index = MODULE_DIRS.indexOf(folder);
  if (index < 0) p.push(`${l.file}: folder \`${folder}\` is not a module folder in astro.config.mjs`);
  else if (Number.isInteger(d.module) && d.module !== index + 1) p.push(`${l.file}: \`module: ${String(d.module)}\` but folder \`${folder}\` is module ${index + 1}`);
  return p;
}

function bodyProblems(l: Lesson): string[] {
  const p: string[] = [];
  if (!/^```mermaid[ \t]*$/m.test(l.body)) p.push(`${l.file}: no \`\`\`mermaid diagram`);
  const h = HEADINGS[l.lang];
  if (!l.body.split('\n').some((line) => h.summary.test(line))) p.push(`${l.file}: no summary heading (${l.lang === 'ko' ? '## 요약' : '## Summary'})`);
  const refs = section(l.body, h.references);
  if (refs === undefined) p.push(`${l.file}: no references heading (${l.lang === 'ko' ? '## 참고 자료' : '## References'})`);
  else {
    const links = refs.match(/\]\(https?:\/\/[^)\s]+\)/g) ?? [];
    if (links.length < 2) p.push(`${l.file}: the references section has ${links.length} http(s) link(s); at least 2 are needed`);
  }
  const details = l.body.match(/<details>[\s\S]*?<\/details>/g) ?? [];
  const opened = (l.body.match(/<details>/g) ?? []).length;
  if (opened !== details.length) p.push(`${l.file}: ${opened} <details> opened but ${details.length} closed`);
  if (details.length < 3 || details.length > 5) p.push(`${l.file}: ${details.length} check questions (<details>); 3 to 5 are needed`);
  details.forEach((block, i) => {
    const m = /^<details>\s*<summary>([\s\S]+?)<\/summary>([\s\S]*)<\/details>$/.exec(block);
    if (!m) p.push(`${l.file}: check question ${i + 1} has no <summary> right after <details>`);
    else if (m[2]!.trim() === '') p.push(`${l.file}: check question ${i + 1} has no answer`);
    else if (!/^\s*\n\s*\n/.test(m[2]!)) p.push(`${l.file}: check question ${i + 1}: leave a blank line after </summary> so the answer renders as Markdown`);
  });
  return p;
}

/** `/en/design/x/#part` → content/en/design/x.mdx (or .md, or …/index.mdx). */
function pageExists(url: string): boolean {
  const path = url.replace(/[#?].*$/, '').replace(/^\/+|\/+$/g, '');
  if (path === '' || path === 'en') return existsSync(join(CONTENT, path, 'index.mdx')) || existsSync(join(CONTENT, path, 'index.md'));
  if (path.startsWith('labs/')) return existsSync(join(ROOT, path)) && !path.split('/').includes('solution');
  return ['.mdx', '.md', '/index.mdx', '/index.md'].some((ext) => existsSync(join(CONTENT, path + ext)));
}

function linkProblems(l: Lesson): string[] {
  const p: string[] = [];
  for (const m of stripCode(l.body).matchAll(/\]\((\/[^)\s]*)(?:\s+"[^"]*")?\)/g)) {
    const url = m[1]!;
    if (!pageExists(url)) p.push(`${l.file}: internal link \`${url}\` points to no page`);
    else if (l.lang === 'en' && !url.startsWith('/en/') && !url.startsWith('/labs/') && url !== '/en') p.push(`${l.file}: internal link \`${url}\` leaves the English site (use /en/…)`);
    else if (l.lang === 'ko' && url.startsWith('/en/')) p.push(`${l.file}: internal link \`${url}\` leaves the Korean site`);
  }
  return p;
}

function labProblems(l: Lesson): string[] {
  const p: string[] = [];
  const listed = Array.isArray(l.data.labs) ? (l.data.labs as string[]) : [];
  const embedded = [...l.body.matchAll(/<Lab\s+id="([^"]+)"/g)].map((m) => m[1]!);
  for (const id of listed) {
    if (!existsSync(join(LABS, id, 'lab.yaml'))) p.push(`${l.file}: lab \`${id}\` is listed in \`labs:\` but labs/${id}/lab.yaml does not exist`);
    if (!embedded.includes(id)) p.push(`${l.file}: lab \`${id}\` is listed in \`labs:\` but not embedded with <Lab id="${id}" />`);
  }
  for (const id of embedded) if (!listed.includes(id)) p.push(`${l.file}: <Lab id="${id}" /> is embedded but \`${id}\` is missing from \`labs:\``);
  if (embedded.length > 0 && !/^import Lab from ['"]~\/components\/Lab\.astro['"];?$/m.test(l.body)) p.push(`${l.file}: embeds <Lab> without \`import Lab from '~/components/Lab.astro';\``);
  return p;
}

/**
 * Korean glossary (kubernetes.io `content/ko` localization). Wrong spellings that must never appear in a
 * Korean page's prose; code, file names and paths are English anyway and are not checked.
 */
const WRONG_SPELLINGS: Array<[RegExp, string]> = [
  [/포드/, '파드'],
  [/팟(?!캐스트)/, '파드'],
  [/파드\s*\(\s*Pod\s*\)/, '파드 (no parentheses)'],
  [/서비스\s*\(\s*Service\s*\)/, '서비스 (no parentheses)'],
  [/쿠베르네티스|쿠버네티즈|쿠버네테스|큐버네티스/, '쿠버네티스'],
  [/디플로이\s+먼트|디프로이먼트|디플로이먼츠/, '디플로이먼트'],
  [/레플리카\s+셋|레플리카세트|리플리카셋|레플리카 세트/, '레플리카셋'],
  [/스테이트풀\s+셋|스테이트풀세트/, '스테이트풀셋'],
  [/컨피그\s+맵|컨피그멥|콘피그맵/, '컨피그맵'],
  [/컨트롤플레인|콘트롤 플레인|컨트롤 플래인/, '컨트롤 플레인'],
  [/셀프\s*힐링|자가치유|자동 치유|자기 치유/, '자가 치유'],
  [/서비스디스커버리/, '서비스 디스커버리'],
  [/큐블렛|쿠블렛|큐브렛|쿠버렛/, 'kubelet (in English)'],
  [/큐브\s*프록시|쿠베\s*프록시/, 'kube-proxy (in English)'],
  [/엣시디|이티씨디/, 'etcd (in English)'],
  [/노우드/, '노드'],
];

/** Kinds written as a loanword with the English name in parentheses on first use. */
const FIRST_USE: Array<[string, string]> = [
  ['디플로이먼트', 'Deployment'],
  ['레플리카셋', 'ReplicaSet'],
  ['스테이트풀셋', 'StatefulSet'],
  ['컨피그맵', 'ConfigMap'],
];

function glossaryProblems(l: Lesson): string[] {
  const p: string[] = [];
  const objectives = Array.isArray(l.data.objectives) ? (l.data.objectives as unknown[]).join('\n') : '';
  // Reading order: title, description, objectives, then the body's prose.
  const text = [l.data.title, l.data.description, objectives, l.prose].filter((s) => typeof s === 'string').join('\n');
  for (const [re, right] of WRONG_SPELLINGS) {
    const m = re.exec(text);
    if (m) p.push(`${l.file}: "${m[0]}" is not the glossary spelling; write ${right}`);
  }
  for (const [ko, en] of FIRST_USE) {
    const at = text.indexOf(ko);
    if (at >= 0 && !text.startsWith(`${ko}(${en})`, at)) {
      const context = text.slice(Math.max(0, at - 15), at + ko.length + 15).replace(/\n/g, ' ');
      p.push(`${l.file}: the first "${ko}" must be written ${ko}(${en}); found "…${context}…"`);
    }
  }
  return p;
}

describe('content', () => {
  it('finds lessons in both languages', () => {
    expect(KO_LESSONS.length, 'Korean lessons under content/').toBeGreaterThan(0);
    expect(EN_LESSONS.length, 'English lessons under content/en/').toBeGreaterThan(0);
    expect(MODULE_DIRS.length, 'module folders read from astro.config.mjs').toBeGreaterThan(0);
  });

  it('every Korean page has an English twin and every English page a Korean one', () => {
    const problems: string[] = [];
    for (const page of KO_LESSONS) if (!LESSONS.includes(`en/${page}`)) problems.push(`content/${page}: no English twin at content/en/${page}`);
    for (const page of EN_LESSONS) if (!LESSONS.includes(page.slice(3))) problems.push(`content/${page}: no Korean twin at content/${page.slice(3)}`);
    expect(problems).toEqual([]);
  });

  it('every lab is embedded in at least one Korean and one English lesson', () => {
    const labs = existsSync(LABS) ? readdirSync(LABS).filter((n) => !n.startsWith('.') && statSync(join(LABS, n)).isDirectory()) : [];
    const lessons = LESSONS.map(load);
    const problems: string[] = [];
    for (const id of labs) {
      const embeds = (l: Lesson) => new RegExp(`<Lab\\s+id="${id}"`).test(l.body);
      if (!lessons.some((l) => l.lang === 'ko' && embeds(l))) problems.push(`labs/${id}: not embedded in any Korean lesson (content/…)`);
      if (!lessons.some((l) => l.lang === 'en' && embeds(l))) problems.push(`labs/${id}: not embedded in any English lesson (content/en/…)`);
    }
    expect(problems).toEqual([]);
  });
});

describe.each(LESSONS)('lesson content/%s', (page) => {
  const lesson = load(page);

  it('has the lesson frontmatter', () => {
    expect(frontmatterProblems(lesson)).toEqual([]);
  });

  it('has a diagram, a summary, 3–5 check questions and references', () => {
    expect(bodyProblems(lesson)).toEqual([]);
  });

  it('lists and embeds the same labs, and each exists', () => {
    expect(labProblems(lesson)).toEqual([]);
  });

  it('links only to pages that exist', () => {
    expect(linkProblems(lesson)).toEqual([]);
  });

  it('matches its twin in module, duration, labs and sidebar order', () => {
    const twinPage = lesson.lang === 'ko' ? `en/${page}` : page.slice(3);
    if (!LESSONS.includes(twinPage)) return; // reported by the twin test
    const twin = load(twinPage);
    const pick = (l: Lesson) => ({ module: l.data.module, duration: l.data.duration, labs: l.data.labs, order: (l.data.sidebar as { order?: unknown } | undefined)?.order });
    expect(pick(lesson), `${lesson.file} vs ${twin.file}`).toEqual(pick(twin));
  });

  it.runIf(lesson.lang === 'ko')('follows the Korean glossary', () => {
    expect(glossaryProblems(lesson)).toEqual([]);
  });
});
