/** Finds where a field path is in a parsed YAML document (the `yaml` package's AST). */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { FieldPath } from './position.ts';

/**
 * The source offset of the field at `path` under `root`: a mapping key's own position, a sequence
 * item's start; the deepest existing ancestor when the path goes further than the document.
 */
export function fieldOffset(root: unknown, path: FieldPath): number {
  let node: unknown = root;
  let offset = rangeStart(node) ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}
