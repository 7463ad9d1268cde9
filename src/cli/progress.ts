/**
 * Progress of a class run, on standard error: a bar (cli-progress) on a terminal, plain lines
 * elsewhere (CI logs), one per finished submission.
 */
import cliProgress from 'cli-progress';
import type { GradeResult } from '../grading/result.ts';
import { fmt } from '../grading/reporters/format.ts';
import type { Lang } from '../kube/text.ts';

export interface Progress {
  done(name: string, result: GradeResult | undefined, failure: string | undefined): void;
  stop(): void;
}

export function createProgress(total: number, options: { tty: boolean; lang: Lang; write: (s: string) => void; stream?: NodeJS.WritableStream }): Progress {
  let finished = 0;
  if (options.tty && options.stream) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.lang === 'ko' ? '채점' : 'grading'} [{bar}] {value}/{total} {percentage}% · {eta_formatted} · {name}`,
        stream: options.stream,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { name: '' });
    return {
      done(name) {
        finished++;
        bar.update(finished, { name });
      },
      stop: () => bar.stop(),
    };
  }
  const width = String(total).length;
  return {
    done(name, result, failure) {
      finished++;
      const score = result ? `${fmt(result.score)}/${fmt(result.maxScore)}` : '!';
      options.write(`[${String(finished).padStart(width)}/${total}] ${name} ${score}${failure ? ` ${failure}` : ''}\n`);
    },
    stop() {},
  };
}
