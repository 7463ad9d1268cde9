/**
 * Integrity of a grading run: the SHA-256 of the grader that produced a result (written into every
 * report), and the refusal of submissions that carry grader or lab files of their own, which could
 * otherwise shadow the instructor's (a `labs/<id>/lab.yaml` or `graders/<id>.ts` found first in the
 * working folder, in CI, is the student's, not the course's).
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { text, type Text } from '../kube/text.ts';

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A lab's metadata, or something named like a grader. */
const SHADOWING = [/^lab\.ya?ml$/, /^graders?\.[cm]?[jt]s$/, /\.grader\.[cm]?[jt]s$/];
/** Code of any name inside a folder called graders/. */
const CODE = /\.[cm]?[jt]sx?$/;

/**
 * Files in a submission folder that look like a lab or a grader (relative, forward slashes): any
 * lab.yaml, code under a graders/ folder, files named like a grader or `<lab id>.ts`; found within a
 * bounded walk. [] for a file or a zip (they are never searched for labs).
 */
export function shadowingFiles(submission: string, labId: string): string[] {
  const found: string[] = [];
  const root = resolve(submission);
  let isDir = false;
  try {
    isDir = lstatSync(root).isDirectory();
  } catch {
    return [];
  }
  if (!isDir) return [];
  const walk = (dir: string, depth: number, underGraders: boolean): void => {
    if (depth > 8 || found.length >= 10) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = relative(root, join(dir, e.name)).split(sep).join('/');
      if (e.isDirectory()) {
        if (e.name === '.git' || e.name === 'node_modules') continue;
        walk(join(dir, e.name), depth + 1, underGraders || e.name === 'graders');
      } else if (SHADOWING.some((re) => re.test(e.name)) || e.name === `${labId}.ts` || (underGraders && CODE.test(e.name))) {
        found.push(rel);
      }
    }
  };
  walk(root, 0, false);
  return found.sort();
}

export function shadowingMessage(files: readonly string[]): Text {
  const list = files.join(', ');
  return text(
    `제출물에 실습이나 채점기 파일이 들어 있어 채점하지 않았다 (${list}). 강사의 채점기를 가릴 수 있는 파일이다: 지우고 다시 제출하자.`,
    `the submission contains lab or grader files (${list}), which could shadow the instructor's grader, so it was not graded: remove them and submit again.`,
  );
}

/** Whether `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}
