/**
 * Reads a submission from disk: one file, a folder or a .zip, keeping the files that match the lab's
 * `submission.files` patterns (src/grading/submission-reader.ts applies the patterns and the limits).
 * Symbolic links inside the submission are never followed; a file's size is checked before it is read.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SubmissionLimits } from '../grading/limits.ts';
import { DEFAULT_LIMITS } from '../grading/limits.ts';
import { SubmissionCollector, refusals, type ReadSubmission } from '../grading/submission-reader.ts';
import { looksLikeZip, readZip } from '../grading/zip.ts';
import { text } from '../kube/text.ts';
import { UsageError } from './usage-error.ts';

export type { ReadSubmission } from '../grading/submission-reader.ts';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.orchestra-out']);

/** Deepest folder nesting walked inside a submission. */
const MAX_DIR_DEPTH = 32;
/** Most directory entries looked at in one submission (a tree of millions of files costs no more). */
const MAX_ENTRIES = 20_000;

export function readSubmission(path: string, patterns: readonly string[], limits: Partial<SubmissionLimits> = {}): ReadSubmission {
  const all = { ...DEFAULT_LIMITS, ...limits };
  let stat;
  try {
    // The path the user named may itself be a link (their choice); nothing inside it is followed.
    stat = statSync(path);
  } catch {
    throw new UsageError(text(`제출물을 찾을 수 없다: ${path}`, `submission not found: ${path}`));
  }
  if (stat.isFile() && path.toLowerCase().endsWith('.zip')) return readZipFile(path, patterns, all);
  const collector = new SubmissionCollector(patterns, all);
  if (stat.isFile()) {
    const name = basename(path);
    readOne(path, name, collector, all.maxFileBytes);
    return collector.result();
  }
  if (!stat.isDirectory()) throw new UsageError(text(`파일이나 폴더가 아니다: ${path}`, `not a file or folder: ${path}`));
  const root = resolve(path);
  let seen = 0;
  const walk = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (++seen > MAX_ENTRIES) return;
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isSymbolicLink()) {
        if (!collector.wants(rel)) {
          collector.ignore(rel);
          continue;
        }
        const target = safeReadlink(full);
        const resolved = resolve(dir, target);
        const outside = isAbsolute(target) || relative(root, resolved).startsWith('..');
        collector.refuse(rel, 'Symlink', refusals.symlink(outside ? target : relative(root, resolved).split(sep).join('/'), outside));
        continue;
      }
      if (entry.isDirectory()) {
        if (SKIP_DIRS.has(entry.name)) collector.ignore(`${rel}/`);
        else if (depth >= MAX_DIR_DEPTH) collector.ignore(`${rel}/`);
        else walk(full, depth + 1);
        continue;
      }
      if (!entry.isFile() || !collector.wants(rel)) {
        collector.ignore(rel);
        continue;
      }
      readOne(full, rel, collector, all.maxFileBytes);
    }
  };
  walk(root, 0);
  return collector.result();
}

/** Reads one regular file: its size is checked before its bytes are read (a 50 MB file costs a stat). */
function readOne(full: string, rel: string, collector: SubmissionCollector, maxBytes: number): void {
  const size = lstatSync(full).size;
  if (!collector.admit(rel, size)) return;
  const bytes = readAtMost(full, maxBytes + 1);
  collector.add(rel, bytes);
}

function readZipFile(path: string, patterns: readonly string[], limits: SubmissionLimits): ReadSubmission {
  const size = statSync(path).size;
  const name = basename(path);
  if (size > limits.maxZipBytes) {
    const collector = new SubmissionCollector(patterns, limits);
    collector.refuse(name, 'ZipTooLarge', refusals.zipTooLarge(size, limits.maxZipBytes));
    return collector.result();
  }
  const bytes = readAtMost(path, limits.maxZipBytes + 1);
  if (!looksLikeZip(bytes)) {
    const collector = new SubmissionCollector(patterns, limits);
    collector.refuse(name, 'ZipCorrupt', refusals.zipCorrupt('no zip header'));
    return collector.result();
  }
  return readZip(bytes, name, patterns, limits);
}

/** At most `max` bytes of a file (a file growing while it is read cannot exceed the limit). */
function readAtMost(path: string, max: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = Math.min(fstatSync(fd).size, max);
    const buf = new Uint8Array(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}
