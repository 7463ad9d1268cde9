/**
 * Reads a submission from the bytes of a .zip, safely and in memory (nothing is written to disk, so
 * an entry named `../../etc/cron.d/x` can do no harm; it is refused all the same).
 *
 * The central directory is read here (it is where a zip says which entries are symbolic links and
 * whether they are encrypted); entries are inflated with fflate, fed in small chunks and stopped as
 * soon as their output passes the file-size limit, whatever sizes the archive claims: a zip bomb
 * costs at most that limit. Browser-safe.
 */
import { Inflate } from 'fflate';
import type { SubmissionLimits } from './limits.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { refusals, SubmissionCollector, type ReadSubmission } from './submission-reader.ts';

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  isDirectory: boolean;
  isSymlink: boolean;
}

class ZipFormatError extends Error {}

/** The graded files of a zip (paths inside it, without a single top-level folder they all share). */
export function readZip(bytes: Uint8Array, name: string, patterns: readonly string[], limits: Partial<SubmissionLimits> = {}): ReadSubmission {
  const all = { ...DEFAULT_LIMITS, ...limits };
  const collector = new SubmissionCollector(patterns, all);
  if (bytes.length > all.maxZipBytes) {
    collector.refuse(name, 'ZipTooLarge', refusals.zipTooLarge(bytes.length, all.maxZipBytes));
    return collector.result();
  }
  let entries: ZipEntry[];
  try {
    entries = centralDirectory(bytes, all.maxZipEntries);
  } catch (e) {
    if (e instanceof TooManyEntries) collector.refuse(name, 'ZipTooManyEntries', refusals.zipTooManyEntries(e.count, all.maxZipEntries));
    else collector.refuse(name, 'ZipCorrupt', refusals.zipCorrupt(e instanceof Error ? e.message : String(e)));
    return collector.result();
  }
  // Bytes inflated so far, whether kept or not: entries that lie about their size cannot make the
  // reader inflate more than the total limit (plus one file) however many there are.
  let inflated = 0;
  const prefix = sharedTopFolder(entries.filter((e) => !isJunk(e.name)).map((e) => e.name));
  for (const entry of entries) {
    const raw = entry.name;
    if (!isSafePath(raw)) {
      collector.refuse(printable(raw), 'UnsafeZipPath', refusals.unsafeZipPath);
      continue;
    }
    if (entry.isDirectory) continue;
    const path = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
    if (isJunk(raw) || !collector.wants(path)) {
      collector.ignore(path);
      continue;
    }
    if (entry.isSymlink) {
      collector.refuse(path, 'Symlink', refusals.symlink('?', true));
      continue;
    }
    if (entry.flags & 1) {
      collector.refuse(path, 'ZipEncrypted', refusals.zipEncrypted);
      continue;
    }
    if (entry.method !== 0 && entry.method !== 8) {
      collector.refuse(path, 'ZipUnsupported', refusals.zipUnsupported(entry.method));
      continue;
    }
    if (!collector.admit(path, entry.size)) continue;
    if (inflated > all.maxTotalBytes) {
      collector.refuse(path, 'TotalTooLarge', refusals.totalTooLarge(all.maxTotalBytes));
      continue;
    }
    let data: Uint8Array | 'bomb';
    try {
      data = extract(bytes, entry, all.maxFileBytes);
    } catch (e) {
      collector.refuse(path, 'ZipCorrupt', refusals.zipCorrupt(e instanceof Error ? e.message : String(e)));
      continue;
    }
    inflated += data === 'bomb' ? all.maxFileBytes : data.length;
    if (data === 'bomb') collector.refuse(path, 'ZipBomb', refusals.zipBomb(all.maxFileBytes));
    else collector.add(path, data);
  }
  return collector.result();
}

/** Whether the bytes start like a zip (local file header or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

class TooManyEntries extends Error {
  readonly count: number;
  constructor(count: number) {
    super(`${count} entries`);
    this.count = count;
  }
}

function centralDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes plus a comment of at most 65,535 bytes, at the end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipFormatError('zip64 archives are not supported');
  if (count > maxEntries) throw new TooManyEntries(count);
  const entries: ZipEntry[] = [];
  let p = offset;
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw new ZipFormatError(`bad central directory entry ${i + 1}`);
    const madeBy = view.getUint16(p + 4, true) >> 8;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const external = view.getUint32(p + 38, true);
    const localOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLength > bytes.length) throw new ZipFormatError(`entry ${i + 1} runs past the end`);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    const unixMode = madeBy === 3 ? external >>> 16 : 0;
    entries.push({
      name,
      method,
      flags,
      compressedSize,
      size,
      localOffset,
      isDirectory: name.endsWith('/') || (unixMode & 0o170000) === 0o040000,
      isSymlink: (unixMode & 0o170000) === 0o120000,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's bytes, or 'bomb' once its output passes `max` bytes. */
function extract(bytes: Uint8Array, entry: ZipEntry, max: number): Uint8Array | 'bomb' {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50) throw new ZipFormatError(`no local header for ${printable(entry.name)}`);
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipFormatError(`${printable(entry.name)} runs past the end`);
  const compressed = bytes.subarray(start, end);
  if (entry.method === 0) return compressed.length > max ? 'bomb' : compressed.slice();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    if (total > max) over = true;
    else chunks.push(chunk);
  });
  // 1 KiB of deflate input inflates to at most ~1 MiB, so no single push can allocate much.
  const STEP = 1024;
  for (let i = 0; i < compressed.length && !over; i += STEP) inflate.push(compressed.subarray(i, i + STEP), i + STEP >= compressed.length);
  if (over) return 'bomb';
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Relative, forward-slash, no `..` segment, no drive letter. */
function isSafePath(name: string): boolean {
  if (name === '' || name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return false;
  return !name.split('/').some((seg) => seg === '..');
}

/** Files archivers add that no student wrote. */
function isJunk(name: string): boolean {
  return name.startsWith('__MACOSX/') || /(^|\/)\.DS_Store$/.test(name);
}

/** `alice/` when every entry is under `alice/` (a zipped folder), else ''. */
function sharedTopFolder(names: readonly string[]): string {
  const first = names[0];
  const slash = first?.indexOf('/') ?? -1;
  if (!first || slash <= 0) return '';
  const prefix = first.slice(0, slash + 1);
  return names.every((n) => n.startsWith(prefix)) && names.some((n) => n !== prefix) ? prefix : '';
}

function printable(name: string): string {
  return name.replace(/[\u0000-\u001f]/g, '?');
}
