/**
 * The virtual clock: an ordered event queue. Nothing in the simulator reads wall time; time moves only
 * when `advanceTo`/`runDue` is called, and events at the same instant run in the order they were queued.
 */
export type Task = () => void;

interface Entry {
  at: number;
  seq: number;
  task: Task;
  cancelled: boolean;
}

export interface Timer {
  cancel(): void;
  readonly at: number;
}

/** Times are milliseconds since the cluster was created. */
export class Clock {
  private nowMs = 0;
  private seq = 0;
  private heap: Entry[] = [];
  /** Number of tasks run so far (the simulator's work budget is counted in these). */
  executed = 0;
  /** The origin of creationTimestamps and other API times. */
  readonly epochMs: number;

  constructor(epochMs: number) {
    this.epochMs = epochMs;
  }

  get now(): number {
    return this.nowMs;
  }

  private stampSecond = Number.NaN;
  private stamp = '';

  /** RFC 3339 time as the API server writes it (second precision). */
  timestamp(atMs = this.nowMs): string {
    const second = Math.floor(atMs / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = new Date(this.epochMs + second * 1000).toISOString().replace('.000Z', 'Z');
    }
    return this.stamp;
  }

  private microMs = Number.NaN;
  private micro = '';

  /** metav1.MicroTime as the API server writes it (RFC3339Micro, k8s.io/apimachinery pkg/apis/meta/v1/micro_time.go), e.g. a Lease's renewTime. */
  microTimestamp(atMs = this.nowMs): string {
    if (atMs !== this.microMs) {
      this.microMs = atMs;
      this.micro = new Date(this.epochMs + atMs).toISOString().replace('Z', '000Z');
    }
    return this.micro;
  }

  /** Recently parsed timestamps: the node lifecycle controller reads the same Lease renewTime and heartbeat times every 5 s. */
  private readonly parsed = new Map<string, number | undefined>();

  /** Milliseconds since start for an API timestamp written by `timestamp`. */
  parse(timestamp: string | undefined): number | undefined {
    if (!timestamp) return undefined;
    if (this.parsed.has(timestamp)) return this.parsed.get(timestamp);
    const t = Date.parse(timestamp);
    const ms = Number.isNaN(t) ? undefined : t - this.epochMs;
    if (this.parsed.size >= 64) this.parsed.clear();
    this.parsed.set(timestamp, ms);
    return ms;
  }

  after(delayMs: number, task: Task): Timer {
    return this.at(this.nowMs + Math.max(0, delayMs), task);
  }

  at(atMs: number, task: Task): Timer {
    const entry: Entry = { at: Math.max(atMs, this.nowMs), seq: this.seq++, task, cancelled: false };
    this.push(entry);
    return {
      at: entry.at,
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** When the next live task is due, or undefined when nothing is queued. */
  nextDue(): number | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0]?.at;
  }

  /**
   * Runs every task due at or before `untilMs`, in time order, then sets the clock to `untilMs`.
   * Stops early (returning false) when `budget` tasks have run in this call, or `instantBudget` at one
   * instant (a livelock: components re-triggering each other without time passing).
   */
  advanceTo(untilMs: number, budget = Number.POSITIVE_INFINITY, instantBudget = Number.POSITIVE_INFINITY): boolean {
    let ran = 0;
    let atInstant = 0;
    for (;;) {
      const due = this.nextDue();
      if (due === undefined || due > untilMs) break;
      if (ran >= budget) return false;
      const entry = this.pop()!;
      atInstant = entry.at === this.nowMs ? atInstant + 1 : 1;
      if (atInstant > instantBudget) return false;
      this.nowMs = entry.at;
      ran++;
      this.executed++;
      entry.task();
    }
    this.nowMs = Math.max(this.nowMs, untilMs);
    return true;
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
