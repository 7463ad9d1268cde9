/**
 * A student's submission as the grader sees it: the files, the objects they declare (with source
 * positions), and every problem found while loading and validating them.
 */
import { loadManifests, type Manifest } from '../kube/load.ts';
import type { SourcePosition } from '../kube/position.ts';
import type { Text } from '../kube/text.ts';
import { formatFieldError, validateObject } from '../kube/validation/index.ts';
import { DEFAULT_LIMITS, type SubmissionLimits } from './limits.ts';
import { withinPodBudget } from './pod-budget.ts';
import { sizeRefusal } from './submission-reader.ts';

export interface SubmittedFile {
  /** Path relative to the submission root, with forward slashes. */
  path: string;
  text: string;
}

export interface SubmissionProblem {
  code: string;
  message: Text;
  position: SourcePosition;
}

export interface Submission {
  files: readonly SubmittedFile[];
  /** Every object the files declare (what static checks read). */
  manifests: readonly Manifest[];
  /** The objects applied to the cluster: all but those past the pod budget (pod-budget.ts). */
  applicable: readonly Manifest[];
  /** YAML errors, unknown kinds and validation errors, in file order. */
  problems: readonly SubmissionProblem[];
}

/** `rejected`: files the reader refused (too large, not UTF-8 …), reported with the rest. */
export function loadSubmission(files: readonly SubmittedFile[], rejected: readonly SubmissionProblem[] = [], limits: SubmissionLimits = DEFAULT_LIMITS): Submission {
  const manifests: Manifest[] = [];
  const problems: SubmissionProblem[] = [...rejected];
  // The limits the CLI's and the zip reader's collector apply (submission-reader.ts), applied again to
  // text handed over directly: what a student pastes into the lab panel, however large, is refused
  // before it is parsed.
  let count = 0;
  let total = 0;
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    // A UTF-8 byte is at most one UTF-16 unit: a text longer than the limit in units is over it in bytes.
    const size = file.text.length > limits.maxFileBytes ? file.text.length : utf8Length(file.text);
    const refused = sizeRefusal(limits, size, count, total);
    if (refused) {
      problems.push({ ...refused, position: { file: file.path, line: 1, column: 1 } });
      continue;
    }
    count++;
    total += size;
    const loaded = loadManifests(file.path, file.text, { maxAliasCount: limits.maxAliasCount, maxDocuments: limits.maxDocuments, maxDepth: limits.maxDepth });
    manifests.push(...loaded.manifests);
    problems.push(...loaded.problems);
    for (const m of loaded.manifests) {
      for (const err of validateObject(m.object)) {
        problems.push({ code: 'Invalid', message: formatFieldError(err), position: m.locate(err.path) });
      }
    }
  }
  const budget = withinPodBudget(manifests, limits.maxPods);
  problems.push(...budget.problems);
  problems.sort((a, b) => (a.position.file !== b.position.file ? (a.position.file < b.position.file ? -1 : 1) : a.position.line - b.position.line || a.position.column - b.position.column));
  return { files, manifests, applicable: budget.applicable, problems };
}

/** The UTF-8 length of a string without encoding it (surrogate pairs count 4 bytes). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
