/**
 * PodTopologySpread PreFilter/Filter state (pkg/scheduler/framework/plugins/podtopologyspread/filtering.go).
 * For each DoNotSchedule constraint: the number of matching pods per topology value, over the nodes
 * that have every topology key and pass the node inclusion policies (these values are the "eligible
 * domains", zero counts included), and the two smallest counts (critical paths). A node passes when
 * `matching pods in its domain + 1 (if the pod matches itself) − global minimum ≤ maxSkew`, where the
 * global minimum is 0 while there are fewer eligible domains than minDomains.
 */
import type { StateData } from '../../framework/cycle-state.ts';
import type { SpreadConstraint } from './common.ts';

/** criticalPaths: the two topology values with the fewest matching pods ([0] is always the minimum). */
export class CriticalPaths {
  v0 = '';
  n0 = Number.MAX_SAFE_INTEGER;
  v1 = '';
  n1 = Number.MAX_SAFE_INTEGER;

  update(value: string, num: number): void {
    const i = value === this.v0 ? 0 : value === this.v1 ? 1 : -1;
    if (i === 0) this.n0 = num;
    else if (i === 1) this.n1 = num;
    if (i >= 0) {
      if (this.n0 > this.n1) this.swap();
      return;
    }
    if (num < this.n0) {
      this.v1 = this.v0;
      this.n1 = this.n0;
      this.v0 = value;
      this.n0 = num;
    } else if (num < this.n1) {
      this.v1 = value;
      this.n1 = num;
    }
  }

  private swap(): void {
    [this.v0, this.v1] = [this.v1, this.v0];
    [this.n0, this.n1] = [this.n1, this.n0];
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.v0 = this.v0;
    c.n0 = this.n0;
    c.v1 = this.v1;
    c.n1 = this.n1;
    return c;
  }
}

export class SpreadPreFilterState implements StateData {
  readonly constraints: readonly SpreadConstraint[];
  readonly criticalPaths: CriticalPaths[];
  readonly tpValueToMatchNum: Map<string, number>[];

  constructor(constraints: readonly SpreadConstraint[], tpValueToMatchNum: Map<string, number>[], criticalPaths?: CriticalPaths[]) {
    this.constraints = constraints;
    this.tpValueToMatchNum = tpValueToMatchNum;
    this.criticalPaths =
      criticalPaths ??
      tpValueToMatchNum.map((m) => {
        const p = new CriticalPaths();
        for (const [v, n] of m) p.update(v, n);
        return p;
      });
  }

  /** minMatchNum: the global minimum, 0 while fewer than minDomains domains are eligible. */
  minMatchNum(i: number, minDomains: number): number {
    if (this.tpValueToMatchNum[i]!.size < minDomains) return 0;
    return this.criticalPaths[i]!.n0;
  }

  clone(): StateData {
    return new SpreadPreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.criticalPaths.map((p) => p.clone()),
    );
  }
}
