/**
 * Duplicate mapping keys, found in one pass over a parsed document.
 *
 * The `yaml` package can check this while it parses (its `uniqueKeys` option), but it compares each
 * key with every key before it in its mapping (src/compose/util-map-includes.ts, `items.some(...)`): a
 * mapping of n keys costs n²/2 comparisons, and one 1 MB file of 60,000 keys takes half a minute.
 * loadManifests parses with that check off and calls this one instead, which keeps a Set of the keys
 * seen in each mapping. It finds what the package finds and raises it as the package does, so that
 * explainYamlErrors reads the errors unchanged:
 * - two scalar keys are the same when their values are `===`, the package's default comparison
 *   (`1` and `"1"` differ, `~` and `null` do not, NaN never equals itself, each `<<` merge key is a
 *   symbol of its own);
 * - the error is a DUPLICATE_KEY at the offset the package gives it, where the key's properties end
 *   (src/compose/resolve-block-map.ts and resolve-flow-collection.ts, `keyStart`), read from the key's
 *   source tokens: the document must be parsed with `keepSourceTokens`, and this pass lets go of them;
 * - it sits among the document's other errors where the package raises it while it composes the
 *   document, told from the offsets and the nodes the key is in (yaml-unique-keys.test.ts holds the
 *   result to the package's own check on generated files).
 */
import { isMap, isPair, isScalar, isSeq, YAMLParseError } from 'yaml';
import type { CST, Document, Pair, YAMLError, YAMLMap } from 'yaml';

/** The package's words for the error, kept so that its detail reads as before. */
const MESSAGE = 'Map keys must be unique';

/**
 * Adds a DUPLICATE_KEY error for every key that repeats an earlier key of its mapping, and drops
 * the source tokens kept for it (they would hold the whole syntax tree as long as the document).
 */
export function checkUniqueKeys(doc: Document.Parsed): void {
  const duplicates = duplicateKeys(doc.contents);
  if (duplicates.length > 0) doc.errors = mergeErrors(doc.errors, duplicates);
}

/**
 * A node the duplicate is in, for the errors the package raises once it has composed what is in the
 * node, so after the duplicate though their offset comes first: a key's MISSING_CHAR ("Implicit map
 * keys need to be followed by map values") and a block collection's BLOCK_IN_FLOW (in a flow
 * collection), both at the node's span; a block mapping's IMPOSSIBLE ("Map comment with trailing
 * content") inside it; a tagged collection's TAG_RESOLVE_FAILED ("Set items must all have null values")
 * at its tag, before it.
 */
interface Enclosing {
  kind: 'key' | 'block-map' | 'collection';
  /** A collection with a tag such as !!set, checked (TAG_RESOLVE_FAILED, at the tag) once it is composed. */
  tagged?: boolean;
  start: number;
  end: number;
  up: Enclosing | undefined;
}

/**
 * A repeated key: the error, where what the package composes before raising it ends (the key in a
 * block mapping, key and value in a flow mapping), and the nodes it is in.
 */
interface Duplicate {
  error: YAMLError;
  end: number;
  enclosing: Enclosing;
}

type Step = { visit: unknown; in: Enclosing | undefined } | { check: Pair; at: number; end: number; seen: Set<unknown>; in: Enclosing };

type Range = [number, number, number];

/**
 * Every repeated key under `root`, in the order the package composes the document: a mapping's key,
 * then that key's check, then its value. Iterative, so a deeply nested file cannot exhaust the stack.
 */
function duplicateKeys(root: unknown): Duplicate[] {
  const found: Duplicate[] = [];
  const steps: Step[] = [{ visit: root, in: undefined }];
  while (steps.length > 0) {
    const step = steps.pop()!;
    if ('check' in step) {
      const key = step.check.key;
      if (!isScalar(key) || (typeof key.value === 'number' && Number.isNaN(key.value))) continue;
      if (!step.seen.has(key.value)) step.seen.add(key.value);
      else found.push({ error: new YAMLParseError([step.at, step.at + 1], 'DUPLICATE_KEY', MESSAGE), end: step.end, enclosing: step.in });
      continue;
    }
    const node = step.visit;
    if (node !== null && typeof node === 'object' && 'srcToken' in node) node.srcToken = undefined;
    if (isMap(node)) {
      const starts = keyStarts(node);
      const seen = new Set<unknown>();
      const [start, end] = node.range ?? [0, 0];
      const inMap: Enclosing = { kind: node.flow ? 'collection' : 'block-map', tagged: node.tag !== undefined, start, end, up: step.in };
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i]!;
        const [keyStart, keyEnd] = (pair.key as { range?: Range } | null)?.range ?? [starts[i]!, starts[i]!];
        // A block mapping checks a key before it composes the value; a flow mapping after.
        if (node.flow) {
          const inKey: Enclosing = { kind: 'collection', start: keyStart, end: keyEnd, up: inMap };
          const pairEnd = (pair.value as { range?: Range } | null)?.range?.[2] ?? keyEnd;
          steps.push({ check: pair, at: starts[i]!, end: pairEnd, seen, in: inMap }, { visit: pair.value, in: inMap }, { visit: pair.key, in: inKey });
        } else {
          const inKey: Enclosing = { kind: 'key', start: keyStart, end: keyEnd, up: inMap };
          steps.push({ visit: pair.value, in: inMap }, { check: pair, at: starts[i]!, end: keyEnd, seen, in: inKey }, { visit: pair.key, in: inKey });
        }
      }
    } else if (isSeq(node)) {
      const [start, end] = node.range ?? [0, 0];
      const inSeq: Enclosing = { kind: 'collection', tagged: node.tag !== undefined, start, end, up: step.in };
      // A !!pairs or !!omap sequence holds pairs, one-pair mappings before it was resolved.
      for (let i = node.items.length - 1; i >= 0; i--) steps.push({ visit: node.items[i], in: inSeq });
    } else if (isPair(node)) {
      steps.push({ visit: node.value, in: step.in }, { visit: node.key, in: step.in });
    }
  }
  return found;
}

/**
 * Where the package reports each key of a mapping: the end of the tokens before the key (its
 * indentation, `?`, anchor, tag, comments), or, when there are none, the end of the item before it.
 * That is the key's first character, but for an empty key (`: value`) its `:`, and for a key whose
 * line break went to the item before (after a nested mapping whose last value is empty) the end
 * of that item.
 */
function keyStarts(map: YAMLMap): number[] {
  const start = map.range?.[0] ?? 0;
  let offset = map.flow ? start + 1 : start; // past the `{`
  return map.items.map((pair) => {
    const item = (pair as Pair & { srcToken?: CST.CollectionItem }).srcToken;
    (pair as Pair & { srcToken?: CST.CollectionItem }).srcToken = undefined;
    const keyRange = (pair.key as { range?: Range } | null)?.range;
    const before = item?.start.at(-1);
    const at = before ? before.offset + before.source.length : item ? offset : (keyRange?.[0] ?? offset);
    const sep = item?.sep?.at(-1);
    const valueRange = (pair.value as { range?: Range } | null)?.range;
    offset = valueRange ? valueRange[2] : sep ? sep.offset + sep.source.length : (keyRange?.[2] ?? offset);
    return at;
  });
}

/**
 * The package's errors with the duplicates put where the package raises them while it composes the
 * document: after the errors before the key or inside it, before the errors past it and before the
 * errors raised once the key, or a mapping or key the duplicate is in, is composed.
 */
function mergeErrors(errors: readonly YAMLError[], duplicates: readonly Duplicate[]): YAMLError[] {
  const out: YAMLError[] = [];
  let i = 0;
  for (const duplicate of duplicates) {
    while (i < errors.length && raisedBefore(errors[i]!, duplicate)) out.push(errors[i++]!);
    out.push(duplicate.error);
  }
  while (i < errors.length) out.push(errors[i++]!);
  return out;
}

function raisedBefore(e: YAMLError, { error, end, enclosing }: Duplicate): boolean {
  const [from, to] = e.pos;
  if (from > error.pos[0] && from >= end) return false;
  if (e.code === 'MISSING_CHAR' || e.code === 'BLOCK_IN_FLOW' || e.code === 'IMPOSSIBLE' || e.code === 'TAG_RESOLVE_FAILED') {
    for (let node: Enclosing | undefined = enclosing; node; node = node.up) {
      const span = from === node.start && to === node.end;
      const after =
        e.code === 'MISSING_CHAR' ? node.kind === 'key' && span
        : e.code === 'BLOCK_IN_FLOW' ? span
        : e.code === 'IMPOSSIBLE' ? node.kind === 'block-map' && node.start <= from && from < node.end
        : node.tagged === true && to <= node.start;
      if (after) return false;
    }
  }
  return true;
}
