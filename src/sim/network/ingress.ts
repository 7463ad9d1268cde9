/**
 * Ingress routing as an ingress controller applies networking.k8s.io/v1 rules
 * (https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types): the rule whose host
 * matches (exact, or a `*.` wildcard for one label), then the longest matching path — Exact before
 * Prefix on equal length; Prefix matches whole path elements — and the default backend otherwise.
 */
import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';
import type { Store } from '../store.ts';

export interface Route {
  namespace: string;
  service: string;
  port?: number | string;
  ingress: string;
}

/** Routes `host/path` (e.g. `shop.example.com/api/cart`) through the Ingresses of a namespace. */
export function routeIngress(store: Store, namespace: string, hostAndPath: string): Route | undefined {
  const slash = hostAndPath.indexOf('/');
  const host = slash < 0 ? hostAndPath : hostAndPath.slice(0, slash);
  const path = slash < 0 ? '/' : hostAndPath.slice(slash);
  let best: { route: Route; length: number; exact: boolean } | undefined;
  let fallback: Route | undefined;
  for (const obj of store.list('Ingress', namespace)) {
    const ing = obj as unknown as Ingress;
    const name = ing.metadata!.name!;
    for (const rule of ing.spec?.rules ?? []) {
      if (rule.host && !hostMatches(rule.host, host)) continue;
      for (const p of rule.http?.paths ?? []) {
        const rulePath = p.path ?? '/';
        const exact = p.pathType === 'Exact';
        const matches = exact ? path === rulePath : prefixMatches(rulePath, path);
        if (!matches) continue;
        const length = rulePath.length;
        if (!best || length > best.length || (length === best.length && exact && !best.exact)) {
          const route = toRoute(namespace, name, p.backend);
          if (route) best = { route, length, exact };
        }
      }
    }
    if (!fallback && ing.spec?.defaultBackend) fallback = toRoute(namespace, name, ing.spec.defaultBackend);
  }
  return best?.route ?? fallback;
}

function toRoute(namespace: string, ingress: string, backend: IngressBackend | undefined): Route | undefined {
  const svc = backend?.service;
  if (!svc) return undefined;
  const port = svc.port?.number ?? svc.port?.name;
  return { namespace, service: svc.name, ingress, ...(port !== undefined ? { port } : {}) };
}

function hostMatches(rule: string, host: string): boolean {
  if (rule.startsWith('*.')) {
    const suffix = rule.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
  }
  return rule === host;
}

/** Prefix matching is element-wise: /foo matches /foo and /foo/bar, not /foobar. */
function prefixMatches(prefix: string, path: string): boolean {
  if (prefix === '/') return true;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === p || path.startsWith(`${p}/`);
}
