/**
 * What a simulated container does once started: how long it runs, how it ends, what it logs.
 * Most images come with a fixed behaviour from the catalog; shell images (busybox, alpine …) run the
 * container's command, of which a small, honest subset is understood: `sleep N`, `sleep infinity`,
 * `exit N`, `true`, `false`, `echo …`, `tail -f …`, `while true; do …; done`, joined with `;` or `&&`,
 * directly or through `sh -c`. An exec lifecycle hook runs through the same interpreter (`execHook`).
 */
import type { ImageBehavior } from './images.ts';

export interface Program {
  /** Milliseconds after start when the process exits on its own; undefined: it runs until stopped. */
  exitAfterMs?: number;
  exitCode: number;
  logs: string[];
}

/** `startedBefore`: how many containers of this image the cluster started before this one (for `failFirstRuns`). */
export function programFor(behavior: ImageBehavior, command: readonly string[] = [], args: readonly string[] = [], startedBefore = 0): Program {
  if (behavior.shell) return runShell([...command, ...args]);
  const logs = [...(behavior.logs ?? [])];
  if (startedBefore < (behavior.failFirstRuns ?? 0)) {
    return { exitAfterMs: (behavior.exitAfterSeconds ?? 0) * 1000, exitCode: 1, logs: [...logs, 'error: transient failure, exiting with code 1'] };
  }
  if (behavior.exitAfterSeconds !== undefined) return { exitAfterMs: behavior.exitAfterSeconds * 1000, exitCode: behavior.exitCode ?? 0, logs };
  if (behavior.crashAfterSeconds !== undefined) return { exitAfterMs: behavior.crashAfterSeconds * 1000, exitCode: behavior.exitCode ?? 1, logs };
  return { exitCode: 0, logs };
}

/**
 * An exec lifecycle hook (`lifecycle.preStop.exec.command`) run in a container of `behavior`'s image:
 * how long it takes (undefined: it never returns) and its exit code. `sleep`, `exit`, `true`, `false`
 * … are understood as in container commands; any other program is the image's own tool, which takes
 * the image's `hookSeconds` (default 0) and exits with its `hookExitCode` (default 0).
 */
export function execHook(behavior: ImageBehavior, command: readonly string[]): { ms?: number; exitCode: number } {
  const program = runShell([...command], { ms: (behavior.hookSeconds ?? 0) * 1000, exitCode: behavior.hookExitCode ?? 0 });
  return { ...(program.exitAfterMs !== undefined ? { ms: program.exitAfterMs } : {}), exitCode: program.exitCode };
}

/** What a program the interpreter does not know does: instant success for container commands, the image's own tool for hooks. */
interface OtherProgram {
  ms: number;
  exitCode: number;
}

const INSTANT_SUCCESS: OtherProgram = { ms: 0, exitCode: 0 };

/** A shell image with no command runs `sh`, which exits at once without a terminal. */
function runShell(argv: string[], other: OtherProgram = INSTANT_SUCCESS): Program {
  if (argv.length === 0) return { exitAfterMs: 0, exitCode: 0, logs: [] };
  const [first, second, ...rest] = argv;
  const script = (first === 'sh' || first === '/bin/sh' || first === 'bash' || first === '/bin/bash') && second === '-c' ? rest.join(' ') : argv.map(quoteIfNeeded).join(' ');
  return runScript(script, other);
}

function quoteIfNeeded(word: string): string {
  return /\s/.test(word) ? `"${word}"` : word;
}

function runScript(script: string, other: OtherProgram): Program {
  const logs: string[] = [];
  if (/\bwhile\s+(true|:)\b/.test(script)) {
    // An endless loop: collect what it says once, then it runs until stopped.
    for (const m of script.matchAll(/echo\s+("([^"]*)"|'([^']*)'|([^;&|]+))/g)) logs.push((m[2] ?? m[3] ?? m[4] ?? '').trim());
    return { exitCode: 0, logs };
  }
  let elapsedMs = 0;
  let exitCode = 0;
  let separator = ';';
  // Statements joined by `;` (or newlines) always run; after `&&` only when the previous one succeeded.
  for (const token of script.split(/(;|&&|\n)/)) {
    if (token === ';' || token === '&&' || token === '\n') {
      separator = token;
      continue;
    }
    const words = token.trim().split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0 || (separator === '&&' && exitCode !== 0)) continue;
    const [cmd, arg] = words as [string, string | undefined];
    if (cmd === 'sleep') {
      if (arg === 'infinity') return { exitCode: 0, logs };
      const unit = arg?.endsWith('h') ? 3600 : arg?.endsWith('m') ? 60 : 1;
      elapsedMs += (Number.parseFloat(arg ?? '0') || 0) * 1000 * unit;
      exitCode = 0;
    } else if (cmd === 'exit') {
      return { exitAfterMs: elapsedMs, exitCode: Number.parseInt(arg ?? '0', 10) || 0, logs };
    } else if (cmd === 'tail' && words.some((w) => w === '-f' || w === '-F' || w.startsWith('--follow'))) {
      // Following a file never ends (-F keeps retrying a file that is not there yet).
      return { exitCode: 0, logs };
    } else if (cmd === 'echo') {
      logs.push(words.slice(1).join(' ').replace(/^["']|["']$/g, ''));
      exitCode = 0;
    } else if (cmd === 'true' || cmd === ':' || cmd === 'false') {
      exitCode = cmd === 'false' ? 1 : 0;
    } else {
      elapsedMs += other.ms;
      exitCode = other.exitCode;
    }
  }
  return { exitAfterMs: elapsedMs, exitCode, logs };
}
