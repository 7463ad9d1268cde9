/**
 * WATCH (`?watch=true`): a chunked stream of `{"type":…,"object":…}` lines. Headers go out at once
 * (clients wait for them before reading). Without a resourceVersion (or with "0", or with
 * sendInitialEvents) the current objects come first as ADDED; from a resourceVersion, the watch
 * cache replays what changed since (store.changesSince), and a version older than the cache holds
 * is a 410 Expired ERROR event. Label and field selectors turn an object leaving the selection into
 * DELETED and one entering it into ADDED, as the API server's cacher does. BOOKMARKs keep idle
 * watches alive when the client allows them; `timeoutSeconds` ends the stream.
 */
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../kube/object.ts';
import { apiVersionOf } from '../kube/kinds.ts';
import type { Store, WatchEvent } from '../sim/store.ts';
import { selectorMatcher } from './list.ts';
import type { Representation } from './negotiate.ts';
import type { ServedResource } from './resources.ts';
import { expired } from './status.ts';
import { partialMetadata, toTable, type IncludeObject } from './table.ts';

export interface WatchOptions {
  resource: ServedResource;
  namespace?: string;
  name?: string;
  labelSelector?: string | null;
  fieldSelector?: string | null;
  resourceVersion?: string | null;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  representation: Representation;
  includeObject: IncludeObject;
  /** Epoch ms of the simulated clock (Table ages). */
  now: () => number;
  /** Wall milliseconds between bookmarks. */
  bookmarkIntervalMs: number;
  /** The served version of a stored object, when they differ (conversion.ts). */
  convert?: (obj: KubeObject) => KubeObject;
}

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** Opens a watch on `res`. Selector errors throw before anything is written. Returns a function that ends it. */
export function serveWatch(res: ServerResponse, store: Store, o: WatchOptions): () => void {
  const kind = o.resource.info.kind;
  const selects = selectorMatcher(kind, o.labelSelector, o.fieldSelector);
  const ns = o.resource.info.namespaced ? o.namespace : undefined;
  const match = (obj: KubeObject): boolean => (ns === undefined || obj.metadata.namespace === ns) && (o.name === undefined || obj.metadata.name === o.name) && selects(obj);
  const rv = o.resourceVersion ?? '';
  const fromVersion = rv !== '' && rv !== '0' && !o.sendInitialEvents;
  const replay = fromVersion ? store.changesSince(Number(rv)) : [];

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  const encode = (obj: KubeObject): unknown => {
    switch (o.representation.as) {
      // Every event's Table carries its columns: kubectl skips the first (synthetic) event of a
      // watch on one object, and its printer needs the columns of the ones it prints.
      case 'Table':
        return toTable(kind, [obj], { now: o.now(), includeObject: o.includeObject, version: o.representation.version, resourceVersion: obj.metadata.resourceVersion ?? '' });
      case 'PartialObjectMetadata':
        return partialMetadata(obj, o.representation.version);
      default:
        return o.convert ? o.convert(obj) : obj;
    }
  };
  const send = (type: WatchType, obj: unknown): void => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type, object: obj })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    if (o.representation.as !== 'Object') return;
    send('BOOKMARK', { kind, apiVersion: apiVersionOf(o.resource.info), metadata: { resourceVersion: String(store.resourceVersion), ...(annotations ? { annotations } : {}) } });
  };
  const onEvent = (ev: WatchEvent): void => {
    const now = match(ev.object);
    const before = ev.old ? match(ev.old) : false;
    if (ev.type === 'ADDED') {
      if (now) send('ADDED', encode(ev.object));
    } else if (ev.type === 'MODIFIED') {
      if (now && before) send('MODIFIED', encode(ev.object));
      else if (now) send('ADDED', encode(ev.object));
      else if (before) send('DELETED', encode(ev.object));
    } else if (now || before) send('DELETED', encode(ev.object));
  };

  if (replay === undefined) {
    const err = expired(`too old resource version: ${rv} (${store.resourceVersion})`).toStatus();
    send('ERROR', err);
    res.end();
    return () => undefined;
  }
  if (!fromVersion) {
    const items = store
      .list(kind, ns)
      .filter(match)
      .sort((a, b) => (`${a.metadata.namespace ?? ''}/${a.metadata.name}` < `${b.metadata.namespace ?? ''}/${b.metadata.name}` ? -1 : 1));
    for (const obj of items) send('ADDED', encode(obj));
    if (o.sendInitialEvents && o.allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    for (const change of replay) if (change.event.object.kind === kind) onEvent(change.event);
  }
  const unsubscribe = store.watch(kind, onEvent);
  const timers: NodeJS.Timeout[] = [];
  if (o.allowBookmarks) timers.push(setInterval(() => bookmark(), o.bookmarkIntervalMs));
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    for (const t of timers) clearInterval(t);
    if (!res.writableEnded) res.end();
  };
  if (o.timeoutSeconds !== undefined && o.timeoutSeconds > 0) timers.push(setTimeout(end, o.timeoutSeconds * 1000));
  res.on('close', end);
  return end;
}
