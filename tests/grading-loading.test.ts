/**
 * Loading submissions safely, unit by unit: the collector's patterns and limits, text decoding, the
 * zip reader, and the YAML limits (documents, nesting depth, aliases) of src/kube/load.ts.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readSubmission } from '../src/cli/read-submission.ts';
import { decodeText, SubmissionCollector } from '../src/grading/submission-reader.ts';
import { DEFAULT_LIMITS } from '../src/grading/limits.ts';
import { loadSubmission } from '../src/grading/submission.ts';
import { readZip } from '../src/grading/zip.ts';
import { loadManifests } from '../src/kube/load.ts';

const PATTERNS = ['**/*.yaml', '**/*.yml'];
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n';

describe('SubmissionCollector', () => {
  it('grades matching files, lists the others as ignored, and sorts both', () => {
    const c = new SubmissionCollector(PATTERNS);
    for (const [path, body] of [['b.yaml', POD], ['notes.txt', 'x'], ['a/app.yml', POD], ['.hidden.yaml', POD]] as const) {
      if (c.wants(path)) c.add(path, strToU8(body));
      else c.ignore(path);
    }
    const r = c.result();
    expect(r.files.map((f) => f.path)).toEqual(['a/app.yml', 'b.yaml']);
    expect(r.ignored).toEqual(['.hidden.yaml', 'notes.txt']);
  });

  it('refuses a file over the size limit before reading it, and files past the total or count limits', () => {
    const c = new SubmissionCollector(PATTERNS, { maxFileBytes: 10, maxTotalBytes: 15, maxFiles: 2 });
    expect(c.admit('big.yaml', 11)).toBe(false);
    c.add('a.yaml', strToU8('a: 1234567'));
    c.add('b.yaml', strToU8('b: 1234567'));
    c.add('c.yaml', strToU8('c: 1'));
    c.add('d.yaml', strToU8('d: 1'));
    const r = c.result();
    expect(r.files.map((f) => f.path)).toEqual(['a.yaml', 'c.yaml']);
    expect(r.rejected.map((p) => [p.position.file, p.code])).toEqual([
      ['b.yaml', 'TotalTooLarge'],
      ['big.yaml', 'FileTooLarge'],
      ['d.yaml', 'TooManyFiles'],
    ]);
    expect(r.rejected[1]!.message.en).toBe('file too large (11 bytes, at most 10 bytes = 0 MiB); manifests are usually a few KB');
    expect(r.rejected[1]!.message.ko).toContain('파일이 너무 크다');
  });
});

describe('decodeText', () => {
  it('accepts UTF-8 (dropping a BOM) and Korean text', () => {
    expect(decodeText(strToU8('\uFEFFname: 웹'))).toEqual({ text: 'name: 웹' });
  });

  it('names the line and column of the first byte that is not UTF-8 (e.g. a file saved as EUC-KR)', () => {
    const euckr = new Uint8Array([...strToU8('a: 1\nb: '), 0xc7, 0xd1, 0x0a]);
    expect(decodeText(euckr)).toMatchObject({ refusal: { code: 'NotUtf8', line: 2, column: 4 } });
  });

  it('tells UTF-16 and binary files apart', () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toMatchObject({ refusal: { code: 'Utf16' } });
    expect(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x00]))).toMatchObject({ refusal: { code: 'Binary', line: 2, column: 1 } });
  });
});

describe('readZip', () => {
  const zip = (files: Record<string, string>): Uint8Array => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));

  it('reads the graded files of a zipped folder, without the folder they share', () => {
    const r = readZip(zip({ 'alice/web.yaml': POD, 'alice/README.md': '#', '__MACOSX/alice/._web.yaml': 'x' }), 'alice.zip', PATTERNS);
    expect(r.files.map((f) => f.path)).toEqual(['web.yaml']);
    expect(r.ignored).toEqual(['README.md', '__MACOSX/alice/._web.yaml']);
  });

  it('refuses entries whose paths leave the archive, and never writes anything', () => {
    const r = readZip(zip({ '../../evil.yaml': POD, '/etc/abs.yaml': POD, 'ok.yaml': POD }), 's.zip', PATTERNS);
    expect(r.files.map((f) => f.path)).toEqual(['ok.yaml']);
    expect(r.rejected.map((p) => [p.position.file, p.code])).toEqual([
      ['../../evil.yaml', 'UnsafeZipPath'],
      ['/etc/abs.yaml', 'UnsafeZipPath'],
    ]);
  });

  it('stops inflating an entry as soon as it passes the file limit, whatever size it claims', () => {
    const bomb = zipSync({ 'bomb.yaml': [new Uint8Array(20 * 1024 * 1024), { level: 9 }] });
    expect(bomb.length).toBeLessThan(100_000);
    const r = readZip(bomb, 'bomb.zip', PATTERNS);
    expect(r.rejected).toMatchObject([{ code: 'FileTooLarge', position: { file: 'bomb.yaml' } }]);
    // Lie about the size in both headers: the inflater still stops at the limit.
    const lying = bomb.slice();
    const view = new DataView(lying.buffer);
    for (let i = 0; i < lying.length - 4; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 10, true);
      if (sig === 0x02014b50) view.setUint32(i + 24, 10, true);
    }
    const r2 = readZip(lying, 'bomb.zip', PATTERNS);
    expect(r2.rejected).toMatchObject([{ code: 'ZipBomb', position: { file: 'bomb.yaml' } }]);
    expect(r2.rejected[0]!.message.en).toContain('possibly a zip bomb');
  });

  it('refuses symbolic links, encrypted entries, too many entries and what is not a zip', () => {
    const withLink = zipSync({ 'link.yaml': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] });
    expect(readZip(withLink, 's.zip', PATTERNS).rejected).toMatchObject([{ code: 'Symlink' }]);
    const many = zipSync(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, strToU8('x')])));
    expect(readZip(many, 'many.zip', PATTERNS, { maxZipEntries: 20 }).rejected).toMatchObject([{ code: 'ZipTooManyEntries', position: { file: 'many.zip' } }]);
    expect(readZip(strToU8('PK\u0003\u0004 not really'), 'x.zip', PATTERNS).rejected).toMatchObject([{ code: 'ZipCorrupt' }]);
  });
});

describe('loadManifests limits', () => {
  it('refuses a file with too many documents without parsing it, naming the line', () => {
    const r = loadManifests('many.yaml', `${POD}---\n`.repeat(600));
    expect(r.manifests).toEqual([]);
    expect(r.problems).toMatchObject([{ code: 'TooManyDocuments', position: { file: 'many.yaml', line: 2500, column: 1 } }]);
    expect(r.problems[0]!.message.en).toContain('at most 500');
    expect(loadManifests('ok.yaml', `${POD}---\n`.repeat(10)).manifests).toHaveLength(10);
  });

  it('refuses nesting deeper than the limit, in flow and block style, even past the parser stack', () => {
    const flow = `a: ${'['.repeat(150)}${']'.repeat(150)}`;
    expect(loadManifests('f.yaml', flow).problems).toMatchObject([{ code: 'TooDeep', position: { file: 'f.yaml', line: 1 } }]);
    const block = Array.from({ length: 120 }, (_, i) => `${'  '.repeat(i)}k:`).join('\n') + ' 1\n';
    expect(loadManifests('b.yaml', block).problems).toMatchObject([{ code: 'TooDeep' }]);
    const huge = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(loadManifests('h.yaml', huge).problems).toMatchObject([{ code: 'TooDeep' }]);
    expect(loadManifests('ok.yaml', `a: ${'['.repeat(50)}${']'.repeat(50)}`).problems.map((p) => p.code)).not.toContain('TooDeep');
  });

  it('stops a billion-laughs alias expansion with a clear message', () => {
    const lol = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
    const r = loadManifests('lol.yaml', lol);
    expect(r.problems).toMatchObject([{ code: 'TooManyAliases', position: { line: 1 } }]);
    expect(r.problems[0]!.message.en).toContain('at most 100 times');
  });

  it('are applied by loadSubmission with the limits it is given', () => {
    const s = loadSubmission([{ path: 'x.yaml', text: `${POD}---\n${POD}---\n${POD}` }], [], { ...DEFAULT_LIMITS, maxDocuments: 2 });
    expect(s.problems.map((p) => p.code)).toEqual(['TooManyDocuments']);
  });

  it('refuse text handed over directly (the lab panel) past the file, count and total limits, before parsing it', () => {
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 100, maxFiles: 2, maxTotalBytes: 100 };
    // 40 Hangul syllables: 40 UTF-16 units, 120 UTF-8 bytes.
    const hangul = `# ${'파'.repeat(40)}\n`;
    const s = loadSubmission(
      [
        { path: 'a.yaml', text: hangul },
        { path: 'b.yaml', text: 'kind: ConfigMap\n' },
        { path: 'c.yaml', text: 'x'.repeat(90) },
        { path: 'd.yaml', text: '# ok\n' },
        { path: 'e.yaml', text: '# over the count\n' },
        { path: 'huge.yaml', text: `a: ${'x'.repeat(50_000_000)}` },
      ],
      [],
      limits,
    );
    expect(s.problems.filter((p) => ['FileTooLarge', 'TooManyFiles', 'TotalTooLarge'].includes(p.code)).map((p) => [p.position.file, p.code])).toEqual([
      ['a.yaml', 'FileTooLarge'],
      ['c.yaml', 'TotalTooLarge'],
      ['e.yaml', 'TooManyFiles'],
      ['huge.yaml', 'FileTooLarge'],
    ]);
    expect(s.problems.find((p) => p.position.file === 'a.yaml')!.message.en).toBe('file too large (123 bytes, at most 100 bytes = 0 MiB); manifests are usually a few KB');
    expect(s.problems.find((p) => p.position.file === 'huge.yaml')!.message.ko).toContain('파일이 너무 크다');
  });
});

describe('the pod budget', () => {
  const deploy = (name: string, replicas: number): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: "nginx:1.27"}]}\n`;

  it('leaves out of the cluster a workload that would take the submission past it, naming the field', () => {
    const s = loadSubmission([{ path: 'a.yaml', text: `${deploy('small', 600)}---\n${deploy('big', 500)}---\n${deploy('tiny', 400)}` }]);
    expect(s.manifests).toHaveLength(3);
    expect(s.applicable.map((m) => m.object.metadata.name)).toEqual(['small', 'tiny']);
    expect(s.problems).toMatchObject([{ code: 'TooManyPods', position: { file: 'a.yaml', line: 15, column: 3 } }]);
    expect(s.problems[0]!.message.en).toBe('asks for 500 pods: the grading simulator runs at most 1000 pods per submission. This Deployment was not applied to the cluster.');
  });

  it('counts Jobs by parallelism or completions and HPAs by maxReplicas', () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  completions: 5000\n  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}\n';
    expect(loadSubmission([{ path: 'j.yaml', text: job }]).problems.map((p) => [p.code, p.position.line])).toContainEqual(['TooManyPods', 5]);
  });
});

describe('readSubmission (disk)', () => {
  it('never follows a symbolic link, inside or outside the submission, and says where it points', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orchestra-links-'));
    mkdirSync(join(dir, 's'));
    writeFileSync(join(dir, 's', 'web.yaml'), POD);
    symlinkSync('/etc/passwd', join(dir, 's', 'passwd.yaml'));
    symlinkSync('web.yaml', join(dir, 's', 'again.yaml'));
    symlinkSync('/etc', join(dir, 's', 'etc'));
    const r = readSubmission(join(dir, 's'), PATTERNS);
    expect(r.files.map((f) => f.path)).toEqual(['web.yaml']);
    expect(r.ignored).toEqual(['etc']);
    expect(r.rejected.map((p) => [p.position.file, p.code])).toEqual([
      ['again.yaml', 'Symlink'],
      ['passwd.yaml', 'Symlink'],
    ]);
    expect(r.rejected[1]!.message.en).toBe('symbolic links are not followed: this one points outside the submission (/etc/passwd). Submit the file itself.');
    expect(r.rejected[0]!.message.en).toBe('symbolic links are not followed (this one points to web.yaml). Submit the file itself.');
  });

  it('reads a .zip submission from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orchestra-zip-'));
    writeFileSync(join(dir, 'bob.zip'), zipSync({ 'bob/web.yaml': strToU8(POD) }));
    expect(readSubmission(join(dir, 'bob.zip'), PATTERNS).files.map((f) => f.path)).toEqual(['web.yaml']);
  });
});

describe('a submission with many other files', () => {
  it('lists the first 200 ignored files and counts the rest', () => {
    const c = new SubmissionCollector(PATTERNS);
    for (let i = 0; i < 250; i++) c.ignore(`notes/${String(i).padStart(3, '0')}.txt`);
    const r = c.result();
    expect(r.ignored).toHaveLength(201);
    expect(r.ignored.at(-1)).toBe('… (+50)');
  });
});
