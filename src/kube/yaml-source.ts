/**
 * A YAML file read as lines and as the `yaml` package's concrete syntax tree (CST), to tell what a
 * parse error is about: which key a line declares, at which columns the keys above it start, which
 * quote or bracket is left open.
 */
import { CST, Parser } from 'yaml';

/** A key above some line that opens a level of indentation: a place a key below could line up with. */
export interface Level {
  /** 1-based line and column of the key. */
  line: number;
  column: number;
  key: string;
}

/** A quote or bracket opened at `offset` and not closed by the character it needs before `end`. */
export interface OpenDelimiter {
  offset: number;
  end: number;
  open: string;
  close: string;
  /** The wrong closing bracket, when there is one (`{ … ]`). */
  closedWith?: string;
}

/** Indentation, then list dashes (`- - a`). */
const LINE_HEAD = /^( *)((?:-(?: +|$))*)/;
/** `key:` followed by a space or the end of the line: a quoted key, or a plain one (lazy, so `a: b: c` gives `a`). */
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#][^#]*?) *:(?=[ \t]|$)/;

export class YamlSource {
  readonly text: string;
  private readonly starts: number[] = [0];
  private delimiters?: OpenDelimiter[];

  constructor(text: string) {
    this.text = text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of a 1-based line and column. */
  offsetOf(line: number, column: number): number {
    return (this.starts[line - 1] ?? this.text.length) + column - 1;
  }


  /** A 1-based line without its line break. */
  line(n: number): string {
    const start = this.starts[n - 1];
    if (start === undefined) return '';
    const end = this.starts[n] ?? this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$/, '');
  }

  /** Blank, or only a comment. */
  isBlank(n: number): boolean {
    return /^\s*(#.*)?$/.test(this.line(n));
  }

  /** A document marker line (`---`, `...`): the lines above it belong to another document. */
  isDocumentMarker(n: number): boolean {
    return /^(---|\.\.\.)(\s|$)/.test(this.line(n));
  }

  /** 1-based columns where the line's indentation ends (`indent`, a list dash or content) and its content starts after any list dashes. */
  head(n: number): { indent: number; dash: boolean; content: number } {
    const m = LINE_HEAD.exec(this.line(n))!;
    return { indent: m[1]!.length + 1, dash: m[2]! !== '', content: m[1]!.length + m[2]!.length + 1 };
  }

  /** The key a line declares (`  - name: web` → `name`), or undefined when it declares none. */
  keyOf(n: number): string | undefined {
    const m = KEY.exec(this.line(n).slice(this.head(n).content - 1));
    return m ? m[1]!.trim() : undefined;
  }

  /** The text from an offset to the end of its line, without a trailing comment. */
  restOfLine(offset: number): string {
    const n = this.lineOf(offset);
    return this.line(n)
      .slice(offset - this.starts[n - 1]!)
      .replace(/(^|\s)#.*$/, '')
      .trim();
  }

  /** The next line after `n` that is not blank, within the same document. */
  nextContentLine(n: number): number | undefined {
    for (let l = n + 1; l <= this.starts.length; l++) {
      if (this.isDocumentMarker(l)) return undefined;
      if (!this.isBlank(l)) return l;
    }
    return undefined;
  }

  /**
   * The keys above line `n` that a key on line `n` could line up with, nearest first (deepest
   * column first): for every column, the nearest key above that is not closed off by a line
   * indented less. Stops at the document's first line or a document marker.
   */
  levelsAbove(n: number): Level[] {
    const levels: Level[] = [];
    let limit = Infinity;
    for (let l = n - 1; l >= 1 && limit > 1; l--) {
      if (this.isDocumentMarker(l)) break;
      if (this.isBlank(l)) continue;
      const head = this.head(l);
      const key = this.keyOf(l);
      if (key !== undefined && head.content < limit) levels.push({ line: l, column: head.content, key });
      if (head.dash) limit = Math.min(limit, head.indent);
      else if (key !== undefined) limit = Math.min(limit, head.content);
    }
    return levels;
  }

  /** The nearest line above `n` (same document) that starts a list item, and the column of its dash. */
  listItemAbove(n: number): { line: number; column: number } | undefined {
    for (let l = n - 1; l >= 1; l--) {
      if (this.isDocumentMarker(l)) return undefined;
      if (this.isBlank(l)) continue;
      const head = this.head(l);
      if (head.dash) return { line: l, column: head.indent };
    }
    return undefined;
  }

  /**
   * The `key: |` or `key: >` above line `n` whose text line `n` falls out of, by being indented no
   * deeper than the key, with the column the text lines start at.
   */
  blockScalarAbove(n: number): { line: number; header: string; textColumn: number } | undefined {
    const column = this.head(n).indent;
    let textColumn: number | undefined;
    for (let l = n - 1; l >= 1; l--) {
      if (this.isDocumentMarker(l)) return undefined;
      if (this.isBlank(l)) continue;
      const head = this.head(l);
      if (head.indent > column) {
        textColumn = head.indent;
        continue;
      }
      const header = this.line(l).trim();
      const isBlockHeader = this.keyOf(l) !== undefined && /:\s+[|>][-+0-9]*\s*(#.*)?$/.test(header);
      return isBlockHeader && textColumn !== undefined ? { line: l, header: header.replace(/\s*#.*$/, ''), textColumn } : undefined;
    }
    return undefined;
  }

  /** The innermost quote or bracket left open (or closed with the wrong bracket) whose text spans `offset`. */
  openDelimiterAt(offset: number): OpenDelimiter | undefined {
    let found: OpenDelimiter | undefined;
    for (const d of this.openDelimiters()) {
      if (d.offset <= offset && offset <= d.end && (!found || d.offset > found.offset)) found = d;
    }
    return found;
  }

  private openDelimiters(): OpenDelimiter[] {
    if (this.delimiters) return this.delimiters;
    const found: OpenDelimiter[] = [];
    const inspect = (token: CST.Token | null | undefined): void => {
      if (!token) return;
      if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
        const quote = token.source[0]!;
        if (!quoteClosed(token.source)) found.push({ offset: token.offset, end: token.offset + token.source.length, open: quote, close: quote });
      } else if (token.type === 'flow-collection') {
        const open = token.start.source;
        const close = open === '{' ? '}' : ']';
        const end = token.end.find((t) => t.type === 'flow-map-end' || t.type === 'flow-seq-end');
        if (end?.source !== close) {
          found.push({ offset: token.offset, end: token.offset + CST.stringify(token).length, open, close, ...(end ? { closedWith: end.source } : {}) });
        }
      }
    };
    for (const token of new Parser().parse(this.text)) {
      if (token.type !== 'document') continue;
      // The document's own value is visited as an item too.
      CST.visit(token, (item) => {
        inspect(item.key);
        inspect(item.value);
      });
    }
    this.delimiters = found;
    return found;
  }
}

/** Whether a quoted scalar's source ends with its closing quote (`\"` and `''` are escapes, not ends). */
function quoteClosed(source: string): boolean {
  const body = source.slice(1);
  return source[0] === '"' ? /^(?:[^"\\]|\\[\s\S])*"$/.test(body) : /^(?:[^']|'')*'$/.test(body);
}
