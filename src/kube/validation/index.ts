/**
 * What the API server's validation says of an object before it is stored
 * (kubernetes pkg/apis/{core,apps}/validation). Returns every error, not just the first.
 */
import { lookupKind } from '../kinds.ts';
import type { KubeObject } from '../object.ts';
import { validateDeploymentSpec, validateReplicaSetSpec } from './apps.ts';
import { Errors, type FieldError } from './field-error.ts';
import { validateObjectMeta, type NameRule } from './meta.ts';
import { dns1035Label, dns1123Label, dns1123Subdomain } from './names.ts';
import { validatePodSpec } from './pod.ts';
import { validateServiceSpec } from './service.ts';

export { formatFieldError, type FieldError } from './field-error.ts';

const NAME_RULES: Record<string, NameRule> = {
  Namespace: dns1123Label,
  Service: dns1035Label,
};

const SPEC_RULES: Record<string, (spec: unknown, errs: Errors) => void> = {
  Deployment: validateDeploymentSpec,
  ReplicaSet: validateReplicaSetSpec,
  Pod: validatePodSpec,
  Service: validateServiceSpec,
};

export function validateObject(obj: KubeObject): FieldError[] {
  const errs = new Errors();
  const info = lookupKind(obj.apiVersion, obj.kind);
  validateObjectMeta(obj.metadata, errs.at('metadata'), {
    namespaced: info?.namespaced ?? true,
    nameRule: NAME_RULES[obj.kind] ?? dns1123Subdomain,
  });
  SPEC_RULES[obj.kind]?.(obj.spec, errs.at('spec'));
  return errs.list;
}
