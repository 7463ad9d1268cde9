/**
 * Load Kubernetes manifests from YAML text, keeping the file, line and column of every field so that
 * any later message can point at `deploy.yaml:12:7`.
 *
 * YAML 1.1 scalars are used (`yes`/`no` are booleans, `0755` is octal) because the API server decodes
 * manifests with sigs.k8s.io/yaml, which is built on go-yaml's YAML 1.1 rules.
 */
import { isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { apiVersionOf, lookupKind, lookupKindAnyVersion, suggestKind } from './kinds.ts';
import { isPlainObject, type KubeObject } from './object.ts';
import type { FieldPath, SourcePosition } from './position.ts';
import { text, type Text } from './text.ts';
import { yamlErrorText } from './yaml-errors.ts';
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
  | 'NotAnObject'
  | 'MissingApiVersion'
  | 'MissingKind'
  | 'UnknownKind';

export interface LoadProblem {
  code: LoadProblemCode;
  message: Text;
  position: SourcePosition;
}

export interface LoadResult {
  manifests: Manifest[];
  problems: LoadProblem[];
}

export interface LoadOptions {
  /** Upper bound on alias expansion per document (a "billion laughs" guard). */
  maxAliasCount?: number;
}

export function loadManifests(file: string, source: string, options: LoadOptions = {}): LoadResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(source, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'yaml-1.1' });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const result: LoadResult = { manifests: [], problems: [] };
  if (!Array.isArray(docs)) return result; // an empty stream

  docs.forEach((doc, documentIndex) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) result.problems.push(syntaxProblem(err, at));
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return; // empty document
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? 100 });
    } catch (e) {
      result.problems.push({
        code: 'TooManyAliases',
        message: text(
          `YAML 별칭(alias)이 너무 많이 펼쳐진다: ${String((e as Error).message)}`,
          `YAML aliases expand too much: ${String((e as Error).message)}`,
        ),
        position: at(doc.contents.range?.[0] ?? 0),
      });
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

function syntaxProblem(err: YAMLError, at: (offset: number) => SourcePosition): LoadProblem {
  const detail = err.message.split('\n')[0] ?? err.message;
  const what = yamlErrorText(err.code);
  const suffix = what ? '' : ` (${detail})`;
  const known = what ?? text('YAML을 해석할 수 없다', 'the YAML cannot be parsed');
  return {
    code: 'YAMLSyntax',
    message: text(`YAML 구문 오류: ${known.ko}${suffix}`, `YAML syntax error: ${known.en}${suffix}`),
    position: at(err.pos[0]),
  };
}

/** Maps field paths of one document to file positions. */
function locator(doc: Document.Parsed, at: (offset: number) => SourcePosition) {
  return (path: FieldPath): SourcePosition => at(fieldOffset(doc.contents, path));
}
