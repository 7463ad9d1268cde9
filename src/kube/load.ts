/**
 * Load Kubernetes manifests from YAML text, keeping the file, line and column of every field so that
 * any later message can point at `deploy.yaml:12:7`.
 *
 * YAML 1.1 scalars are used (`yes`/`no` are booleans, `0755` is octal) because the API server decodes
 * manifests with sigs.k8s.io/yaml, which is built on go-yaml's YAML 1.1 rules.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { apiVersionOf, lookupKind, lookupKindAnyVersion, suggestKind } from './kinds.ts';
import { isPlainObject, type KubeObject } from './object.ts';
import type { FieldPath, SourcePosition } from './position.ts';
import { text, type Text } from './text.ts';
import { explainYamlErrors, type YamlMistake } from './yaml-errors.ts';
import { YamlSource } from './yaml-source.ts';
import { checkUniqueKeys } from './yaml-unique-keys.ts';
import { fieldOffset } from './yaml-path.ts';

export interface Manifest {
  object: KubeObject;
  file: string;
  /** 0-based index of the YAML document in its file. */
  documentIndex: number;
  /** Where the object starts. */
  position: SourcePosition;
  /** Position of a field of this object, or of its nearest ancestor that exists in the file. */
  locate(path: FieldPath): SourcePosition;
}

export type LoadProblemCode =
  | 'YAMLSyntax'
  | 'TooManyAliases'
  | 'TooManyDocuments'
  | 'TooDeep'
  | 'NotAnObject'
  | 'MissingApiVersion'
  | 'MissingKind'
  | 'UnknownKind';

export interface LoadProblem {
  code: LoadProblemCode;
  message: Text;
  position: SourcePosition;
  /** YAMLSyntax only: the beginner mistake the message explains (yaml-errors.ts). */
  mistake?: YamlMistake;
  /** YAMLSyntax only: the `yaml` package's own code and message, e.g. `BAD_INDENT: All mapping items must start at the same column`. */
  detail?: string;
}

export interface LoadResult {
  manifests: Manifest[];
  problems: LoadProblem[];
}

export interface LoadOptions {
  /** Upper bound on alias expansion per document (a "billion laughs" guard). Default 100. */
  maxAliasCount?: number;
  /** Most YAML documents in one file; a file with more is refused before it is parsed. Default 500. */
  maxDocuments?: number;
  /** Deepest nesting of mappings and sequences in a document. Default 100. */
  maxDepth?: number;
}

export const DEFAULT_MAX_ALIAS_COUNT = 100;
export const DEFAULT_MAX_DOCUMENTS = 500;
export const DEFAULT_MAX_DEPTH = 100;

/**
 * YAML 1.1 collection types the API server does not know: go-yaml, under sigs.k8s.io/yaml, decodes a
 * sequence or mapping by its kind whatever its tag (gopkg.in/yaml.v2 decode.go, decoder.unmarshal),
 * so `!!omap [...]` is a plain list and `!!set {a}` a plain mapping. The `yaml` package would build
 * them, and its !!omap checks its keys in quadratic time (src/schema/yaml-1.1/omap.ts, `seenKeys.includes`).
 */
const UNKNOWN_TO_THE_API_SERVER = new Set(['tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs', 'tag:yaml.org,2002:set']);

export function loadManifests(file: string, source: string, options: LoadOptions = {}): LoadResult {
  const maxAliasCount = options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
  const maxDocuments = options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const result: LoadResult = { manifests: [], problems: [] };
  const tooMany = excessDocumentMarker(source, maxDocuments);
  if (tooMany !== undefined) {
    result.problems.push({
      code: 'TooManyDocuments',
      message: text(
        `YAML 문서가 너무 많다: 한 파일에 최대 ${maxDocuments}개까지 읽는다 ('---'로 나뉜 문서). 파일을 읽지 않았다.`,
        `too many YAML documents: at most ${maxDocuments} are read from one file (documents separated by '---'). The file was not read.`,
      ),
      position: { file, line: lineOf(source, tooMany), column: 1 },
    });
    return result;
  }
  const lineCounter = new LineCounter();
  // Duplicate keys are an error (as for the API server), checked by checkUniqueKeys in one pass: the
  // package's own check (uniqueKeys) is quadratic in the size of a mapping. It reads the source tokens.
  const docs = parseAllDocuments(source, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
    keepSourceTokens: true,
    schema: 'yaml-1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || !UNKNOWN_TO_THE_API_SERVER.has(tag.tag)),
    resolveKnownTags: false, // or the package brings them back
  });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (!Array.isArray(docs)) return result; // an empty stream
  let yamlSource: YamlSource | undefined; // read around errors only

  docs.forEach((doc, documentIndex) => {
    checkUniqueKeys(doc);
    const tooDeep = (offset: number): void => {
      result.problems.push({
        code: 'TooDeep',
        message: text(
          `YAML이 너무 깊게 중첩되어 있다: 매핑과 시퀀스는 최대 ${maxDepth}단계까지 중첩할 수 있다.`,
          `the YAML is nested too deeply: mappings and sequences may nest at most ${maxDepth} levels.`,
        ),
        position: at(offset),
      });
    };
    // The parser gives up on very deep input when its stack runs out: say what the limit is instead.
    const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(e.message));
    if (exhausted) return tooDeep(exhausted.pos[0]);
    if (doc.errors.length > 0) {
      yamlSource ??= new YamlSource(source);
      for (const err of explainYamlErrors(doc, yamlSource)) {
        result.problems.push({
          code: 'YAMLSyntax',
          mistake: err.mistake,
          message: text(`YAML 구문 오류: ${err.message.ko}`, `YAML syntax error: ${err.message.en}`),
          position: at(err.offset),
          detail: err.detail,
        });
      }
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return; // empty document
    const tooManyAliases = (offset: number): void => {
      result.problems.push({
        code: 'TooManyAliases',
        message: text(
          `YAML 별칭(alias)이 너무 많이 펼쳐진다: 앵커(&)를 별칭(*)으로 참조해 펼친 결과가 한 문서에 최대 ${maxAliasCount}번까지 허용된다 ("billion laughs" 공격 방지).`,
          `YAML aliases expand too much: anchors (&) referenced through aliases (*) may expand at most ${maxAliasCount} times in one document (a "billion laughs" guard).`,
        ),
        position: at(offset),
      });
    };
    const shape = shapeOf(doc.contents, maxDepth, maxAliasCount);
    if (shape.tooDeep !== undefined) return tooDeep(shape.tooDeep);
    // Every alias expands at least once. The package counts expansions per anchor, so many anchors used
    // once each pass its count, and it looks each alias up among all of them: quadratic in their number.
    if (shape.aliasOverLimit !== undefined) return tooManyAliases(shape.aliasOverLimit);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch {
      tooManyAliases(doc.contents.range?.[0] ?? 0);
      return;
    }
    const locate = locator(doc, at);
    addObject(result, file, documentIndex, value, [], locate);
  });
  return result;
}

function addObject(
  result: LoadResult,
  file: string,
  documentIndex: number,
  value: unknown,
  prefix: FieldPath,
  locateInDoc: (path: FieldPath) => SourcePosition,
): void {
  const position = locateInDoc(prefix);
  const problem = (code: LoadProblemCode, message: Text): void => {
    result.problems.push({ code, message, position });
  };
  if (!isPlainObject(value)) {
    problem(
      'NotAnObject',
      text(
        '쿠버네티스 오브젝트가 아니다: 문서는 apiVersion, kind, metadata를 가진 매핑이어야 한다.',
        'not a Kubernetes object: a document must be a mapping with apiVersion, kind and metadata.',
      ),
    );
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof kind !== 'string' || kind === '') {
    problem('MissingKind', text("오브젝트에 'kind'가 없다.", "the object has no 'kind'."));
    return;
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    problem('MissingApiVersion', text(`${kind} 오브젝트에 'apiVersion'이 없다.`, `the ${kind} object has no 'apiVersion'.`));
    return;
  }
  if (apiVersion === 'v1' && kind === 'List' && Array.isArray(value.items)) {
    value.items.forEach((item, i) => addObject(result, file, documentIndex, item, [...prefix, 'items', i], locateInDoc));
    return;
  }
  if (!lookupKind(apiVersion, kind)) {
    // The API server's words: no matches for kind "Deployment" in version "v1".
    const sameKind = lookupKindAnyVersion(kind);
    const similar = sameKind ? undefined : suggestKind(kind);
    const hint = sameKind
      ? text(` ${kind}의 apiVersion은 '${apiVersionOf(sameKind)}'이다.`, ` ${kind} is served as apiVersion '${apiVersionOf(sameKind)}'.`)
      : similar
        ? text(` 혹시 '${similar.kind}'(apiVersion '${apiVersionOf(similar)}')인가?`, ` Did you mean '${similar.kind}' (apiVersion '${apiVersionOf(similar)}')?`)
        : text('', '');
    problem(
      'UnknownKind',
      text(
        `버전 "${apiVersion}"에 kind "${kind}"가 없다.${hint.ko}`,
        `no matches for kind "${kind}" in version "${apiVersion}".${hint.en}`,
      ),
    );
    return;
  }
  const object = { ...value, apiVersion, kind, metadata: isPlainObject(value.metadata) ? value.metadata : {} } as KubeObject;
  result.manifests.push({
    object,
    file,
    documentIndex,
    position,
    locate: (path) => locateInDoc([...prefix, ...path]),
  });
}

/**
 * Offset of the document marker (`---` at the start of a line) that opens document `max + 1`, or
 * undefined when the file has at most `max` documents. A plain scan, so a file of 100,000 documents
 * costs a regular expression, not a parse.
 */
function excessDocumentMarker(source: string, max: number): number | undefined {
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  const firstMarker = marker.exec(source);
  if (!firstMarker) return undefined;
  // Content before the first marker is a document of its own.
  let documents = /\S/.test(source.slice(0, firstMarker.index).replace(/^\s*#.*$/gm, '').replace(/^%.*$/gm, '')) ? 2 : 1;
  for (let m = marker.exec(source); m; m = marker.exec(source)) {
    documents++;
    if (documents > max) return m.index;
  }
  return documents > max ? firstMarker.index : undefined;
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Offsets of the first node nested deeper than `maxDepth` collections and of the first alias past
 * `maxAliases`, found in one walk without recursion.
 */
function shapeOf(root: unknown, maxDepth: number, maxAliases: number): { tooDeep?: number; aliasOverLimit?: number } {
  const stack: [unknown, number][] = [[root, 0]];
  let aliases = 0;
  let aliasOverLimit: number | undefined;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > maxDepth) return { tooDeep: node.range?.[0] ?? 0 };
      for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i], depth + 1]);
    } else if (isPair(node)) {
      stack.push([node.value, depth], [node.key, depth]);
    } else if (isAlias(node)) {
      if (++aliases > maxAliases) aliasOverLimit ??= node.range?.[0] ?? 0;
    }
  }
  return aliasOverLimit === undefined ? {} : { aliasOverLimit };
}

/** Maps field paths of one document to file positions. */
function locator(doc: Document.Parsed, at: (offset: number) => SourcePosition) {
  return (path: FieldPath): SourcePosition => at(fieldOffset(doc.contents, path));
}
