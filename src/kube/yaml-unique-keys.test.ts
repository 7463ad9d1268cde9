import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isNode, isPair, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { loadManifests } from './load.ts';
import { explainYamlErrors, type YamlSyntaxError } from './yaml-errors.ts';
import { YamlSource } from './yaml-source.ts';
import { checkUniqueKeys } from './yaml-unique-keys.ts';

/** What the loader said before checkUniqueKeys: the same errors, found by the `yaml` package's own (quadratic) check. */
function withPackageCheck(source: string): YamlSyntaxError[] {
  const docs = parseAllDocuments(source, { prettyErrors: false, uniqueKeys: true, schema: 'yaml-1.1' });
  if (!Array.isArray(docs)) return [];
  const src = new YamlSource(source);
  return docs.flatMap((doc) => (doc.errors.length > 0 ? explainYamlErrors(doc, src) : []));
}

function withOurCheck(source: string): YamlSyntaxError[] {
  const docs = parseAllDocuments(source, { prettyErrors: false, uniqueKeys: false, keepSourceTokens: true, schema: 'yaml-1.1' });
  if (!Array.isArray(docs)) return [];
  const src = new YamlSource(source);
  return docs.flatMap((doc) => {
    checkUniqueKeys(doc);
    return doc.errors.length > 0 ? explainYamlErrors(doc, src) : [];
  });
}

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n';

describe('duplicate keys, found in one pass', () => {
  it('loads a mapping of 60,000 distinct keys (1 MB), which the package checked in quadratic time', () => {
    let source = `${CM}data:\n`;
    for (let i = 0; i < 60_000; i++) source += `  k${String(i).padStart(5, '0')}: v${i}\n`;
    const { manifests, problems } = loadManifests('big.yaml', source);
    expect(problems).toEqual([]);
    expect(Object.keys(manifests[0]!.object.data as object)).toHaveLength(60_000);
    // The last one is still told apart from the first.
    const twice = loadManifests('big.yaml', `${source}  k00000: again\n`).problems;
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatchObject({ mistake: 'DuplicateKey', position: { line: 60_006, column: 3 } });
    expect(twice[0]!.message.en).toBe("YAML syntax error: the same key appears twice in one mapping: 'k00000' (first on line 6). Keep one");
  });

  it('compares keys by value as the package does: 1 and "1" differ, ~ and null do not, .nan and << never repeat', () => {
    const keys = (body: string) => loadManifests('k.yaml', `${CM}${body}`).problems.map((p) => [p.mistake, p.position.line]);
    expect(keys('data:\n  1: a\n  "1": b\n')).toEqual([]);
    expect(keys('x:\n  ~: a\n  null: b\n  0x10: c\n  16: d\n')).toEqual([
      ['DuplicateKey', 7],
      ['DuplicateKey', 9],
    ]);
    expect(keys('x:\n  .nan: a\n  .NaN: b\n')).toEqual([]);
    expect(keys('a: &a {p: 1}\nb: &b {q: 1}\nx:\n  <<: *a\n  <<: *b\n')).toEqual([]);
  });

  it('reports a key where the package did, also in its odd places: at the colon of an empty key, at the end of the line before', () => {
    // An empty key is reported at its ':'; a key after a nested mapping whose last value is empty, at
    // the end of that value's line (the package's offset for it, kept as it was).
    const cases = [
      `${CM}data:\n  : a\n  : b\n`,
      `${CM}spec:\n  t:\nkind: Pod\n`,
      `${CM}data: {a: 1, ? a : 2}\n`,
      `${CM}data:\n  ? a\n  : 1\n  ? a\n  : 2\n`,
      `${CM}data:\n  !!str a: 1\n  &x a: 2\n`,
    ];
    for (const source of cases) expect(withOurCheck(source), source).toEqual(withPackageCheck(source));
    const [emptyKey] = loadManifests('e.yaml', cases[0]!).problems;
    expect(emptyKey).toMatchObject({ mistake: 'DuplicateKey', position: { line: 7, column: 3 } });
    expect(emptyKey!.message.en).toBe('YAML syntax error: the same key appears twice in one mapping. Keep one');
    expect(loadManifests('n.yaml', cases[1]!).problems[0]).toMatchObject({ mistake: 'DuplicateKey', position: { line: 6, column: 5 } });
  });

  it('says what the package says, duplicates among other YAML mistakes included (generated files, one seed)', () => {
    const key = fc.constantFrom('a', 'b', 'name', 'app', '"a"', "'a'", '1', '"1"', '~', 'null', '', '? a', '&x a', '!!str a', 'kind', 'apiVersion');
    const value = fc.constantFrom('x', '1', '', '{a: 1, a: 2}', '{a: 1}', '[a, b]', '"q"', '*x', 'a: b', '|', '{', "'", 'web # c');
    const line = fc
      .record({ indent: fc.integer({ min: 0, max: 6 }), dash: fc.boolean(), key, colon: fc.constantFrom(': ', ':', ' ', ':  '), value })
      .map(({ indent, dash, key, colon, value }) => `${' '.repeat(indent)}${dash ? '- ' : ''}${key}${colon}${value}`);
    const file = fc.array(fc.oneof({ weight: 12, arbitrary: line }, { weight: 1, arbitrary: fc.constant('---') }, { weight: 1, arbitrary: fc.constant('# note') }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(file, fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const source = `${lines.join(eol)}\n`;
        expect(withOurCheck(source)).toEqual(withPackageCheck(source));
      }),
      { seed: 20261122, numRuns: 3000 },
    );
  });

  it('lets go of the source tokens it read, so the syntax tree is not kept as long as the document', () => {
    const doc = parseDocument(`${CM}data:\n  a: &x [1, {b: 2}]\n  c: *x\n  ? {d: 1}\n  : e\n`, { uniqueKeys: false, keepSourceTokens: true, schema: 'yaml-1.1' });
    expect((doc.contents as { srcToken?: unknown }).srcToken).toBeDefined(); // what there is to let go of
    checkUniqueKeys(doc);
    const held: unknown[] = [];
    const stack: unknown[] = [doc.contents];
    while (stack.length > 0) {
      const node = stack.pop();
      if ((isNode(node) || isPair(node)) && (node as { srcToken?: unknown }).srcToken !== undefined) held.push(node);
      if (isMap(node) || isSeq(node)) stack.push(...node.items);
      else if (isPair(node)) stack.push(node.key, node.value);
    }
    expect(held).toEqual([]);
  });
});
