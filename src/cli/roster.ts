/**
 * A class roster: which submission folder (or .zip) belongs to which student id. A CSV with a header
 * row, read by csv-parse; either Orchestra's own columns `student_id,folder`, or a GitHub Classroom
 * roster export (`identifier,github_username,…`), whose repositories are named `<assignment>-<username>`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { text } from '../kube/text.ts';
import { UsageError } from './usage-error.ts';

export interface RosterEntry {
  studentId: string;
  /** The folder name, or the GitHub username whose repository folder ends in `-<username>`. */
  folder: string;
  byUsername: boolean;
}

const ID_COLUMNS = ['student_id', 'identifier', 'id', 'sis_id', 'student'];
const FOLDER_COLUMNS = ['folder', 'submission', 'directory'];
const USER_COLUMNS = ['github_username', 'username', 'login'];

export function readRoster(path: string): RosterEntry[] {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(text(`명단 파일을 읽을 수 없다: ${path}`, `cannot read the roster: ${path}`));
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(source.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (e) {
    throw new UsageError(text(`명단 CSV를 읽을 수 없다 (${path}): ${(e as Error).message}`, `the roster CSV cannot be read (${path}): ${(e as Error).message}`));
  }
  const header = Object.keys(rows[0] ?? {});
  const idCol = ID_COLUMNS.find((c) => header.includes(c));
  const folderCol = FOLDER_COLUMNS.find((c) => header.includes(c));
  const userCol = USER_COLUMNS.find((c) => header.includes(c));
  if (!idCol || (!folderCol && !userCol)) {
    throw new UsageError(
      text(
        `명단 ${path}에 학생 id 열(${ID_COLUMNS.join(', ')})과 폴더 열(${[...FOLDER_COLUMNS, ...USER_COLUMNS].join(', ')})이 있어야 한다`,
        `the roster ${path} needs a student id column (${ID_COLUMNS.join(', ')}) and a folder column (${[...FOLDER_COLUMNS, ...USER_COLUMNS].join(', ')})`,
      ),
    );
  }
  const seen = new Set<string>();
  const entries: RosterEntry[] = [];
  rows.forEach((row, i) => {
    const studentId = row[idCol] ?? '';
    const folder = (folderCol ? row[folderCol] : undefined) || (userCol ? row[userCol] : '') || '';
    if (!studentId) return;
    if (seen.has(studentId)) throw new UsageError(text(`명단 ${path}:${i + 2}: 학생 id ${studentId}이(가) 두 번 나온다`, `roster ${path}:${i + 2}: student id ${studentId} appears twice`));
    seen.add(studentId);
    entries.push({ studentId, folder, byUsername: !(folderCol && row[folderCol]) });
  });
  return entries;
}

/** The roster entry a submission folder belongs to: the same name, or a Classroom repository `<assignment>-<username>`. */
export function rosterEntryFor(roster: readonly RosterEntry[], folder: string): RosterEntry | undefined {
  const bare = folder.replace(/\.zip$/i, '');
  const lower = bare.toLowerCase();
  return (
    roster.find((e) => e.folder !== '' && (e.folder === bare || e.folder === folder)) ??
    [...roster]
      .filter((e) => e.byUsername && e.folder !== '')
      .sort((a, b) => b.folder.length - a.folder.length)
      .find((e) => lower === e.folder.toLowerCase() || lower.endsWith(`-${e.folder.toLowerCase()}`))
  );
}
