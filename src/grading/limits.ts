/**
 * How much a submission may be. A student's files are untrusted input: each bound below turns what
 * would be a hang, a crash or an exhausted machine into a clear error that names the file.
 */
export interface SubmissionLimits {
  /** Bytes of one file (after decompression, for a .zip). */
  maxFileBytes: number;
  /** Bytes of all graded files together. */
  maxTotalBytes: number;
  /** Files graded (matching the lab's patterns). */
  maxFiles: number;
  /** Entries of a .zip, graded or not. */
  maxZipEntries: number;
  /** Bytes of the .zip file itself. */
  maxZipBytes: number;
  /** YAML documents in one file. */
  maxDocuments: number;
  /** Nesting of mappings and sequences in one document. */
  maxDepth: number;
  /** Alias expansions in one document (the "billion laughs" guard). */
  maxAliasCount: number;
  /** Pods the submission's workloads may ask the simulator for, all together. */
  maxPods: number;
}

export const DEFAULT_LIMITS: SubmissionLimits = {
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 5 * 1024 * 1024,
  maxFiles: 200,
  maxZipEntries: 2000,
  maxZipBytes: 10 * 1024 * 1024,
  maxDocuments: 500,
  maxDepth: 100,
  maxAliasCount: 100,
  maxPods: 1000,
};
