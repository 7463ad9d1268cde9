/**
 * The framework runtime (pkg/scheduler/framework/runtime/framework.go): runs the plugins of each
 * extension point in the configured order and combines their answers.
 * - PreFilter: every plugin runs; Skip leaves the plugin's Filter out; UnschedulableAndUnresolvable stops
 *   at once; node-name results are intersected.
 * - Filter: per node, plugins in order, stopping at the first that rejects.
 * - Filter with nominated pods: a node is first checked as if the pods nominated to it (priority ≥ the
 *   pod's) were already there, then without them.
 * - Score: each plugin scores every feasible node, NormalizeScore rescales, the weight multiplies; the
 *   node's total is the sum.
 */
import { CycleState } from './cycle-state.ts';
import { ScoreArena } from './score-arena.ts';
import type { ClusterEventWithHint } from './events.ts';
import type { Handle } from './handle.ts';
import type {
  FilterPlugin,
  Plugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreFilterResult,
  PreScorePlugin,
  ReservePlugin,
  ScorePlugin,
} from './interfaces.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import { isRejected, newStatus, statusMessage, withPlugin, type Status } from './status.ts';
import type { NodeToStatus } from './node-to-status.ts';

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

export interface PluginSet {
  preEnqueue: PreEnqueuePlugin[];
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  postFilter: PostFilterPlugin[];
  preScore: PreScorePlugin[];
  score: WeightedScorePlugin[];
  reserve: ReservePlugin[];
  preBind: PreBindPlugin[];
}

export interface PreFilterOutcome {
  /** Nodes to consider, when a plugin narrowed them. */
  nodeNames?: ReadonlySet<string>;
  status: Status | null;
  /** Plugins that narrowed the nodes. */
  pluginsWithNodes: string[];
}

export interface PluginScores {
  plugin: string;
  weight: number;
  /** Score as the plugin returned it, per feasible node. */
  raw: Float64Array;
  /** After NormalizeScore (0–100). */
  normalized: Float64Array;
}

export interface ScoreOutcome {
  plugins: PluginScores[];
  /** Σ normalized × weight, per feasible node. */
  total: Float64Array;
  /** Returns the arrays to the arena (when the explanation holding them is dropped). */
  release(): void;
}

export class Framework {
  readonly plugins: PluginSet;
  readonly slots: number;
  private handle: Handle | undefined;
  private readonly arena = new ScoreArena();

  constructor(plugins: PluginSet) {
    this.plugins = plugins;
    // One CycleState slot per plugin, plus one for plugins that keep separate PreScore state.
    const all = new Set<Plugin>([
      ...plugins.preEnqueue,
      ...plugins.preFilter,
      ...plugins.filter,
      ...plugins.postFilter,
      ...plugins.preScore,
      ...plugins.score.map((s) => s.plugin),
      ...plugins.reserve,
      ...plugins.preBind,
    ]);
    let slot = 0;
    for (const p of all) {
      p.slot = slot++;
      if ('scoreSlot' in p) (p as { scoreSlot: number }).scoreSlot = slot++;
    }
    this.slots = slot;
  }

  setHandle(h: Handle): void {
    this.handle = h;
  }

  /** Every plugin with its EventsToRegister. */
  eventsByPlugin(): Map<string, ClusterEventWithHint[]> {
    const m = new Map<string, ClusterEventWithHint[]>();
    const all = new Set<Plugin>([...this.plugins.preEnqueue, ...this.plugins.preFilter, ...this.plugins.filter, ...this.plugins.postFilter, ...this.plugins.reserve]);
    for (const p of all) if (p.events) m.set(p.name, p.events());
    return m;
  }

  newCycleState(): CycleState {
    return new CycleState(this.slots);
  }

  runPreEnqueuePlugins(pod: PodInfo): Status | null {
    for (const p of this.plugins.preEnqueue) {
      const s = p.preEnqueue(pod);
      if (s) return withPlugin(s, p.name);
    }
    return null;
  }

  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let nodeNames: Set<string> | undefined;
    const pluginsWithNodes: string[] = [];
    let returnStatus: Status | null = null;
    for (const p of this.plugins.preFilter) {
      const out = p.preFilter(state, pod, nodes);
      if (out && 'code' in out) {
        if (out.code === 'Skip') {
          state.skipFilter.add(p.name);
          continue;
        }
        if (out.code === 'Success') continue;
        const r = withPlugin(out, p.name);
        if (r.code === 'UnschedulableAndUnresolvable') return { status: r, pluginsWithNodes };
        if (r.code === 'Unschedulable') {
          // Keep going: preemption later in this cycle needs every PreFilter state.
          returnStatus = r;
          continue;
        }
        return { status: newStatus('Error', p.name, `running PreFilter plugin "${p.name}": ${statusMessage(r)}`), pluginsWithNodes };
      }
      const r = out;
      if (r?.nodeNames) {
        pluginsWithNodes.push(p.name);
        nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => r.nodeNames!.has(n))) : new Set(r.nodeNames);
        if (nodeNames.size === 0) {
          const msg = pluginsWithNodes.length === 1 ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}` : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
          return { nodeNames, status: newStatus('UnschedulableAndUnresolvable', p.name, msg), pluginsWithNodes };
        }
      }
    }
    state.filters = this.plugins.filter.filter((f) => !state.skipFilter.has(f.name) && !f.acceptsAll?.(pod));
    return { nodeNames, status: returnStatus, pluginsWithNodes };
  }

  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): void {
    for (const p of this.plugins.preFilter) if (p.addPod && !state.skipFilter.has(p.name)) p.addPod(state, podToSchedule, podToAdd, node);
  }

  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, node: NodeInfo): void {
    for (const p of this.plugins.preFilter) if (p.removePod && !state.skipFilter.has(p.name)) p.removePod(state, podToSchedule, podToRemove, node);
  }

  /** RunFilterPlugins: the first rejection wins. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const filters = state.filters;
    for (let i = 0; i < filters.length; i++) {
      const s = filters[i]!.filter(state, pod, node);
      if (s !== null) return s;
    }
    return null;
  }

  hasNominatedPods(): boolean {
    return this.handle?.hasNominatedPods() ?? false;
  }

  /** RunFilterPluginsWithNominatedPods */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const nominated = this.handle?.nominatedPodsForNode(node.name) ?? [];
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, node);
    const higher = nominated.filter((p) => p.uid !== pod.uid && p.priority >= pod.priority);
    if (higher.length === 0) return this.runFilterPlugins(state, pod, node);
    const stateWith = state.clone();
    const nodeWith = node.snapshot();
    for (const p of higher) {
      nodeWith.addPod(p);
      this.runPreFilterExtensionAddPod(stateWith, pod, p, nodeWith);
    }
    const s = this.runFilterPlugins(stateWith, pod, nodeWith);
    if (s !== null) return s;
    return this.runFilterPlugins(state, pod, node);
  }

  runPostFilterPlugins(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { result?: PostFilterResult; status: Status } {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const p of this.plugins.postFilter) {
      const { result: r, status: s } = p.postFilter(state, pod, statuses);
      if (s === null || s.code === 'Success') return { result: r, status: newStatus('Success', p.name) };
      if (s.code === 'UnschedulableAndUnresolvable') return { result: r, status: withPlugin(s, p.name) };
      if (!isRejected(s)) return { status: newStatus('Error', p.name, statusMessage(s)) };
      if (r) result = r;
      reasons.push(...s.reasons);
      rejector ||= p.name;
    }
    return { result, status: newStatus('Unschedulable', rejector, ...reasons) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    for (const p of this.plugins.preScore) {
      const s = p.preScore(state, pod, nodes);
      if (s === null) continue;
      if (s.code === 'Skip') {
        state.skipScore.add(p.name);
        continue;
      }
      if (s.code !== 'Success') return newStatus('Error', p.name, `running PreScore plugin "${p.name}": ${statusMessage(s)}`);
    }
    return null;
  }

  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): ScoreOutcome {
    const n = nodes.length;
    const active = this.plugins.score.filter((s) => !state.skipScore.has(s.plugin.name));
    // One buffer for the totals and every plugin's raw (and, when it normalises, normalised) scores.
    let rows = 1;
    for (const { plugin } of active) rows += plugin.normalizeScore ? 2 : 1;
    const { array: buf, release } = this.arena.alloc(n * rows);
    const total = buf.subarray(0, n);
    const plugins: PluginScores[] = [];
    let row = 1;
    for (let k = 0; k < active.length; k++) {
      const { plugin, weight } = active[k]!;
      const raw = buf.subarray(n * row, n * ++row);
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, nodes, raw);
      else for (let i = 0; i < n; i++) raw[i] = plugin.score(state, pod, nodes[i]!);
      let normalized = raw;
      if (plugin.normalizeScore) {
        normalized = buf.subarray(n * row, n * ++row);
        normalized.set(raw);
        plugin.normalizeScore(state, pod, nodes, normalized);
      }
      for (let i = 0; i < n; i++) total[i] = total[i]! + normalized[i]! * weight;
      plugins.push({ plugin: plugin.name, weight, raw, normalized });
    }
    return { plugins, total, release };
  }

  runReservePlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const p of this.plugins.reserve) {
      const s = p.reserve(state, pod, nodeName);
      if (s !== null && s.code !== 'Success') return withPlugin(s, p.name);
    }
    return null;
  }

  runUnreservePlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.plugins.reserve.length - 1; i >= 0; i--) this.plugins.reserve[i]!.unreserve(state, pod, nodeName);
  }

  runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const p of this.plugins.preBind) {
      const s = p.preBind(state, pod, nodeName);
      if (s !== null && s.code !== 'Success') return withPlugin(s, p.name);
    }
    return null;
  }
}

export type { PreFilterResult };
