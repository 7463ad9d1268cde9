/**
 * The `labelSelector` and `fieldSelector` query parameters (k8s.io/apimachinery pkg/labels and
 * pkg/fields): `app=web,tier!=db,env in (a,b),!legacy` and `metadata.name=web,status.phase!=Running`,
 * with the field labels each resource supports (its registry's GetAttrs / field label conversion).
 */
import type { KubeObject } from '../kube/object.ts';
import { badRequest } from './status.ts';

export type Matcher = (obj: KubeObject) => boolean;

interface LabelRequirement {
  key: string;
  op: '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

/** Parses a label selector string; throws a 400 for bad syntax, as the API server does. */
export function parseLabelSelector(s: string | null | undefined): Matcher | undefined {
  if (!s || s.trim() === '') return undefined;
  const reqs: LabelRequirement[] = [];
  let i = 0;
  const src = s.trim();
  const fail = (): never => {
    throw badRequest(`unable to parse requirement: found '${src.slice(i, i + 1) || src}', expected: identifier`);
  };
  const skip = (): void => {
    while (i < src.length && src[i] === ' ') i++;
  };
  const ident = (): string => {
    skip();
    const m = /^[A-Za-z0-9_./-]+/.exec(src.slice(i));
    if (!m) return fail();
    i += m[0].length;
    return m[0];
  };
  while (i < src.length) {
    skip();
    let negated = false;
    if (src[i] === '!') {
      negated = true;
      i++;
    }
    const key = ident();
    skip();
    if (negated) {
      reqs.push({ key, op: '!', values: [] });
    } else if (src.startsWith('!=', i)) {
      i += 2;
      reqs.push({ key, op: '!=', values: [valueToken()] });
    } else if (src.startsWith('==', i)) {
      i += 2;
      reqs.push({ key, op: '=', values: [valueToken()] });
    } else if (src[i] === '=') {
      i += 1;
      reqs.push({ key, op: '=', values: [valueToken()] });
    } else if (/^(in|notin)\s*\(/.test(src.slice(i))) {
      const op = src.startsWith('notin', i) ? 'notin' : 'in';
      i = src.indexOf('(', i) + 1;
      const close = src.indexOf(')', i);
      if (close < 0) fail();
      const values = src
        .slice(i, close)
        .split(',')
        .map((v) => v.trim());
      i = close + 1;
      reqs.push({ key, op, values });
    } else {
      reqs.push({ key, op: 'exists', values: [] });
    }
    skip();
    if (i < src.length) {
      if (src[i] !== ',') fail();
      i++;
    }
  }
  function valueToken(): string {
    skip();
    const m = /^[A-Za-z0-9_.-]*/.exec(src.slice(i));
    i += m![0].length;
    return m![0];
  }
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return reqs.every((r) => {
      const has = Object.hasOwn(labels, r.key);
      const v = labels[r.key];
      switch (r.op) {
        case '=':
          return has && v === r.values[0];
        case '!=':
          return !has || v !== r.values[0];
        case 'in':
          return has && r.values.includes(v!);
        case 'notin':
          return !has || !r.values.includes(v!);
        case 'exists':
          return has;
        case '!':
          return !has;
      }
      return false;
    });
  };
}

type FieldGetter = (obj: KubeObject) => string | undefined;

const get =
  (...path: string[]): FieldGetter =>
  (obj) => {
    let v: unknown = obj;
    for (const p of path) v = (v as Record<string, unknown> | undefined)?.[p];
    if (v === undefined || v === null) return '';
    return String(v);
  };

const COMMON: Record<string, FieldGetter> = {
  'metadata.name': get('metadata', 'name'),
  'metadata.namespace': get('metadata', 'namespace'),
};

/** Field labels per kind beyond metadata.name and metadata.namespace (pkg/registry/<group>/<kind>/strategy.go). */
const FIELDS: Record<string, Record<string, FieldGetter>> = {
  Pod: {
    'spec.nodeName': get('spec', 'nodeName'),
    'spec.restartPolicy': get('spec', 'restartPolicy'),
    'spec.schedulerName': get('spec', 'schedulerName'),
    'spec.serviceAccountName': get('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => String((o.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork ?? false),
    'status.phase': get('status', 'phase'),
    'status.podIP': get('status', 'podIP'),
    'status.nominatedNodeName': get('status', 'nominatedNodeName'),
  },
  Event: {
    'involvedObject.kind': get('involvedObject', 'kind'),
    'involvedObject.namespace': get('involvedObject', 'namespace'),
    'involvedObject.name': get('involvedObject', 'name'),
    'involvedObject.uid': get('involvedObject', 'uid'),
    'involvedObject.apiVersion': get('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': get('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': get('involvedObject', 'fieldPath'),
    reason: get('reason'),
    reportingComponent: get('reportingComponent'),
    source: (o) => (o.source as { component?: string } | undefined)?.component ?? '',
    type: get('type'),
  },
  Node: { 'spec.unschedulable': (o) => String((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable ?? false) },
  Namespace: { 'status.phase': get('status', 'phase') },
  Secret: { type: get('type') },
  ReplicaSet: { 'status.replicas': (o) => String((o.status as { replicas?: number } | undefined)?.replicas ?? 0) },
  Job: { 'status.successful': (o) => String((o.status as { succeeded?: number } | undefined)?.succeeded ?? 0) },
};

/** Parses a field selector for a kind; unsupported field labels are a 400, as upstream. */
export function parseFieldSelector(s: string | null | undefined, kind: string): Matcher | undefined {
  if (!s || s.trim() === '') return undefined;
  const terms = s
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const checks = terms.map((t) => {
    const m = /^([^!=]+)(==|!=|=)(.*)$/.exec(t);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${t}'`);
    const field = m[1]!.trim();
    const getter = COMMON[field] ?? FIELDS[kind]?.[field];
    if (!getter) throw badRequest(`field label not supported: ${field}`);
    const value = m[3]!.trim();
    const neq = m[2] === '!=';
    return (obj: KubeObject) => (getter(obj) === value) !== neq;
  });
  return (obj) => checks.every((c) => c(obj));
}

/** `metadata.name=x` in a field selector: lets a list or watch of one object skip the others. */
export function selectedName(s: string | null | undefined): string | undefined {
  const m = /(?:^|,)\s*metadata\.name\s*==?\s*([^,]+)/.exec(s ?? '');
  return m?.[1]?.trim();
}
