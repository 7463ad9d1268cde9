/**
 * The kubelet's restart back-off (k8s.io/client-go/util/flowcontrol/backoff.go as the kubelet sets it
 * up: 10 s initial, doubling, 300 s cap). An entry older than twice the cap (10 minutes without a new
 * failure) is forgotten, so a container that ran cleanly for 10 minutes starts again at 10 s.
 * KEP-4603 describes the resulting curve: restarts 10 s, 20 s, 40 s … after each crash.
 */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdateMs: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(initialMs = INITIAL_BACKOFF_MS, maxMs = MAX_BACKOFF_MS) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  /** Records a failure at `nowMs` and returns how long to wait before the next attempt. */
  next(key: string, nowMs: number): number {
    const entry = this.entries.get(key);
    const expired = !entry || nowMs - entry.lastUpdateMs > 2 * this.maxMs;
    const backoffMs = expired ? this.initialMs : Math.min(entry.backoffMs * 2, this.maxMs);
    this.entries.set(key, { backoffMs, lastUpdateMs: nowMs });
    return backoffMs;
  }
}
