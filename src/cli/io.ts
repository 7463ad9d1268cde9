/** What a CLI command talks to: its output streams, environment and working folder (tests pass their own). */
import type { Lang, Text } from '../kube/text.ts';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  /** Whether standard output is a terminal (colour). */
  isTty: boolean;
  /** Whether standard error is a terminal (progress bar). */
  errIsTty?: boolean;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface Cli {
  io: CliIo;
  lang: Lang;
  cwd: string;
  t(text: Text): string;
  /** The process's exit code once the command is done. */
  exit(code: number): void;
}

export const EXIT_GRADED = 0;
export const EXIT_BELOW = 1;
export const EXIT_USAGE = 2;
