/**
 * Content negotiation as the API server does it (k8s.io/apiserver pkg/endpoints/handlers/negotiation):
 * the Accept header is a list of media types whose parameters `as`, `g` and `v` ask for a conversion
 * (a Table, PartialObjectMetadata, an aggregated discovery document).
 */
export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export function parseMediaTypes(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim());
      const p: Record<string, string> = {};
      for (const kv of params) {
        const eq = kv.indexOf('=');
        if (eq > 0)
          p[kv.slice(0, eq).trim()] = kv
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, '');
      }
      return { type: type.toLowerCase(), params: p };
    })
    .filter((m) => m.type !== '');
}

export type Representation = { as: 'Object' } | { as: 'Table'; version: 'v1' | 'v1beta1' } | { as: 'PartialObjectMetadata'; version: 'v1' | 'v1beta1' };

/** What a GET, LIST or WATCH should answer with: the first media type the facade can produce. */
export function representation(accept: string | undefined): Representation {
  const types = parseMediaTypes(accept);
  if (types.length === 0) return { as: 'Object' };
  for (const m of types) {
    if (m.type !== 'application/json' && m.type !== '*/*' && m.type !== 'application/*' && m.type !== 'application/vnd.kubernetes.protobuf' && m.type !== 'application/yaml') continue;
    const as = m.params.as;
    if (!as) return { as: 'Object' };
    if (m.params.g !== 'meta.k8s.io') continue;
    const version = m.params.v === 'v1beta1' ? 'v1beta1' : m.params.v === 'v1' ? 'v1' : undefined;
    if (!version) continue;
    if (as === 'Table') return { as: 'Table', version };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'PartialObjectMetadata', version };
  }
  return { as: 'Object' };
}

/** Which aggregated discovery version the client asked for, if any (v2 first when both are offered). */
export function aggregatedDiscoveryVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const m of parseMediaTypes(accept)) {
    if (m.params.g === 'apidiscovery.k8s.io' && m.params.as === 'APIGroupDiscoveryList' && (m.params.v === 'v2' || m.params.v === 'v2beta1')) return m.params.v;
    if (m.type === 'application/json' && !m.params.g) return undefined;
  }
  return undefined;
}
