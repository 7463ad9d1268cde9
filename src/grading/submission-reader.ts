/**
 * Turns the raw entries of a submission (files of a folder, entries of a .zip) into what the grader
 * reads: text files that match the lab's patterns, the files refused with a reason, and the files
 * ignored. Browser-safe: the CLI walks the disk and the site reads uploads, and both feed this.
 *
 * Every refusal names the file and says what to do, in Korean and English; nothing is decoded that
 * is larger than the limits allow.
 */
import { text, type Text } from '../kube/text.ts';
import { DEFAULT_LIMITS, type SubmissionLimits } from './limits.ts';
import { fileMatcher } from './patterns.ts';
import type { SubmissionProblem, SubmittedFile } from './submission.ts';

export interface ReadSubmission {
  files: SubmittedFile[];
  /** Files that match the lab's patterns but could not be graded, with the reason. */
  rejected: SubmissionProblem[];
  /** Files present but not graded (outside the lab's patterns, or not regular files). */
  ignored: string[];
}

export type RefusalCode =
  | 'FileTooLarge'
  | 'TotalTooLarge'
  | 'TooManyFiles'
  | 'NotUtf8'
  | 'Utf16'
  | 'Binary'
  | 'Symlink'
  | 'UnsafeZipPath'
  | 'ZipTooLarge'
  | 'ZipTooManyEntries'
  | 'ZipBomb'
  | 'ZipEncrypted'
  | 'ZipUnsupported'
  | 'ZipCorrupt';

const mib = (n: number): string => `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;

export const refusals = {
  fileTooLarge: (size: number, max: number) =>
    text(`파일이 너무 크다 (${size} 바이트, 최대 ${max} 바이트 = ${mib(max)}). 매니페스트는 보통 수 KB다.`, `file too large (${size} bytes, at most ${max} bytes = ${mib(max)}); manifests are usually a few KB`),
  totalTooLarge: (max: number) =>
    text(`제출물 전체가 너무 크다 (최대 ${mib(max)}): 이 파일부터는 읽지 않았다`, `the submission is too large in total (at most ${mib(max)}): this file and the ones after it were not read`),
  tooManyFiles: (max: number) =>
    text(`채점할 파일이 너무 많다 (최대 ${max}개): 이 파일부터는 읽지 않았다`, `too many files to grade (at most ${max}): this file and the ones after it were not read`),
  notUtf8: text('UTF-8 텍스트 파일이 아니다 (EUC-KR/CP949로 저장했다면 UTF-8로 다시 저장하자)', 'not a UTF-8 text file (if it was saved as EUC-KR/CP949 or Latin-1, save it again as UTF-8)'),
  utf16: text('UTF-16으로 저장된 파일이다: UTF-8로 다시 저장하자', 'the file is saved as UTF-16: save it again as UTF-8'),
  binary: text('텍스트가 아닌 바이너리 파일이다', 'a binary file, not text'),
  symlink: (target: string, outside: boolean) =>
    outside
      ? text(`심볼릭 링크는 따라가지 않는다: 이 링크는 제출물 밖(${target})을 가리킨다. 파일 자체를 제출하자.`, `symbolic links are not followed: this one points outside the submission (${target}). Submit the file itself.`)
      : text(`심볼릭 링크는 따라가지 않는다 (${target}을(를) 가리킨다). 파일 자체를 제출하자.`, `symbolic links are not followed (this one points to ${target}). Submit the file itself.`),
  unsafeZipPath: text('zip 안의 경로가 안전하지 않다 (절대 경로이거나 ../로 zip 밖을 가리킨다): 이 항목을 읽지 않았다', 'unsafe path in the zip (absolute, or leaving the archive with ../): the entry was not read'),
  zipTooLarge: (size: number, max: number) => text(`zip 파일이 너무 크다 (${size} 바이트, 최대 ${mib(max)})`, `the zip file is too large (${size} bytes, at most ${mib(max)})`),
  zipTooManyEntries: (count: number, max: number) => text(`zip 안에 항목이 너무 많다 (${count}개, 최대 ${max}개)`, `the zip has too many entries (${count}, at most ${max})`),
  zipBomb: (max: number) =>
    text(`압축을 풀면 ${mib(max)}를 넘는다 (zip 폭탄일 수 있다): 풀기를 멈추고 이 항목을 읽지 않았다`, `it expands beyond ${mib(max)} when decompressed (possibly a zip bomb): decompression was stopped and the entry was not read`),
  zipEncrypted: text('암호가 걸린 zip 항목은 읽을 수 없다', 'an encrypted zip entry cannot be read'),
  zipUnsupported: (method: number) => text(`지원하지 않는 압축 방식(${method})이다: 일반 zip(deflate)으로 다시 압축하자`, `unsupported compression method (${method}): zip it again with plain deflate`),
  zipCorrupt: (detail: string) => text(`zip 파일이 손상되었거나 zip이 아니다 (${detail})`, `the zip file is corrupt or not a zip (${detail})`),
} satisfies Record<string, Text | ((...args: never[]) => Text)>;

/**
 * The size limits in the order they apply: one file's size, the number of files already read, the total
 * so far. The refusal for the first one a file would exceed, or undefined when it may be read.
 */
export function sizeRefusal(limits: SubmissionLimits, size: number, files: number, total: number): { code: RefusalCode; message: Text } | undefined {
  if (size > limits.maxFileBytes) return { code: 'FileTooLarge', message: refusals.fileTooLarge(size, limits.maxFileBytes) };
  if (files >= limits.maxFiles) return { code: 'TooManyFiles', message: refusals.tooManyFiles(limits.maxFiles) };
  if (total + size > limits.maxTotalBytes) return { code: 'TotalTooLarge', message: refusals.totalTooLarge(limits.maxTotalBytes) };
  return undefined;
}

/** Most ignored files a result lists by name. */
export const MAX_IGNORED_LISTED = 200;

/** Collects a submission entry by entry, applying the lab's patterns and the limits in order. */
export class SubmissionCollector {
  private readonly out: ReadSubmission = { files: [], rejected: [], ignored: [] };
  private readonly matches: (path: string) => boolean;
  private readonly limits: SubmissionLimits;
  private totalBytes = 0;

  constructor(patterns: readonly string[], limits: Partial<SubmissionLimits> = {}) {
    this.matches = fileMatcher(patterns);
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Whether the lab grades this path (forward slashes, relative to the submission root). */
  wants(path: string): boolean {
    return this.matches(path);
  }

  ignore(path: string): void {
    this.out.ignored.push(path);
  }

  refuse(path: string, code: RefusalCode, message: Text): void {
    this.out.rejected.push({ code, message, position: { file: path, line: 1, column: 1 } });
  }

  /**
   * Whether a file of this size can still be read; refuses it (and says why) when not. Call before
   * reading the bytes, so nothing too large is ever read.
   */
  admit(path: string, size: number): boolean {
    const refused = sizeRefusal(this.limits, size, this.out.files.length, this.totalBytes);
    if (refused) this.refuse(path, refused.code, refused.message);
    return !refused;
  }

  /** Adds a file's bytes (admitted first): decoded as UTF-8 text, or refused as binary / not UTF-8. */
  add(path: string, bytes: Uint8Array): void {
    if (!this.admit(path, bytes.length)) return;
    this.totalBytes += bytes.length;
    const decoded = decodeText(bytes);
    if ('refusal' in decoded) {
      const { code, message, line, column } = decoded.refusal;
      this.out.rejected.push({ code, message, position: { file: path, line, column } });
      return;
    }
    this.out.files.push({ path, text: decoded.text });
  }

  result(): ReadSubmission {
    const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const ignored = [...this.out.ignored].sort(byPath);
    return {
      files: [...this.out.files].sort((a, b) => byPath(a.path, b.path)),
      rejected: [...this.out.rejected].sort((a, b) => byPath(a.position.file, b.position.file)),
      // A repository can hold thousands of other files: list the first ones and say how many more.
      ignored: ignored.length > MAX_IGNORED_LISTED ? [...ignored.slice(0, MAX_IGNORED_LISTED), `… (+${ignored.length - MAX_IGNORED_LISTED})`] : ignored,
    };
  }
}

type Decoded = { text: string } | { refusal: { code: RefusalCode; message: Text; line: number; column: number } };

/** UTF-8 text (without a BOM), or why not, with the line and column of the first bad byte. */
export function decodeText(bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { refusal: { code: 'Utf16', message: refusals.utf16, line: 1, column: 1 } };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { refusal: { code: 'Binary', message: refusals.binary, ...lineColumnAt(bytes, nul) } };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const bad = lossy.indexOf('\uFFFD');
    const before = lossy.slice(0, Math.max(0, bad));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { refusal: { code: 'NotUtf8', message: refusals.notUtf8, line, column } };
  }
}

function lineColumnAt(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
