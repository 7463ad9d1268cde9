/** Which submitted paths a lab grades: its `submission.files` globs, matched on forward-slash paths. */
import picomatch from 'picomatch/posix.js';

export function fileMatcher(patterns: readonly string[]): (path: string) => boolean {
  const match = picomatch([...patterns], { dot: false });
  return (path) => match(path);
}
