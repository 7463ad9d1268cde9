/**
 * The class-run pool: worker threads (piscina) sized to the machine's cores, each with a memory cap;
 * a submission gets a wall-time budget, after which its worker is terminated and replaced. Whatever
 * happens to one submission (a throw, a hang, running out of memory) becomes that submission's error
 * result; the run goes on. Results come back in input order, not completion order.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { GradeResult } from '../grading/result.ts';
import { text, type Text } from '../kube/text.ts';
import type { GradeTask } from './grade-worker.ts';

export interface PoolOptions {
  jobs?: number;
  /** Wall-time budget of one submission, in ms. */
  timeoutMs?: number;
  /** Heap cap of a worker, in MB. */
  memoryMb?: number;
  /** Called as each submission finishes (in completion order). */
  onDone?: (index: number, result: GradeResult | undefined, failure: Text | undefined) => void;
}

export const DEFAULT_SUBMISSION_TIMEOUT_MS = 30_000;

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** Grades every task; `failed` turns a task that never produced a result into its error result. */
export async function gradeInPool(
  tasks: readonly GradeTask[],
  failed: (task: GradeTask, why: Text) => GradeResult,
  options: PoolOptions = {},
): Promise<GradeResult[]> {
  if (tasks.length === 0) return [];
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), tasks.length));
  const pool = new Piscina<GradeTask, GradeResult>({
    filename: new URL('./grade-worker.ts', import.meta.url).href,
    minThreads: jobs,
    maxThreads: jobs,
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.memoryMb ?? 512 },
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_SUBMISSION_TIMEOUT_MS;
  try {
    return await Promise.all(
      tasks.map(async (task, index) => {
        try {
          const result = await pool.run(task, { signal: AbortSignal.timeout(timeoutMs) });
          options.onDone?.(index, result, undefined);
          return result;
        } catch (e) {
          const why = describeFailure(e, timeoutMs);
          options.onDone?.(index, undefined, why);
          return failed(task, why);
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
}

function describeFailure(e: unknown, timeoutMs: number): Text {
  const name = e instanceof Error ? e.name : '';
  const code = (e as { code?: string } | null)?.code ?? '';
  const detail = e instanceof Error ? e.message : String(e);
  if (name === 'AbortError' || name === 'TimeoutError' || /aborted/i.test(detail)) {
    return text(`채점이 ${timeoutMs / 1000}초 안에 끝나지 않아 중단했다`, `grading did not finish within ${timeoutMs / 1000} s and was stopped`);
  }
  if (code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory/i.test(detail)) {
    return text('채점 중 메모리가 한도를 넘어 중단했다', 'grading ran out of memory and was stopped');
  }
  return text(`채점 중 오류가 났다: ${detail}`, `grading crashed: ${detail}`);
}
