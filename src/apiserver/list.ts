/**
 * LIST: objects of a resource in key order (namespace, then name, as etcd returns them), filtered by
 * label and field selectors, in pages of `limit` with an opaque `continue` token
 * ({"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"} in base64, as upstream).
 */
import type { KubeObject } from '../kube/object.ts';
import type { Store } from '../sim/store.ts';
import type { ServedResource } from './resources.ts';
import { parseFieldSelector, parseLabelSelector, selectedName } from './selectors.ts';
import { badRequest, expired } from './status.ts';

export interface ListQuery {
  namespace?: string;
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continueToken?: string | null;
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

function keyOf(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? '');
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.start !== 'string') throw new Error('bad token');
    return t;
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/** A matcher for both selectors, checked once per request. */
export function selectorMatcher(kind: string, labelSelector?: string | null, fieldSelector?: string | null): (o: KubeObject) => boolean {
  const labels = parseLabelSelector(labelSelector);
  const fields = parseFieldSelector(fieldSelector, kind);
  return (o) => (!labels || labels(o)) && (!fields || fields(o));
}

export function listObjects(store: Store, r: ServedResource, q: ListQuery): ListPage {
  const match = selectorMatcher(r.info.kind, q.labelSelector, q.fieldSelector);
  const ns = r.info.namespaced ? q.namespace : undefined;
  const name = selectedName(q.fieldSelector);
  let all: KubeObject[];
  if (name !== undefined && ns !== undefined) {
    const one = store.get(r.info.kind, name, ns);
    all = one ? [one] : [];
  } else {
    all = store.list(r.info.kind, ns);
  }
  let items = all.filter(match).sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  let rv = store.resourceVersion;
  if (q.continueToken) {
    const token = decodeContinue(q.continueToken);
    if (store.changesSince(token.rv) === undefined)
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    const start = token.start.replace(/\u0000$/, '');
    items = items.filter((o) => keyOf(o) > start);
    rv = token.rv;
  }
  const page: ListPage = { items, resourceVersion: String(rv) };
  if (q.limit !== undefined && q.limit > 0 && items.length > q.limit) {
    page.items = items.slice(0, q.limit);
    const last = keyOf(page.items[page.items.length - 1]!);
    page.continueToken = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${last}\u0000` })).toString('base64');
    if (!q.labelSelector && !q.fieldSelector) page.remainingItemCount = items.length - q.limit;
  }
  return page;
}
