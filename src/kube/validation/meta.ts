/** ObjectMeta rules from k8s.io/apimachinery/pkg/api/validation/objectmeta.go. */
import { text, type Text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { dns1123Label, labelValue, qualifiedName } from './names.ts';
import { asMap, asString } from './values.ts';

export type NameRule = (name: string) => Text[];

export function validateObjectMeta(meta: unknown, errs: Errors, opts: { namespaced: boolean; nameRule: NameRule }): void {
  const m = asMap(meta, errs);
  if (!m) {
    errs.at('name').required(text('name 또는 generateName이 필요하다', 'name or generateName is required'));
    return;
  }
  const name = asString(m.name, errs.at('name'));
  const generateName = asString(m.generateName, errs.at('generateName'));
  if (!name && !generateName) errs.at('name').required(text('name 또는 generateName이 필요하다', 'name or generateName is required'));
  if (name) for (const p of opts.nameRule(name)) errs.at('name').invalid(name, p);
  const ns = asString(m.namespace, errs.at('namespace'));
  if (ns !== undefined && opts.namespaced) for (const p of dns1123Label(ns)) errs.at('namespace').invalid(ns, p);
  validateLabels(m.labels, errs.at('labels'));
  const annotations = asMap(m.annotations, errs.at('annotations'));
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const p of qualifiedName(k)) errs.at('annotations').invalid(k, p);
    asString(v, errs.at('annotations', k));
  }
}

export function validateLabels(labels: unknown, errs: Errors): void {
  const l = asMap(labels, errs);
  for (const [k, v] of Object.entries(l ?? {})) {
    for (const p of qualifiedName(k)) errs.invalid(k, p);
    const value = asString(v, errs.at(k));
    if (value !== undefined) for (const p of labelValue(value)) errs.at(k).invalid(value, p);
  }
}
