import type { GradeResult } from '../result.ts';

/** The GradeResult as pretty JSON, with a trailing newline. */
export function toJson(result: GradeResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
