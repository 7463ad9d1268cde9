/**
 * Label selectors compiled once, as metav1.LabelSelectorAsSelector does
 * (k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go): a nil selector selects nothing, an empty one
 * ({}) selects everything, matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) are
 * ANDed (k8s.io/apimachinery/pkg/labels/selector.go). Each selector carries a canonical `key` so that
 * equal selectors share per-topology counters in the scheduler cache.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';

export type Labels = Readonly<Record<string, string>>;

export interface Selector {
  /** True for `labels.Everything()` (an empty, non-nil selector). */
  readonly everything: boolean;
  /** True for `labels.Nothing()` (a nil selector). */
  readonly nothing: boolean;
  /** A canonical string: equal keys select the same label sets. */
  readonly key: string;
  matches(labels: Labels | undefined): boolean;
}

interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Invalid';
  values: readonly string[];
}

const NOTHING: Selector = { everything: false, nothing: true, key: '<nothing>', matches: () => false };
const EVERYTHING: Selector = { everything: true, nothing: false, key: '<everything>', matches: () => true };

export function nothingSelector(): Selector {
  return NOTHING;
}

export function everythingSelector(): Selector {
  return EVERYTHING;
}

/** labels.SelectorFromSet: every key must equal its value (an empty set selects everything). */
export function selectorFromSet(set: Labels): Selector {
  return compile(Object.entries(set).map(([key, v]) => ({ key, op: 'In', values: [v] })));
}

export function compileSelector(selector: LabelSelector | null | undefined): Selector {
  if (selector === null || selector === undefined) return NOTHING;
  const reqs: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, v]) => ({ key, op: 'In' as const, values: [v] }));
  for (const e of selector.matchExpressions ?? []) {
    const op = e.operator === 'In' || e.operator === 'NotIn' || e.operator === 'Exists' || e.operator === 'DoesNotExist' ? e.operator : 'Invalid';
    reqs.push({ key: e.key, op, values: [...(e.values ?? [])].sort() });
  }
  return compile(reqs);
}

/** Adds `key=value` requirements to a selector (mergeLabelSetWithSelector in podtopologyspread/common.go). */
export function withLabels(selector: LabelSelector | null | undefined, set: Labels): LabelSelector {
  const base = selector ?? {};
  return { ...base, matchLabels: { ...(base.matchLabels ?? {}), ...set } };
}

function compile(reqs: Requirement[]): Selector {
  if (reqs.length === 0) return EVERYTHING;
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.op < b.op ? -1 : a.op > b.op ? 1 : 0));
  const key = reqs.map((r) => `${r.key} ${r.op} ${r.values.join(',')}`).join(';');
  // The common case, matchLabels only, gets a loop without a switch.
  if (reqs.every((r) => r.op === 'In' && r.values.length === 1)) {
    const keys = reqs.map((r) => r.key);
    const vals = reqs.map((r) => r.values[0]!);
    const n = keys.length;
    return {
      everything: false,
      nothing: false,
      key,
      matches(labels) {
        if (labels === undefined) return false;
        for (let i = 0; i < n; i++) if (labels[keys[i]!] !== vals[i]) return false;
        return true;
      },
    };
  }
  return {
    everything: false,
    nothing: false,
    key,
    matches(labels) {
      const l = labels ?? {};
      for (const r of reqs) {
        const has = Object.hasOwn(l, r.key);
        switch (r.op) {
          case 'In':
            if (!has || !r.values.includes(l[r.key]!)) return false;
            break;
          case 'NotIn':
            if (has && r.values.includes(l[r.key]!)) return false;
            break;
          case 'Exists':
            if (!has) return false;
            break;
          case 'DoesNotExist':
            if (has) return false;
            break;
          default:
            return false;
        }
      }
      return true;
    },
  };
}
