/** The wall clock and timers the grading runner is given (src/grading reads no clock of its own). */
import type { RunTiming } from '../grading/runner.ts';

export const nodeTiming: RunTiming = {
  now: () => performance.now(),
  timeout(ms) {
    let handle: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<void>((done) => {
      handle = setTimeout(done, ms);
      handle.unref?.();
    });
    return { expired, cancel: () => clearTimeout(handle) };
  },
};
