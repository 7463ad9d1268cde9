/**
 * One YAML document as a plain value, for the places that want data rather than manifests with
 * positions (an API request body, .orchestra.yaml, a kubeconfig, a step argument). Duplicate keys are
 * an error, found in one pass (yaml-unique-keys.ts): the `yaml` package's own check is quadratic in the
 * size of a mapping, so a hostile 1 MB body would hold the server for tens of seconds.
 */
import { parseDocument } from 'yaml';
import { checkUniqueKeys } from './yaml-unique-keys.ts';

/** Parses `source`; throws the first error (the package's YAMLParseError) as `yaml.parse` does. */
export function parseYamlValue(source: string): unknown {
  const doc = parseDocument(source, { uniqueKeys: false, keepSourceTokens: true, prettyErrors: false });
  checkUniqueKeys(doc);
  if (doc.errors.length > 0) throw doc.errors[0]!;
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}
