/**
 * Partial matching of an object against an expected shape, in the style of chainsaw and kuttl
 * assertions, with the defaults students' manifests need:
 *
 * - keys the pattern does not mention are ignored;
 * - an array in the pattern matches when each of its elements matches *some* element of the actual
 *   array (any order, extra elements allowed); `inOrder([...])` asks for equal length and order;
 * - expressions compare: `atLeast(3)`, `atMost(5)`, `between(2, 4)`, `oneOf('a', 'b')`,
 *   `matching(/^nginx:/)`, `present()`, `absent()`;
 * - anything else must be equal.
 *
 * The result is every mismatch, field by field, with its path (so a grader maps it to file:line
 * through the submission's source positions) and what was expected and found, in Korean and English.
 */
import type { FieldPath } from '../kube/position.ts';
import { text, type Text } from '../kube/text.ts';

const EXPRESSION = Symbol('orchestra.expression');
const IN_ORDER = Symbol('orchestra.inOrder');

export interface Expression {
  readonly [EXPRESSION]: true;
  test(actual: unknown, present: boolean): boolean;
  /** What is expected, e.g. "at least 3". */
  describe: Text;
}

export interface InOrder {
  readonly [IN_ORDER]: readonly Pattern[];
}

export type Pattern = Expression | InOrder | string | number | boolean | null | readonly Pattern[] | { readonly [key: string]: Pattern };

export interface Mismatch {
  path: FieldPath;
  /** What the pattern asked for. */
  expected: Text;
  /** What was there ("(absent)" when nothing). */
  actual: string;
}

function expression(describe: Text, test: (actual: unknown, present: boolean) => boolean): Expression {
  return { [EXPRESSION]: true, test, describe };
}

export const atLeast = (n: number): Expression => expression(text(`${n} 이상`, `at least ${n}`), (v) => typeof v === 'number' && v >= n);
export const atMost = (n: number): Expression => expression(text(`${n} 이하`, `at most ${n}`), (v) => typeof v === 'number' && v <= n);
export const between = (lo: number, hi: number): Expression => expression(text(`${lo}에서 ${hi} 사이`, `between ${lo} and ${hi}`), (v) => typeof v === 'number' && v >= lo && v <= hi);
export const oneOf = (...values: (string | number | boolean)[]): Expression =>
  expression(text(`${values.map(show).join(', ')} 중 하나`, `one of ${values.map(show).join(', ')}`), (v) => values.some((x) => x === v));
export const matching = (re: RegExp): Expression => expression(text(`${re} 꼴의 문자열`, `a string matching ${re}`), (v) => typeof v === 'string' && re.test(v));
export const present = (): Expression => expression(text('값이 있어야 한다', 'present'), (_v, isPresent) => isPresent);
export const absent = (): Expression => expression(text('없어야 한다', 'absent'), (_v, isPresent) => !isPresent);

/** An array that must have exactly these elements, in this order. */
export function inOrder(...items: Pattern[]): InOrder {
  return { [IN_ORDER]: items };
}

function isExpression(p: unknown): p is Expression {
  return typeof p === 'object' && p !== null && EXPRESSION in p;
}

function isInOrder(p: unknown): p is InOrder {
  return typeof p === 'object' && p !== null && IN_ORDER in p;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every way `actual` differs from `pattern`; [] when it matches. */
export function matchObject(actual: unknown, pattern: Pattern, path: FieldPath = []): Mismatch[] {
  return compare(actual, actual !== undefined, pattern, path);
}

function compare(actual: unknown, isPresent: boolean, pattern: Pattern, path: FieldPath): Mismatch[] {
  if (isExpression(pattern)) return pattern.test(actual, isPresent) ? [] : [{ path, expected: pattern.describe, actual: isPresent ? show(actual) : '(absent)' }];
  if (isInOrder(pattern)) {
    const items = pattern[IN_ORDER];
    if (!Array.isArray(actual) || actual.length !== items.length) {
      return [{ path, expected: text(`원소 ${items.length}개의 목록`, `a list of ${items.length} element(s)`), actual: Array.isArray(actual) ? `${actual.length} element(s)` : isPresent ? show(actual) : '(absent)' }];
    }
    return items.flatMap((item, i) => compare(actual[i], i < actual.length, item, [...path, i]));
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return [{ path, expected: text('목록', 'a list'), actual: isPresent ? show(actual) : '(absent)' }];
    return pattern.flatMap((item, i) => {
      const candidates = actual.map((a, j) => ({ j, misses: compare(a, true, item as Pattern, [...path, j]) }));
      if (candidates.some((c) => c.misses.length === 0)) return [];
      // No element matches: report against the closest one (fewest mismatches), or the list itself.
      const best = [...candidates].sort((a, b) => a.misses.length - b.misses.length)[0];
      if (best && isRecord(item) && !isExpression(item) && !isInOrder(item)) return best.misses;
      return [{ path: [...path, i], expected: text(`목록에 ${describePattern(item as Pattern).ko}인 원소`, `an element ${describePattern(item as Pattern).en} in the list`), actual: show(actual) }];
    });
  }
  if (isRecord(pattern)) {
    if (!isRecord(actual)) return [{ path, expected: text('매핑', 'a mapping'), actual: isPresent ? show(actual) : '(absent)' }];
    return Object.entries(pattern).flatMap(([key, sub]) => compare(actual[key], key in actual && actual[key] !== undefined, sub, [...path, key]));
  }
  return isPresent && actual === pattern ? [] : [{ path, expected: text(show(pattern), show(pattern)), actual: isPresent ? show(actual) : '(absent)' }];
}

/** How a pattern reads in a message. */
export function describePattern(p: Pattern): Text {
  if (isExpression(p)) return p.describe;
  if (isInOrder(p)) return text(`원소 ${p[IN_ORDER].length}개`, `${p[IN_ORDER].length} element(s) in order`);
  if (Array.isArray(p) || isRecord(p)) return text(show(p), show(p));
  return text(show(p), show(p));
}

/** Leaf expectations in a pattern: the unit of partial credit. */
export function countExpectations(p: Pattern): number {
  if (isExpression(p) || p === null || typeof p !== 'object') return 1;
  if (isInOrder(p)) return Math.max(1, p[IN_ORDER].reduce((n: number, x: Pattern) => n + countExpectations(x), 0));
  if (Array.isArray(p)) return Math.max(1, p.reduce((n: number, x) => n + countExpectations(x as Pattern), 0));
  return Math.max(1, Object.values(p).reduce((n: number, x) => n + countExpectations(x as Pattern), 0));
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (isExpression(x) ? `<${x.describe.en}>` : x));
    return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  } catch {
    return String(v);
  }
}
