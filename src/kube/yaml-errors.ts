/**
 * What a YAML parse error means, said to a student: the beginner mistake behind it (wrong
 * indentation, a tab, a missing colon or space, a misaligned list item, an open quote or bracket, a
 * duplicate key, two objects without `---`, a value with `: ` in it), where it is, and how to fix it.
 *
 * The `yaml` package names an error by its code (its docs/08_errors.md: "you should primarily use
 * `code`"); one code covers several mistakes (MISSING_CHAR is raised for an open quote and for a
 * key indented one space too little under a list item), so the mistake is told from the code and
 * the text around the error's position, never from the package's message, which is kept as detail.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, ErrorCode, YAMLError, YAMLMap } from 'yaml';
import { text, type Text } from './text.ts';
import type { Level, OpenDelimiter, YamlSource } from './yaml-source.ts';

export type YamlMistake =
  | 'Indentation'
  | 'TabIndentation'
  | 'MissingColon'
  | 'MissingSpaceAfterColon'
  | 'ListItemIndentation'
  | 'UnclosedQuote'
  | 'UnclosedBracket'
  | 'DuplicateKey'
  | 'MissingDocumentSeparator'
  | 'ColonInValue'
  | 'Other';

export interface YamlSyntaxError {
  mistake: YamlMistake;
  message: Text;
  /** Where the mistake is: the key, list dash, quote or bracket to look at. */
  offset: number;
  /** The `yaml` package's own code and message. */
  detail: string;
}

/** What the other error codes mean. */
const MESSAGES: Partial<Record<ErrorCode, Text>> = {
  BAD_INDENT: text('들여쓰기가 맞지 않는다', 'the indentation is wrong'),
  UNEXPECTED_TOKEN: text('예상하지 못한 문자가 있다', 'there is an unexpected character'),
  BAD_SCALAR_START: text('값이 허용되지 않는 문자로 시작한다 (따옴표로 감싸자)', 'a value starts with a character that is not allowed (quote it)'),
  BAD_DQ_ESCAPE: text('큰따옴표 문자열에 잘못된 이스케이프가 있다', 'a double-quoted string has an invalid escape'),
  BAD_ALIAS: text('정의되지 않은 별칭(alias)을 참조한다', 'an alias refers to an anchor that is not defined'),
  ALIAS_PROPS: text('별칭(alias)에 태그나 앵커를 붙일 수 없다', 'an alias cannot have a tag or an anchor'),
  BLOCK_IN_FLOW: text('흐름 컬렉션 안에 블록이 있다', 'a block appears inside a flow collection'),
  KEY_OVER_1024_CHARS: text('키가 1024자를 넘는다', 'a key is longer than 1024 characters'),
  MULTIPLE_ANCHORS: text('한 노드에 앵커가 여러 개다', 'a node has several anchors'),
  MULTIPLE_TAGS: text('한 노드에 태그가 여러 개다', 'a node has several tags'),
  TAG_RESOLVE_FAILED: text('태그를 해석할 수 없다', 'a tag cannot be resolved'),
  BAD_DIRECTIVE: text('잘못된 YAML 지시자다', 'an invalid YAML directive'),
  RESOURCE_EXHAUSTION: text('문서가 너무 크게 펼쳐진다', 'the document expands too much'),
};

/** Root keys every object has: seeing them again at the root means a second object began there. */
const OBJECT_KEYS = new Set(['apiVersion', 'kind']);

/**
 * The mistakes behind one document's parse errors. After the first error that breaks the
 * document's structure the package goes on guessing, and its later errors mostly follow from the
 * first (a tab-indented line makes the keys below it "wrong"; a list dash at the wrong column is
 * also a multi-line key and a key without a value): that first error is the last one explained.
 * A duplicate key leaves the structure whole, so every duplicate before it is explained too.
 */
export function explainYamlErrors(doc: Document.Parsed, source: YamlSource): YamlSyntaxError[] {
  const keys = doc.errors.some((e) => e.code === 'DUPLICATE_KEY') ? indexKeys(doc) : new Map<number, KeyAt>();
  // Two objects in one document: the second one's keys (apiVersion, kind, metadata …) repeat the first one's.
  const rootDuplicates = doc.errors.flatMap((e) => {
    const found = e.code === 'DUPLICATE_KEY' ? keys.get(e.pos[0]) : undefined;
    return found?.map === doc.contents ? [found.name] : [];
  });
  const twoObjects = new Set(rootDuplicates).size >= 2 && rootDuplicates.some((k) => OBJECT_KEYS.has(k));
  const objectStartKey = twoObjects ? rootDuplicates[0] : undefined;

  const out: YamlSyntaxError[] = [];
  for (const err of doc.errors) {
    const detail = `${err.code}: ${err.message.split('\n')[0] ?? err.message}`;
    const explained = explain(err, doc, source, keys, objectStartKey);
    if (explained === null) continue; // another key of an object already explained
    out.push({ ...(explained ?? other(err, source, detail)), detail });
    if (err.code !== 'DUPLICATE_KEY') break;
  }
  return out;
}

type Explained = Omit<YamlSyntaxError, 'detail'>;

/** The mistake, undefined when the error is none of the known ones, null when it is explained by another error. */
function explain(err: YAMLError, doc: Document.Parsed, src: YamlSource, keys: Map<number, KeyAt>, objectStartKey: string | undefined): Explained | undefined | null {
  const at = err.pos[0];
  const line = src.lineOf(at);
  const head = src.head(line);
  const key = src.keyOf(line);
  const keyStart = src.offsetOf(line, head.content);
  const atLineStart = at <= src.offsetOf(line, head.indent);
  // At the start of a line's content that is not `key: …`: a key whose colon or space is missing.
  const atBrokenKey = at === keyStart && key === undefined;
  const inValue = at > keyStart && key !== undefined;
  if (err.code === 'MISSING_CHAR' || err.code === 'BAD_INDENT' || err.code === 'UNEXPECTED_TOKEN') {
    const open = src.openDelimiterAt(at);
    if (open) return openDelimiter(open);
  }
  if ((err.code === 'MISSING_CHAR' || err.code === 'BAD_INDENT' || err.code === 'MULTILINE_IMPLICIT_KEY') && !head.dash && key === undefined) {
    const block = src.blockScalarAbove(line);
    if (block) return outsideTextBlock(src, line, block);
  }
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return { mistake: 'TabIndentation', offset: at, message: text('들여쓰기에 탭을 썼다 (YAML은 공백만 허용한다)', 'a tab is used for indentation (YAML allows spaces only)') };
    case 'DUPLICATE_KEY':
      return duplicateKey(doc, src, at, keys.get(at), objectStartKey);
    case 'MISSING_CHAR':
      if (head.dash && atLineStart) return listItem(src, line);
      // "Implicit map keys need to be followed by map values": the key's line has no `: `.
      if (atBrokenKey) return missingColon(src, at);
      // "Sequence item without - indicator": a key under a list item, left of the item's keys.
      if (atLineStart && key !== undefined) return misplacedKey(src, line);
      return undefined;
    case 'BAD_INDENT':
      // "All sequence items must start at the same column", "All mapping items must start at the same column".
      if (head.dash && atLineStart) return listItem(src, line);
      return key !== undefined ? misplacedKey(src, line) : undefined;
    case 'BLOCK_AS_IMPLICIT_KEY':
      // "A block sequence may not be used as an implicit map key": a list item left of its list.
      if (head.dash && atLineStart) return listItem(src, line);
      if (!inValue) return undefined;
      // At the end of `key:`: the list below the key starts left of it.
      if (src.restOfLine(at) === '') return listLeftOfKey(src, line);
      // "Nested mappings are not allowed in compact mappings": a value that goes on to `key: …`.
      return /:(\s|$)/.test(src.restOfLine(at)) ? colonInValue(src, at) : deeperThanValue(src, line);
    case 'UNEXPECTED_TOKEN':
      // A key at the start of a line, left of the document's first key ("Unexpected scalar at node end").
      return atLineStart && key !== undefined && src.levelsAbove(line).length > 0 ? misplacedKey(src, line) : undefined;
    case 'MULTILINE_IMPLICIT_KEY':
      // A key runs on to the next line: its `:` is missing, or, after `key: value`, the next line is indented deeper.
      if (atBrokenKey) return missingColon(src, at);
      return inValue ? deeperThanValue(src, line) : undefined;
    default:
      return undefined;
  }
}

function other(err: YAMLError, src: YamlSource, detail: string): Explained {
  const char = src.text[err.pos[0]]?.trim();
  const known = err.code === 'UNEXPECTED_TOKEN' && char ? text(`예상하지 못한 문자가 있다: '${char}'`, `there is an unexpected character: '${char}'`) : MESSAGES[err.code];
  const message = known ?? text(`YAML을 해석할 수 없다 (${detail})`, `the YAML cannot be parsed (${detail})`);
  return { mistake: 'Other', offset: err.pos[0], message };
}

/** A key at a column that lines up with no key above it. */
function misplacedKey(src: YamlSource, line: number): Explained {
  const head = src.head(line);
  const offset = src.offsetOf(line, head.content);
  const name = quoted(src.keyOf(line) ?? src.restOfLine(offset));
  const levels = src.levelsAbove(line);
  const deeper = levels.filter((l) => l.column > head.content).at(-1);
  const shallower = levels.find((l) => l.column < head.content);
  const near = [deeper, shallower].filter((l): l is Level => l !== undefined);
  if (near.length === 0) return { mistake: 'Indentation', offset, message: text(`${name}의 들여쓰기(${head.content}열)가 맞지 않는다`, `${name} is indented to column ${head.content}, which is wrong here`) };
  return {
    mistake: 'Indentation',
    offset,
    message: text(
      `${name}의 들여쓰기(${head.content}열)가 위의 어느 키와도 맞지 않는다. 위 키들의 시작 열: ${near.map((l) => `${l.column}열(${l.line}행 ${quoted(l.key)})`).join(', ')}. 같은 단계의 키와 열을 맞추자`,
      `${name} is indented to column ${head.content}, which lines up with no key above it; keys above start at ${near.map((l) => `column ${l.column} (line ${l.line}, ${quoted(l.key)})`).join(' and ')}. Line it up with the keys it belongs with`,
    ),
  };
}

/** `key: value` on `line`, then a line indented deeper: YAML reads that line as more of the value. */
function deeperThanValue(src: YamlSource, line: number): Explained | undefined {
  const parent = src.keyOf(line);
  const next = src.nextContentLine(line);
  if (parent === undefined || next === undefined) return undefined;
  const head = src.head(next);
  const parentColumn = src.head(line).content;
  if (head.content <= parentColumn) return undefined;
  const offset = src.offsetOf(next, head.content);
  const name = quoted(src.keyOf(next) ?? src.restOfLine(offset));
  return {
    mistake: 'Indentation',
    offset,
    message: text(
      `${name}의 들여쓰기(${head.content}열)가 ${line}행 ${quoted(parent)}의 들여쓰기(${parentColumn}열)보다 깊은데, ${quoted(parent)}에는 이미 값이 있다. 두 키의 열을 맞추자`,
      `${name} (column ${head.content}) is indented deeper than ${quoted(parent)} on line ${line} (column ${parentColumn}), which already has a value. Line the two keys up`,
    ),
  };
}

/** A list item whose dash does not line up with the items of its list. */
function listItem(src: YamlSource, line: number): Explained {
  const column = src.head(line).indent;
  const offset = src.offsetOf(line, column);
  const above = src.listItemAbove(line);
  if (!above || above.column === column) {
    return { mistake: 'ListItemIndentation', offset, message: text(`${column}열의 '-'로 시작하는 목록 항목이 속한 목록과 열이 맞지 않는다`, `this list item ('-' at column ${column}) does not line up with the list it belongs to`) };
  }
  return {
    mistake: 'ListItemIndentation',
    offset,
    message: text(
      `${column}열의 '-'로 시작하는 목록 항목이 ${above.line}행의 항목(${above.column}열)과 열이 맞지 않는다. 한 목록의 항목은 같은 열에서 시작한다`,
      `this list item ('-' at column ${column}) does not line up with the item on line ${above.line} ('-' at column ${above.column}). Items of one list start at the same column`,
    ),
  };
}

/** `key:` on `line`, then its list with the dashes left of the key. */
function listLeftOfKey(src: YamlSource, line: number): Explained | undefined {
  const next = src.nextContentLine(line);
  const key = src.keyOf(line);
  const keyColumn = src.head(line).content;
  if (next === undefined || key === undefined || !src.head(next).dash) return undefined;
  const column = src.head(next).indent;
  if (column >= keyColumn) return undefined;
  return {
    mistake: 'ListItemIndentation',
    offset: src.offsetOf(next, column),
    message: text(
      `${column}열의 '-'로 시작하는 목록 항목이 속한 키 ${quoted(key)}(${line}행, ${keyColumn}열)보다 덜 들여 쓰였다. ${keyColumn}열이나 그보다 오른쪽으로 옮기자`,
      `this list item ('-' at column ${column}) is indented less than ${quoted(key)} on line ${line} (column ${keyColumn}), the key it belongs to: move it to column ${keyColumn} or further right`,
    ),
  };
}

/** A line of a `key: |` text block indented too little to stay in it: YAML reads it as a new key. */
function outsideTextBlock(src: YamlSource, line: number, block: { line: number; header: string; textColumn: number }): Explained {
  return {
    mistake: 'Indentation',
    offset: src.offsetOf(line, src.head(line).content),
    message: text(
      `이 줄이 ${block.line}행 ${quoted(block.header)}의 텍스트보다 덜 들여 쓰여 YAML이 새 키로 읽는다. 위 텍스트처럼 ${block.textColumn}열에 맞추자`,
      `this line is indented less than the text of ${quoted(block.header)} on line ${block.line}, so YAML reads it as a new key: indent it to column ${block.textColumn} like the text above`,
    ),
  };
}

/** A key without `: ` after it: the colon is missing (`kind Pod`), or the space after it (`image:nginx`). */
function missingColon(src: YamlSource, at: number): Explained {
  const written = src.restOfLine(at);
  if (/^[^\s:]+:\S/.test(written)) {
    const fixed = written.replace(':', ': ');
    return {
      mistake: 'MissingSpaceAfterColon',
      offset: at,
      message: text(`${quoted(written)}에서 콜론(:) 뒤에 공백이 없다. ${quoted(fixed)}처럼 쓰자`, `${quoted(written)} needs a space after the colon: write ${quoted(fixed)}`),
    };
  }
  const fixed = /\s/.test(written) ? written.replace(/\s+/, ': ') : `${written}:`;
  return {
    mistake: 'MissingColon',
    offset: at,
    message: text(`${quoted(written)}에서 키 뒤에 콜론(:)이 없다. ${quoted(fixed)}처럼 쓰자`, `${quoted(written)} has no colon after the key: write ${quoted(fixed)}`),
  };
}

/** `key: a: b`: the value holds `: `, so YAML reads a second key in it. */
function colonInValue(src: YamlSource, at: number): Explained {
  const value = src.restOfLine(at);
  const line = src.lineOf(at);
  const key = src.line(line).slice(src.head(line).content - 1, at - src.offsetOf(line, 1)).trim();
  const fixed = `${key} ${value.includes('"') ? `'${value.replaceAll("'", "''")}'` : `"${value}"`}`;
  return {
    mistake: 'ColonInValue',
    offset: at,
    message: text(
      `값 ${quoted(value)} 안의 ': '를 YAML이 또 다른 키의 시작으로 읽는다. ${fixed}처럼 값을 따옴표로 감싸자`,
      `the value ${quoted(value)} contains ': ', which YAML reads as the start of another key: quote the value, ${fixed}`,
    ),
  };
}

function openDelimiter(d: OpenDelimiter): Explained {
  if (d.open === '"' || d.open === "'") {
    return {
      mistake: 'UnclosedQuote',
      offset: d.offset,
      message: text(`닫는 따옴표가 빠졌다: 여기서 연 ${d.open}를 닫지 않았다 (값 끝에 ${d.close}를 붙이자)`, `a closing quote is missing: the ${d.open} that opens here is never closed (end the value with ${d.close})`),
    };
  }
  if (d.closedWith) {
    return {
      mistake: 'UnclosedBracket',
      offset: d.offset,
      message: text(`괄호를 잘못 닫았다: 여기서 연 ${d.open}를 ${d.close}가 아니라 ${d.closedWith}로 닫았다`, `a bracket is closed with the wrong character: the ${d.open} that opens here ends with ${d.closedWith} instead of ${d.close}`),
    };
  }
  return {
    mistake: 'UnclosedBracket',
    offset: d.offset,
    message: text(`닫는 괄호가 빠졌다: 여기서 연 ${d.open}를 ${d.close}로 닫지 않았다`, `a closing bracket is missing: the ${d.open} that opens here is never closed with ${d.close}`),
  };
}

function duplicateKey(doc: Document.Parsed, src: YamlSource, at: number, key: KeyAt | undefined, objectStartKey: string | undefined): Explained | null {
  if (!key) return { mistake: 'DuplicateKey', offset: at, message: text('한 매핑에 같은 키가 두 번 나온다. 하나만 남기자', 'the same key appears twice in one mapping. Keep one') };
  const first = src.lineOf(key.firstOffset);
  if (objectStartKey !== undefined && key.map === doc.contents) {
    if (key.name !== objectStartKey) return null; // another key of the second object
    const line = src.lineOf(at);
    return {
      mistake: 'MissingDocumentSeparator',
      offset: at,
      message: text(
        `${quoted(key.name)} 키가 다시 나온다(처음은 ${first}행): 여기서 두 번째 오브젝트가 '---' 줄 없이 시작된다. ${line}행 앞에 '---' 줄을 넣자`,
        `${quoted(key.name)} appears again (first on line ${first}), so a second object starts here without a '---' line: add a line '---' before line ${line}`,
      ),
    };
  }
  return {
    mistake: 'DuplicateKey',
    offset: at,
    message: text(
      `한 매핑에 같은 키가 두 번 나온다: ${quoted(key.name)} (처음은 ${first}행). 하나만 남기자`,
      `the same key appears twice in one mapping: ${quoted(key.name)} (first on line ${first}). Keep one`,
    ),
  };
}

/** A mapping key: its name, the mapping it is in, and where that name first appears in the mapping. */
interface KeyAt {
  name: string;
  map: YAMLMap;
  firstOffset: number;
}

/** Every scalar mapping key of a document by the offset it starts at, found in one pass (a file may repeat thousands). */
function indexKeys(doc: Document.Parsed): Map<number, KeyAt> {
  const keys = new Map<number, KeyAt>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const first = new Map<string, number>();
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range) {
          const name = String(pair.key.value);
          const offset = pair.key.range[0];
          if (!first.has(name)) first.set(name, offset);
          keys.set(offset, { name, map: node, firstOffset: first.get(name)! });
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      stack.push(...node.items);
    } else if (isPair(node)) {
      stack.push(node.key, node.value);
    }
  }
  return keys;
}

/** A name or a piece of the student's text in quotes, cut short when long. */
function quoted(s: string): string {
  return `'${s.length > 40 ? `${s.slice(0, 39)}…` : s}'`;
}
