/**
 * framework.CycleState: what plugins compute in PreFilter/PreScore and read in Filter/Score, for one
 * scheduling cycle. Each plugin owns a slot (an index, so the hot Filter and Score loops avoid map
 * look-ups). Preemption and nominated pods work on clones.
 */
import type { FilterPlugin } from './interfaces.ts';

export interface StateData {
  clone(): StateData;
}

export class CycleState {
  readonly slots: (StateData | undefined)[];
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run. */
  readonly skipScore = new Set<string>();
  /** The Filter plugins that run this cycle (all but the skipped ones), in order. */
  filters: readonly FilterPlugin[] = [];

  constructor(size: number) {
    this.slots = new Array<StateData | undefined>(size).fill(undefined);
  }

  read<T extends StateData>(slot: number): T | undefined {
    return this.slots[slot] as T | undefined;
  }

  write(slot: number, data: StateData | undefined): void {
    this.slots[slot] = data;
  }

  clone(): CycleState {
    const c = new CycleState(this.slots.length);
    for (let i = 0; i < this.slots.length; i++) c.slots[i] = this.slots[i]?.clone();
    for (const s of this.skipFilter) c.skipFilter.add(s);
    for (const s of this.skipScore) c.skipScore.add(s);
    c.filters = this.filters;
    return c;
  }
}
