/**
 * Node selection as kube-scheduler evaluates it (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/
 * nodeaffinity.go): `nodeSelector` and the required node affinity terms must both match; terms are ORed,
 * the requirements of one term ANDed; an empty term matches nothing; a term whose requirement cannot be
 * parsed (Gt/Lt without one integer, In without values …) does not match. Operators: In, NotIn, Exists,
 * DoesNotExist, Gt, Lt on labels; In and NotIn on the field `metadata.name`.
 */
import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { selectorFromSet, type Labels, type Selector } from './label-selector.ts';

type NodeMatcher = (labels: Labels, name: string) => boolean;

const INT64 = /^[+-]?\d+$/;

function parseInt64(s: string | undefined): number | undefined {
  return s !== undefined && INT64.test(s) ? Number(s) : undefined;
}

function requirementMatcher(r: NodeSelectorRequirement): ((labels: Labels) => boolean) | undefined {
  const values = r.values ?? [];
  const key = r.key;
  switch (r.operator) {
    case 'In':
      if (values.length === 0) return undefined;
      return (l) => Object.hasOwn(l, key) && values.includes(l[key]!);
    case 'NotIn':
      if (values.length === 0) return undefined;
      return (l) => !Object.hasOwn(l, key) || !values.includes(l[key]!);
    case 'Exists':
      if (values.length !== 0) return undefined;
      return (l) => Object.hasOwn(l, key);
    case 'DoesNotExist':
      if (values.length !== 0) return undefined;
      return (l) => !Object.hasOwn(l, key);
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? parseInt64(values[0]) : undefined;
      if (bound === undefined) return undefined;
      const gt = r.operator === 'Gt';
      return (l) => {
        const v = parseInt64(l[key]);
        return v !== undefined && (gt ? v > bound : v < bound);
      };
    }
    default:
      return undefined;
  }
}

function fieldMatcher(r: NodeSelectorRequirement): ((name: string) => boolean) | undefined {
  if (r.key !== 'metadata.name') return undefined;
  const values = r.values ?? [];
  if (r.operator === 'In' && values.length === 1) return (n) => n === values[0];
  if (r.operator === 'NotIn' && values.length === 1) return (n) => n !== values[0];
  return undefined;
}

/** One NodeSelectorTerm; undefined when it can never match (empty, or a requirement fails to parse). */
export function termMatcher(term: NodeSelectorTerm): NodeMatcher | undefined {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  const labelMatchers: ((l: Labels) => boolean)[] = [];
  for (const e of exprs) {
    const m = requirementMatcher(e);
    if (!m) return undefined;
    labelMatchers.push(m);
  }
  const fieldMatchers: ((n: string) => boolean)[] = [];
  for (const f of fields) {
    const m = fieldMatcher(f);
    if (!m) return undefined;
    fieldMatchers.push(m);
  }
  return (labels, name) => labelMatchers.every((m) => m(labels)) && fieldMatchers.every((m) => m(name));
}

function nodeSelectorMatcher(ns: NodeSelector): NodeMatcher {
  const terms = ns.nodeSelectorTerms.map(termMatcher).filter((m): m is NodeMatcher => m !== undefined);
  return (labels, name) => terms.some((t) => t(labels, name));
}

/** nodeaffinity.RequiredNodeAffinity: the pod's nodeSelector and required node affinity together. */
export class RequiredNodeAffinity {
  private readonly labelSelector: Selector | undefined;
  private readonly nodeSelector: NodeMatcher | undefined;
  /** Neither a nodeSelector nor required terms: every node matches. */
  readonly empty: boolean;

  constructor(pod: Pod) {
    const sel = pod.spec?.nodeSelector;
    this.labelSelector = sel && Object.keys(sel).length > 0 ? selectorFromSet(sel) : undefined;
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.nodeSelector = required ? nodeSelectorMatcher(required) : undefined;
    this.empty = !this.labelSelector && !this.nodeSelector;
  }

  match(node: Node): boolean {
    const labels = node.metadata?.labels ?? {};
    if (this.labelSelector && !this.labelSelector.matches(labels)) return false;
    if (this.nodeSelector) return this.nodeSelector(labels, node.metadata?.name ?? '');
    return true;
  }
}

/** nodeaffinity.PreferredSchedulingTerms: the sum of the weights of the terms a node matches. */
export class PreferredSchedulingTerms {
  private readonly terms: { weight: number; match: NodeMatcher }[];

  constructor(terms: readonly PreferredSchedulingTerm[]) {
    this.terms = [];
    for (const t of terms) {
      if (!t.weight) continue;
      const m = termMatcher(t.preference);
      if (m) this.terms.push({ weight: t.weight, match: m });
    }
  }

  get length(): number {
    return this.terms.length;
  }

  score(node: Node): number {
    const labels = node.metadata?.labels ?? {};
    const name = node.metadata?.name ?? '';
    let s = 0;
    for (const t of this.terms) if (t.match(labels, name)) s += t.weight;
    return s;
  }
}
