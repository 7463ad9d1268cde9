/**
 * `kubectl apply` (client-side): the configuration is saved in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, and an update is a three-way merge of
 * the last applied configuration, the new one and the live object (staging/src/k8s.io/kubectl/pkg/cmd/apply,
 * k8s.io/apimachinery/pkg/util/strategicpatch CreateThreeWayMergePatch). Fields the user never set
 * (filled by the server or by controllers, such as a Job's selector) are kept; fields the user removed
 * are removed. Lists are replaced as a whole (the server defaults their items again); strategic list
 * merging by key is a refinement this does not do.
 */
import type { KubeObject } from '../../kube/object.ts';
import { isPlainObject } from '../../kube/object.ts';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The object to create: the configuration with its last-applied annotation. */
export function forCreate(config: KubeObject): KubeObject {
  return { ...config, metadata: { ...config.metadata, annotations: { ...(config.metadata.annotations ?? {}), [LAST_APPLIED]: lastApplied(config) } } };
}

/** The object to update: live ⊕ (config − last applied), with the new last-applied annotation. */
export function forUpdate(live: KubeObject, config: KubeObject): KubeObject {
  const previous = parseLastApplied(live);
  const merged = threeWay(live, previous, config) as KubeObject;
  const { status: _status, ...rest } = merged;
  return { ...rest, metadata: { ...merged.metadata, annotations: { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: lastApplied(config) } } };
}

function lastApplied(config: KubeObject): string {
  const annotations = { ...(config.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const metadata = { ...config.metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) };
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  return `${JSON.stringify({ ...config, metadata })}\n`;
}

function parseLastApplied(live: KubeObject): Record<string, unknown> {
  const raw = live.metadata.annotations?.[LAST_APPLIED];
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return isPlainObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function threeWay(live: unknown, last: unknown, config: unknown): unknown {
  if (!isPlainObject(config) || !isPlainObject(live)) return structuredClone(config);
  const out: Record<string, unknown> = { ...live };
  const previous = isPlainObject(last) ? last : {};
  for (const [k, v] of Object.entries(config)) out[k] = threeWay(live[k], previous[k], v);
  for (const k of Object.keys(previous)) if (!(k in config)) delete out[k];
  return out;
}
