/**
 * JSON Merge Patch (RFC 7386, `application/merge-patch+json`): objects merge key by key, `null`
 * deletes, anything else (lists included) replaces.
 */
import { isPlainObject } from '../../kube/object.ts';

export function applyMergePatch(original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}
