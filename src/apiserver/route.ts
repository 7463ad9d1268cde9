/**
 * Resource paths as the API server's installer lays them out:
 *
 *   /api/v1/<resource>                          /apis/<group>/<version>/<resource>
 *   /api/v1/<resource>/<name>[/<subresource>]   (cluster-scoped, or all namespaces for a list)
 *   /api/v1/namespaces/<ns>/<resource>[/<name>[/<subresource>]]
 *   /api/v1/namespaces/<name>[/<subresource>]   (a Namespace itself)
 *   /api/v1/watch/...                           (the legacy watch prefix)
 */
import { resourceFor, type ServedResource } from './resources.ts';

export interface ResourceRoute {
  group: string;
  version: string;
  resource: ServedResource;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The path used the legacy `/watch/` prefix. */
  watchPrefix: boolean;
}

export type RouteResult = { kind: 'resource'; route: ResourceRoute } | { kind: 'unknown' };

export function parseResourcePath(pathname: string): RouteResult {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return { kind: 'unknown' };
  const apiVersion = group === '' ? version : `${group}/${version}`;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const inner = resourceFor(apiVersion, rest[2]!);
    if (inner && inner.info.namespaced) {
      namespace = rest[1]!;
      rest = rest.slice(2);
    }
  }
  const resource = resourceFor(apiVersion, rest[0] ?? '');
  if (!resource || rest.length > 3) return { kind: 'unknown' };
  if (namespace !== undefined && !resource.info.namespaced) return { kind: 'unknown' };
  const route: ResourceRoute = { group, version, resource, watchPrefix };
  if (namespace !== undefined) route.namespace = namespace;
  if (rest[1] !== undefined) route.name = rest[1];
  if (rest[2] !== undefined) {
    if (!resource.subresources.some((s) => s.name === rest[2])) return { kind: 'unknown' };
    route.subresource = rest[2];
  }
  return { kind: 'resource', route };
}
