/**
 * Discovery: `/version`, the legacy documents (`/api` APIVersions, `/apis` APIGroupList, `/api/v1`
 * and `/apis/<g>/<v>` APIResourceList) and the aggregated documents (apidiscovery.k8s.io
 * APIGroupDiscoveryList, v2 and v2beta1) that kubectl and client-go ask for first
 * (k8s.io/apiserver pkg/endpoints/discovery, client-go discovery/aggregated_discovery.go).
 */
import { KUBELET_VERSION } from '../sim/nodes.ts';
import { groupVersions, resourcesIn, type ServedResource } from './resources.ts';

/** The version the facade reports: the same minor as the simulated kubelets. */
export const SERVER_VERSION = KUBELET_VERSION;

export function versionInfo(): Record<string, string> {
  const [major, minor] = SERVER_VERSION.replace(/^v/, '').split('.');
  return {
    major: major!,
    minor: minor!,
    emulationMajor: major!,
    emulationMinor: minor!,
    minCompatibilityMajor: major!,
    minCompatibilityMinor: String(Number(minor) - 1),
    gitVersion: SERVER_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.9',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groups(): { name: string; versions: string[] }[] {
  const out = new Map<string, string[]>();
  for (const gv of groupVersions()) {
    if (gv.group === '') continue;
    out.set(gv.group, [...(out.get(gv.group) ?? []), gv.version]);
  }
  return [...out].map(([name, versions]) => ({ name, versions }));
}

export function apiGroupList(): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups().map((g) => ({
      name: g.name,
      versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
    })),
  };
}

export function apiGroup(name: string): unknown | undefined {
  const g = groups().find((x) => x.name === name);
  if (!g) return undefined;
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: g.name, versions, preferredVersion: versions[0] };
}

/** `/api/v1`, `/apis/apps/v1`: resources and their subresources, as `kubectl api-resources` reads them. */
export function apiResourceList(group: string, version: string): unknown | undefined {
  const list = resourcesIn(group, version);
  if (list.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const r of list) {
    resources.push({
      name: r.info.plural,
      singularName: r.singular,
      namespaced: r.info.namespaced,
      kind: r.info.kind,
      verbs: r.verbs,
      ...(r.info.shortNames.length > 0 ? { shortNames: r.info.shortNames } : {}),
      ...(r.categories.length > 0 ? { categories: r.categories } : {}),
    });
    for (const s of r.subresources) {
      const cross = s.kind.group !== group || s.kind.version !== version;
      resources.push({
        name: `${r.info.plural}/${s.name}`,
        singularName: r.singular,
        namespaced: r.info.namespaced,
        ...(cross ? { group: s.kind.group, version: s.kind.version } : {}),
        kind: s.kind.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
}

function discoveryResource(r: ServedResource): unknown {
  return {
    resource: r.info.plural,
    responseKind: { group: r.info.group, version: r.info.version, kind: r.info.kind },
    scope: r.info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
    ...(r.info.shortNames.length > 0 ? { shortNames: r.info.shortNames } : {}),
    ...(r.categories.length > 0 ? { categories: r.categories } : {}),
    ...(r.subresources.length > 0 ? { subresources: r.subresources.map((s) => ({ subresource: s.name, responseKind: s.kind, verbs: s.verbs })) } : {}),
  };
}

export type AggregatedVersion = 'v2' | 'v2beta1';

/** The aggregated discovery document of `/api` (the core group) or `/apis` (every other group). */
export function aggregatedDiscovery(legacy: boolean, version: AggregatedVersion): unknown {
  const items = legacy
    ? [{ metadata: { creationTimestamp: null }, versions: [{ version: 'v1', resources: resourcesIn('', 'v1').map(discoveryResource), freshness: 'Current' }] }]
    : groups().map((g) => ({
        metadata: { name: g.name, creationTimestamp: null },
        versions: g.versions.map((v) => ({ version: v, resources: resourcesIn(g.name, v).map(discoveryResource), freshness: 'Current' })),
      }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/** The Content-Type of an aggregated discovery answer (kubectl checks its parameters). */
export function aggregatedContentType(version: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}
