/**
 * Runs a simulated cluster on the wall clock: every tick (and before every request) the virtual
 * clock is advanced to (wall time elapsed × speed) plus whatever was skipped ahead on purpose
 * (`advance` steps). The simulator itself never reads the wall clock; this driver is the only
 * place that does.
 */
import type { Cluster } from '../sim/cluster.ts';

export class WallClockDriver {
  private readonly cluster: Cluster;
  readonly speed: number;
  private readonly tickMs: number;
  private readonly started = performance.now();
  private readonly startSim: number;
  private skippedMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Called with an error the simulation threw while advancing (the driver keeps going). */
  onError: (e: unknown) => void = () => undefined;

  constructor(cluster: Cluster, speed: number, tickMs = 50) {
    if (!(speed > 0)) throw new Error(`speed must be positive, got ${speed}`);
    this.cluster = cluster;
    this.speed = speed;
    this.tickMs = tickMs;
    this.startSim = cluster.ctx.clock.now;
  }

  start(): void {
    this.timer ??= setInterval(() => this.sync(), this.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Where the virtual clock should be now, in simulated ms since the cluster started. */
  target(): number {
    return this.startSim + (performance.now() - this.started) * this.speed + this.skippedMs;
  }

  /** Brings the virtual clock up to the wall clock. */
  sync(): void {
    if (this.running) return;
    this.running = true;
    try {
      const clock = this.cluster.ctx.clock;
      const target = Math.floor(this.target());
      if (target > clock.now) this.cluster.advance(target - clock.now);
      else this.cluster.advance(0);
    } catch (e) {
      this.onError(e);
    } finally {
      this.running = false;
    }
  }

  /** Jumps the simulation ahead by `ms` (an `advance` step): the wall clock keeps running from there. */
  skip(ms: number): void {
    this.skippedMs += ms;
    this.sync();
  }

  /** Epoch milliseconds of the simulated now, for API timestamps and ages. */
  nowEpochMs(): number {
    const clock = this.cluster.ctx.clock;
    return clock.epochMs + clock.now;
  }
}
