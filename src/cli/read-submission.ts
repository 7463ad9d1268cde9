/**
 * Reads a submission from disk: one file or a folder, keeping the files that match the lab's
 * `submission.files` patterns. Symlinks are never followed; files that are too large or not UTF-8
 * text are refused with a reason.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { SubmissionProblem, SubmittedFile } from '../grading/submission.ts';
import { text } from '../kube/text.ts';
import { UsageError } from './usage-error.ts';

export const MAX_FILE_BYTES = 1024 * 1024;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.orchestra-out']);

export interface ReadSubmission {
  files: SubmittedFile[];
  rejected: SubmissionProblem[];
  /** Files present but not graded (not matching the lab's patterns). */
  ignored: string[];
}

export function readSubmission(path: string, patterns: readonly string[]): ReadSubmission {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    throw new UsageError(text(`제출물을 찾을 수 없다: ${path}`, `submission not found: ${path}`));
  }
  const out: ReadSubmission = { files: [], rejected: [], ignored: [] };
  const matches = picomatch([...patterns], { dot: false, basename: false });
  if (stat.isFile()) {
    readOne(path, basename(path), out);
    return out;
  }
  if (!stat.isDirectory()) throw new UsageError(text(`파일이나 폴더가 아니다: ${path}`, `not a file or folder: ${path}`));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      const rel = relative(path, full).split(sep).join('/');
      if (entry.isSymbolicLink()) {
        out.ignored.push(rel);
        continue;
      }
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      if (matches(rel)) readOne(full, rel, out);
      else out.ignored.push(rel);
    }
  };
  walk(path);
  return out;
}

function readOne(full: string, rel: string, out: ReadSubmission): void {
  const at = { file: rel, line: 1, column: 1 };
  const size = lstatSync(full).size;
  if (size > MAX_FILE_BYTES) {
    out.rejected.push({ code: 'FileTooLarge', message: text(`파일이 너무 크다 (${size} 바이트, 최대 ${MAX_FILE_BYTES})`, `file too large (${size} bytes, at most ${MAX_FILE_BYTES})`), position: at });
    return;
  }
  const bytes = readFileSync(full);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    out.rejected.push({ code: 'NotUtf8', message: text('UTF-8 텍스트 파일이 아니다', 'not a UTF-8 text file'), position: at });
    return;
  }
  if (content.includes('\u0000')) {
    out.rejected.push({ code: 'Binary', message: text('텍스트가 아닌 바이너리 파일이다', 'a binary file, not text'), position: at });
    return;
  }
  out.files.push({ path: rel, text: content.replace(/^\uFEFF/, '') });
}
