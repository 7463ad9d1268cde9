/**
 * The hostile corpus: submissions built to hang, crash or exhaust the grader. Each is graded through
 * the real CLI, all in one child process that measures each run's time and the process's peak memory
 * (tests/hostile/measure.ts), and must come back graded, with a clear error naming the file, no crash,
 * in under 2 s, the process never holding 512 MB. The small ones are committed beside this
 * file; the big ones (a 50 MB file, 100,000 documents, a zip bomb …) are generated here, in a temp folder.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Deflate, strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassRun } from '../../src/grading/class-run.ts';
import type { GradeResult } from '../../src/grading/result.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const HERE = new URL('.', import.meta.url).pathname;
const MEASURE = join(HERE, 'measure.ts');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "nginx:1.27"}]}\n';
let work: string;

interface Case {
  name: string;
  /** Builds the submission under `dir` and returns its path. */
  make(dir: string): string;
  /** The problem code and words the student must see, naming the file. */
  expect: { file: string; en: RegExp; ko: RegExp; score?: number };
}

const committed = (name: string) => (dir: string): string => {
  cpSync(join(HERE, name), join(dir, name), { recursive: true });
  return join(dir, name);
};

const BOMB_BYTES = 128 * 1024 * 1024;
let bomb: Uint8Array | undefined;

/** 128 MiB of zeros deflated (about 130 KB) into a one-entry zip, made once. */
function zipBomb(): Uint8Array {
  bomb ??= makeZipBomb(BOMB_BYTES, 'web.yaml');
  return bomb.slice();
}

/** Deflate `size` zero bytes in 1 MiB steps (never holding them all) into a one-entry zip. */
function makeZipBomb(size: number, entry: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (c) => void chunks.push(c));
  const mib = new Uint8Array(1024 * 1024);
  for (let left = size; left > 0; left -= mib.length) deflate.push(mib.subarray(0, Math.min(mib.length, left)), left <= mib.length);
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) (data.set(c, o), (o += c.length));
  // A stored-method zip of a placeholder, then swapped for the deflated data with honest headers.
  const name = strToU8(entry);
  const local = new Uint8Array(30 + name.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true);
  lv.setUint16(8, 8, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, size >>> 0, true);
  lv.setUint16(26, name.length, true);
  local.set(name, 30);
  const central = new Uint8Array(46 + name.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint16(10, 8, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, size >>> 0, true);
  cv.setUint16(28, name.length, true);
  cv.setUint32(42, 0, true);
  central.set(name, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + data.length, true);
  const out = new Uint8Array(local.length + data.length + central.length + end.length);
  out.set(local, 0);
  out.set(data, local.length);
  out.set(central, local.length + data.length);
  out.set(end, local.length + data.length + central.length);
  return out;
}

const CASES: Case[] = [
  { name: 'alias-bomb', make: committed('alias-bomb'), expect: { file: 'web.yaml', en: /YAML aliases expand too much/, ko: /별칭\(alias\)이 너무 많이 펼쳐진다/ } },
  { name: 'duplicate-keys', make: committed('duplicate-keys'), expect: { file: 'web.yaml:7:3', en: /the same key appears twice/, ko: /같은 키가 두 번 나온다/ } },
  { name: 'invalid-utf8', make: committed('invalid-utf8'), expect: { file: 'web.yaml:6:14', en: /not a UTF-8 text file/, ko: /UTF-8 텍스트 파일이 아니다/ } },
  { name: 'binary', make: committed('binary'), expect: { file: 'web.yaml:3:1', en: /a binary file, not text/, ko: /바이너리 파일이다/ } },
  { name: 'utf16', make: committed('utf16'), expect: { file: 'web.yaml:1:1', en: /saved as UTF-16/, ko: /UTF-16으로 저장된/ } },
  {
    name: '50 MB file',
    make(dir) {
      mkdirSync(join(dir, 'big'));
      writeFileSync(join(dir, 'big', 'web.yaml'), Buffer.alloc(50 * 1024 * 1024, 'a: 1\n'));
      return join(dir, 'big');
    },
    expect: { file: 'web.yaml:1:1', en: /file too large \(52428800 bytes, at most 1048576 bytes/, ko: /파일이 너무 크다/ },
  },
  {
    name: '100,000 documents',
    make(dir) {
      mkdirSync(join(dir, 'docs'));
      writeFileSync(join(dir, 'docs', 'web.yaml'), 'a: 1\n---\n'.repeat(100_000));
      return join(dir, 'docs');
    },
    expect: { file: 'web.yaml:1000:1', en: /too many YAML documents: at most 500/, ko: /YAML 문서가 너무 많다/ },
  },
  {
    name: 'depth 10,000',
    make(dir) {
      mkdirSync(join(dir, 'deep'));
      writeFileSync(join(dir, 'deep', 'web.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
      return join(dir, 'deep');
    },
    expect: { file: 'web.yaml:4', en: /nested too deeply: mappings and sequences may nest at most 100 levels/, ko: /너무 깊게 중첩/ },
  },
  {
    name: 'symlink to /etc/passwd',
    make(dir) {
      mkdirSync(join(dir, 'link'));
      symlinkSync('/etc/passwd', join(dir, 'link', 'web.yaml'));
      return join(dir, 'link');
    },
    expect: { file: 'web.yaml:1:1', en: /symbolic links are not followed: this one points outside the submission \(\/etc\/passwd\)/, ko: /심볼릭 링크는 따라가지 않는다/ },
  },
  {
    name: 'zip bomb',
    make(dir) {
      writeFileSync(join(dir, 'bomb.zip'), zipBomb());
      return join(dir, 'bomb.zip');
    },
    expect: { file: 'web.yaml:1:1', en: /file too large \(134217728 bytes/, ko: /파일이 너무 크다/ },
  },
  {
    name: 'zip bomb that lies about its size',
    make(dir) {
      const bomb = zipBomb();
      const v = new DataView(bomb.buffer);
      v.setUint32(22, 100, true); // local header: uncompressed size
      const cd = bomb.length - 22 - 46 - 'web.yaml'.length;
      v.setUint32(cd + 24, 100, true); // central directory: uncompressed size
      writeFileSync(join(dir, 'liar.zip'), bomb);
      return join(dir, 'liar.zip');
    },
    expect: { file: 'web.yaml:1:1', en: /possibly a zip bomb/, ko: /zip 폭탄일 수 있다/ },
  },
  {
    name: '100,000 replicas',
    make(dir) {
      mkdirSync(join(dir, 'replicas'));
      writeFileSync(join(dir, 'replicas', 'web.yaml'), readFileSync(join(ROOT, 'labs', 'first-deployment', 'solution', 'web.yaml'), 'utf8').replace(/replicas: \d+/, 'replicas: 100000'));
      return join(dir, 'replicas');
    },
    expect: { file: 'web.yaml:8:3', en: /asks for 100000 pods: the grading simulator runs at most 1000 pods per submission/, ko: /파드를 100000개 요청한다/, score: 10 },
  },
  {
    name: 'zip with ../ paths',
    make(dir) {
      writeFileSync(join(dir, 'slip.zip'), zipSync({ '../../../tmp/evil.yaml': strToU8(POD), 'sub/../../evil2.yaml': strToU8(POD) }));
      return join(dir, 'slip.zip');
    },
    expect: { file: '../../../tmp/evil.yaml:1:1', en: /unsafe path in the zip/, ko: /zip 안의 경로가 안전하지 않다/ },
  },
];

interface Measured {
  runs: { code: number; stdout: string; stderr: string; ms: number }[];
  maxRssMb: number;
}

/** Runs each command line through the CLI in one child process (tests/hostile/measure.ts). */
function measure(commands: string[][]): Promise<Measured> {
  const file = join(work, `commands-${commands.length}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(commands));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MEASURE, file], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(JSON.parse(stdout) as Measured) : fail(new Error(`measure exited ${code}: ${stderr}`))));
  });
}

let corpus: Measured;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'orchestra-hostile-'));
  const paths = CASES.map((c) => c.make(mkdtempSync(join(work, 'case-'))));
  corpus = await measure(paths.map((p) => ['grade', 'first-deployment', p, '--format', 'json', '--lang', 'en']));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hostile corpus', () => {
  it('all of it is graded in one process that never holds 512 MB', () => {
    expect(corpus.runs).toHaveLength(CASES.length);
    expect(corpus.maxRssMb, 'MB').toBeLessThan(512);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s: graded with a clear error naming the file, no crash, < 2 s', (_name, c, i) => {
    const en = corpus.runs[i]!;
    expect(en.stderr).toBe('');
    expect(en.code).toBe(0);
    const result = JSON.parse(en.stdout) as GradeResult;
    expect(result.status).toBe('graded');
    expect(result.score).toBe(c.expect.score ?? 0);
    const valid = result.checks[0]!;
    expect(valid).toMatchObject({ id: 'manifests-valid', status: 'fail' });
    expect(valid.message.startsWith(c.expect.file), valid.message).toBe(true);
    expect(valid.message).toMatch(c.expect.en);
    expect(en.ms, 'milliseconds').toBeLessThan(2000);
  });

  it('a class made of the whole corpus is graded in one run, in Korean, every student with a clear error', async () => {
    const classDir = join(work, 'class');
    mkdirSync(classDir);
    CASES.forEach((c, i) => {
      const student = join(classDir, `s${String(i).padStart(2, '0')}`);
      mkdirSync(student);
      const path = c.make(student);
      if (path.endsWith('.zip')) {
        cpSync(path, `${student}.zip`);
        rmSync(student, { recursive: true });
      }
    });
    const { runs, maxRssMb } = await measure([['grade-all', 'first-deployment', classDir, '--format', 'json', '--jobs', '2', '--lang', 'ko']]);
    const r = runs[0]!;
    expect(r.code).toBe(0);
    expect(maxRssMb).toBeLessThan(512 * 3);
    const run = JSON.parse(r.stdout) as ClassRun;
    expect(run.results.map((x) => x.submission)).toEqual(CASES.map((_, i) => `s${String(i).padStart(2, '0')}`));
    run.results.forEach((result, i) => {
      expect(result.checks[0]!.status, result.submission).toBe('fail');
      expect(result.checks[0]!.message, CASES[i]!.name).toMatch(CASES[i]!.expect.ko);
    });
    expect(r.ms).toBeLessThan(CASES.length * 2000);
  });
});
