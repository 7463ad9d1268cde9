/**
 * Every reporter is a pure function of GradeResults, checked against the contract of the system that
 * reads it: JUnit parsed with an XML parser, Gradescope against the fields of its specs.md, the
 * Classroom result decoded from base64, the gradebook parsed as CSV, annotations as GitHub parses them.
 */
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradePath, prepareLab } from '../src/cli/grade-path.ts';
import { findLab } from '../src/cli/labs.ts';
import { errorResult } from '../src/grading/error-result.ts';
import { escapeData, escapeProperty, toAnnotations } from '../src/grading/reporters/annotations.ts';
import { toClassText } from '../src/grading/reporters/class-text.ts';
import { encodeClassroom, toClassroom } from '../src/grading/reporters/classroom.ts';
import { toGradebookCsv } from '../src/grading/reporters/csv.ts';
import { toGradescope, toGradescopeJson } from '../src/grading/reporters/gradescope.ts';
import { toHtml } from '../src/grading/reporters/html.ts';
import { toJUnit } from '../src/grading/reporters/junit.ts';
import { toMarkdown } from '../src/grading/reporters/markdown.ts';
import { toText } from '../src/grading/reporters/text.ts';
import type { GradeResult } from '../src/grading/result.ts';
import { text } from '../src/kube/text.ts';

const ROOT = new URL('..', import.meta.url).pathname;
let solution: GradeResult;
let partial: GradeResult;
let broken: GradeResult;
let failed: GradeResult;
let hostileName: GradeResult;
let korean: GradeResult;

beforeAll(async () => {
  const lab = findLab('first-deployment', ROOT);
  const prepared = await prepareLab(lab);
  solution = await gradePath(prepared, join(lab.dir, 'solution'), 'en', 'alice');
  partial = await gradePath(prepared, join(lab.dir, 'cases', 'replicas-one'), 'en', 'bob');
  broken = await gradePath(prepared, join(lab.dir, 'cases', 'broken-yaml'), 'en', 'carol');
  failed = errorResult({ lab: lab.lab, grader: prepared.grader, submission: 'dave', lang: 'en', why: text('제출물이 없다', 'no submission'), graderSha256: prepared.graderSha256 });
  hostileName = { ...partial, submission: '=HYPERLINK("http://x")|<script>&"\u0001' };
  korean = await gradePath(prepared, join(lab.dir, 'cases', 'replicas-one'), 'ko', '김민수');
});

const all = (): GradeResult[] => [solution, partial, broken, failed];

describe('JUnit XML', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

  it('is well-formed XML with a testsuite per submission and a testcase per check', () => {
    const xml = toJUnit(all());
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    const suites = doc.testsuites.testsuite as Record<string, unknown>[];
    expect(suites.map((s) => s.name)).toEqual(['alice', 'bob', 'carol', 'dave']);
    for (const s of suites) expect((s.testcase as unknown[]).length).toBe(4);
    expect(doc.testsuites).toMatchObject({ tests: '16', failures: '7', errors: '4', skipped: '0' });
  });

  it('maps partial and failed checks to <failure>, errors to <error>, and carries scores as properties', () => {
    const doc = parser.parse(toJUnit([partial, failed]));
    const [bob, dave] = doc.testsuites.testsuite as { testcase: Record<string, { type: string; message: string; '#text': string }>[]; properties: { property: { name: string; value: string }[] } }[];
    const spec = bob!.testcase[1]!;
    expect(spec.name).toBe('deployment-spec: A Deployment declaring 3 nginx replicas');
    expect(spec.failure!.type).toBe('partial');
    expect(spec.failure!.message).toBe('10/20: `spec.replicas` is 1 at web.yaml:6:3; the lab asks for 3.');
    expect(spec.failure!['#text']).toContain('at web.yaml:6:3');
    expect(bob!.testcase[0]!.failure).toBeUndefined();
    expect(dave!.testcase[0]!.error!.message).toBe('0/20: no submission');
    const props = Object.fromEntries(bob!.properties.property.map((p) => [p.name, p.value]));
    expect(props).toMatchObject({ score: '50', maxScore: '100', lab: 'first-deployment' });
    expect(props.graderSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const xml = toJUnit([hostileName]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parser.parse(xml).testsuites.testsuite[0].name).toBe('=HYPERLINK("http://x")|<script>&"\uFFFD');
  });
});

describe('Gradescope results.json', () => {
  // The fields of gradescope/autograder_samples docs/specs.md, as a schema: nothing else, right types.
  const test = {
    type: 'object',
    additionalProperties: false,
    required: ['score', 'max_score', 'status', 'name', 'output'],
    properties: {
      score: { type: 'number' },
      max_score: { type: 'number' },
      status: { enum: ['passed', 'failed'] },
      name: { type: 'string' },
      name_format: { enum: ['text', 'html', 'simple_format', 'md', 'ansi'] },
      number: { type: 'string' },
      output: { type: 'string' },
      output_format: { enum: ['text', 'html', 'simple_format', 'md', 'ansi'] },
      tags: { type: 'array', items: { type: 'string' } },
      visibility: { enum: ['hidden', 'after_due_date', 'after_published', 'visible'] },
      extra_data: { type: 'object' },
    },
  };
  const spec = {
    type: 'object',
    additionalProperties: false,
    required: ['score', 'tests'],
    properties: {
      score: { type: 'number' },
      execution_time: { type: 'number' },
      output: { type: 'string' },
      output_format: { enum: ['text', 'html', 'simple_format', 'md', 'ansi'] },
      test_output_format: { enum: ['text', 'html', 'simple_format', 'md', 'ansi'] },
      test_name_format: { enum: ['text', 'html', 'simple_format', 'md', 'ansi'] },
      visibility: { enum: ['hidden', 'after_due_date', 'after_published', 'visible'] },
      stdout_visibility: { enum: ['hidden', 'after_due_date', 'after_published', 'visible'] },
      extra_data: { type: 'object' },
      tests: { type: 'array', items: test },
      leaderboard: { type: 'array' },
    },
  };
  const ajv = new Ajv2020({ strict: false });
  const validate = ajv.compile(spec);

  it('has only documented fields, with a test per check whose scores add up to the total', () => {
    for (const r of all()) {
      const json = JSON.parse(toGradescopeJson(r));
      expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
      expect(json.tests).toHaveLength(r.checks.length);
      expect(json.tests.reduce((n: number, t: { score: number }) => n + t.score, 0)).toBe(json.score);
      expect(json.score).toBe(r.score);
    }
  });

  it('marks a test passed only at full points, carries locations, hints and visibility', () => {
    const g = toGradescope({ ...partial, checks: partial.checks.map((c, i) => (i === 3 ? { ...c, visibility: 'after_published' as const } : c)) });
    expect(g.tests.map((t) => t.status)).toEqual(['passed', 'failed', 'failed', 'failed']);
    expect(g.tests[1]).toMatchObject({ name: 'A Deployment declaring 3 nginx replicas', score: 10, max_score: 20, output_format: 'md', visibility: 'visible' });
    expect(g.tests[1]!.output).toContain('- at `web.yaml:6:3`');
    expect(g.tests[1]!.output).toContain('💡 Hint: `spec.replicas`');
    expect(g.tests[3]!.visibility).toBe('after_published');
    expect(g.execution_time).toBeGreaterThanOrEqual(0);
  });
});

describe('GitHub Classroom result', () => {
  it('decodes from base64 to the version-1 grader output the reporter sums', () => {
    const decoded = JSON.parse(Buffer.from(encodeClassroom(toClassroom([partial])), 'base64').toString('utf8'));
    expect(decoded).toMatchObject({ version: 1, status: 'fail', max_score: 100 });
    expect(decoded.tests).toHaveLength(4);
    for (const t of decoded.tests) expect(Object.keys(t).sort()).toEqual(['filename', 'line_no', 'message', 'name', 'score', 'status', 'test_code']);
    // autograding-grading-reporter: totalPoints = Σ tests[].score, maxPoints = max_score.
    expect(decoded.tests.reduce((n: number, t: { score: number }) => n + t.score, 0)).toBe(50);
    expect(decoded.tests[1]).toMatchObject({ status: 'fail', score: 10, filename: 'web.yaml', line_no: 6 });
  });

  it('says pass at full marks, error when a submission could not be graded, and keeps Korean intact', () => {
    expect(toClassroom([solution]).status).toBe('pass');
    expect(toClassroom([solution, failed]).status).toBe('error');
    const ko = JSON.parse(Buffer.from(encodeClassroom(toClassroom([korean])), 'base64').toString('utf8'));
    expect(ko.tests[1].name).toBe('nginx 레플리카 3개를 선언한 디플로이먼트(Deployment)');
  });

  it('names each test by its submission when several are reported together', () => {
    const c = toClassroom([partial, solution]);
    expect(c.max_score).toBe(200);
    expect(c.tests[0]!.name).toBe('alice: The manifests load and are valid');
  });
});

describe('CSV gradebook', () => {
  it('has student_id, lab, score, max_score, a column per check and the status, one row per submission', () => {
    const rows = parseCsv(toGradebookCsv(all()), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['student_id', 'lab', 'score', 'max_score', 'manifests-valid', 'deployment-spec', 'pods-ready', 'service-endpoints', 'status']);
    expect(rows.map((r) => [r.student_id, r.score, r.status])).toEqual([
      ['alice', '100', 'graded'],
      ['bob', '50', 'graded'],
      ['carol', '0', 'graded'],
      ['dave', '0', 'error'],
    ]);
    expect(rows[1]).toMatchObject({ 'deployment-spec': '10', 'pods-ready': '10' });
  });

  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    const csv = toGradebookCsv([hostileName, korean]);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.student_id)).toEqual(['\'=HYPERLINK("http://x")|<script>&"\u0001', '김민수']);
    expect(csv).toContain('\r\n');
  });
});

describe('Markdown summary', () => {
  it('summarises a class and each check, one row per submission, in the result language', () => {
    const md = toMarkdown(all());
    expect(md).toContain('## Grading results: first-deployment');
    expect(md).toContain('| 4 | 37.5/100 | 25/100 | 1 | 1 |');
    expect(md).toContain('| `deployment-spec` A Deployment declaring 3 nginx replicas | 1/4 (25%) | 7.5/20 |');
    expect(md).toMatch(/\| bob \| 50\/100 \| ✅ 20 \| 🟡 10 \| 🟡 10 \| 🟡 10 \|/);
    expect(toMarkdown([korean])).toContain('## 채점 결과: first-deployment');
  });

  it('details a single submission with messages, locations and hints', () => {
    const md = toMarkdown([partial]);
    expect(md).toContain('**bob**: Score **50/100**');
    expect(md).toContain('at `web.yaml:6:3`<br>💡 `spec.replicas` is how many pods');
    expect(md).toContain('<summary>Files not graded (1)</summary>');
  });

  it('escapes names so they cannot break a table or inject markup', () => {
    const md = toMarkdown([hostileName, solution]);
    expect(md).toContain('| =HYPERLINK("http://x")\\|&lt;script&gt;&amp;"\u0001 |');
    expect(md).not.toContain('<script>');
  });
});

describe('GitHub annotations', () => {
  it('annotates each location of a failing check with file, line and column, and ends with the score', () => {
    const lines = toAnnotations([partial], { pathPrefix: () => 'submissions/bob' }).trimEnd().split('\n');
    expect(lines).toContain('::warning file=submissions/bob/web.yaml,line=6,col=3,title=A Deployment declaring 3 nginx replicas (10/20)::`spec.replicas` is 1 at web.yaml:6:3; the lab asks for 3.');
    expect(lines.at(-1)).toBe('::notice title=Orchestra first-deployment::bob: 50/100');
    const brokenLines = toAnnotations([broken]).split('\n');
    expect(brokenLines[0]).toMatch(/^::error file=web\.yaml,line=17,col=1,title=The manifests load and are valid \(0\/20\)::web\.yaml:17:1: YAML syntax error/);
  });

  it('escapes data and properties as @actions/core does', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(toAnnotations([failed])).toContain('::error title=first-deployment%3A dave::no submission');
  });
});

describe('text, class text and HTML', () => {
  it('prints each check with its mark, points, message, location and hint', () => {
    const out = toText(partial);
    expect(out).toContain('◐     10/20  A Deployment declaring 3 nginx replicas\n             `spec.replicas` is 1 at web.yaml:6:3; the lab asks for 3.\n             at web.yaml:6:3\n');
    expect(out).toMatch(/Score: 50\/100\n$/);
  });

  it('hides the details of checks that are not visible in a self-check', () => {
    const hidden = { ...partial, checks: partial.checks.map((c) => ({ ...c, visibility: 'hidden' as const })) };
    const out = toText(hidden, { hideHidden: true });
    expect(out).not.toContain('spec.replicas');
    expect(out).toContain('(the result of this check is shown after grading)');
  });

  it('lists a class one line per submission, sorted, with the failing checks', () => {
    expect(toClassText([partial, solution], 'en')).toBe(
      'alice       100/100\nbob          50/100  deployment-spec pods-ready service-endpoints\nSubmissions: 2 · Average: 75 · Grading errors: 0\n',
    );
  });

  it('writes a standalone feedback page with everything escaped', () => {
    const html = toHtml(hostileName);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<code>spec.replicas</code>');
    expect(toHtml(korean)).toContain('<html lang="ko">');
  });
});
