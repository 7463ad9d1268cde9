/**
 * The `fieldValidation` query parameter: `Strict` rejects unknown fields (the simulator's API does
 * that already), `Warn` — the server's default — drops them and answers with a `Warning` header for
 * each, `Ignore` drops them silently (k8s.io/apiserver pkg/endpoints/handlers/rest.go).
 */
import type { KubeObject } from '../kube/object.ts';
import { formatFieldPath } from '../kube/position.ts';
import { strictDecode } from '../kube/schema/strict-decode.ts';
import { badRequest } from './status.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '' || value === 'Warn') return 'Warn';
  if (value === 'Strict' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`);
}

/** Removes unknown fields unless validation is Strict; returns the warnings to send. */
export function dropUnknownFields(obj: KubeObject, validation: FieldValidation): string[] {
  if (validation === 'Strict') return [];
  const unknown = strictDecode(obj as unknown as Record<string, unknown>).filter((e) => e.type === 'unknown');
  for (const e of unknown) {
    let parent: unknown = obj;
    for (const p of e.path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[p];
    if (parent && typeof parent === 'object') delete (parent as Record<string | number, unknown>)[e.path[e.path.length - 1]!];
  }
  return validation === 'Warn' ? unknown.map((e) => `unknown field "${formatFieldPath(e.path)}"`) : [];
}
