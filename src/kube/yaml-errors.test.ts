import { describe, expect, it } from 'vitest';
import { loadManifests, type LoadProblem } from './load.ts';

/** The one problem a file with one YAML mistake has. */
function only(source: string): LoadProblem {
  const { manifests, problems } = loadManifests('pod.yaml', source);
  expect(manifests).toEqual([]);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

const POD_HEAD = 'apiVersion: v1\nkind: Pod\n';

describe('YAML mistakes, said precisely (ko, en) with file:line:column', () => {
  it('a key under a list item indented one space too little: which columns the keys above start at', () => {
    const p = only(`${POD_HEAD}metadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n     ports:\n        - containerPort: 80\n`);
    expect(p).toMatchObject({ code: 'YAMLSyntax', mistake: 'Indentation', position: { file: 'pod.yaml', line: 9, column: 6 } });
    expect(p.message.en).toBe(
      "YAML syntax error: 'ports' is indented to column 6, which lines up with no key above it; keys above start at column 7 (line 8, 'image') and column 3 (line 6, 'containers'). Line it up with the keys it belongs with",
    );
    expect(p.message.ko).toBe(
      "YAML 구문 오류: 'ports'의 들여쓰기(6열)가 위의 어느 키와도 맞지 않는다. 위 키들의 시작 열: 7열(8행 'image'), 3열(6행 'containers'). 같은 단계의 키와 열을 맞추자",
    );
    // The package's own words stay available, and the old "closing quote" message is gone.
    expect(p.detail).toBe('MISSING_CHAR: Sequence item without - indicator');
    expect(p.message.en).not.toContain('quote');
  });

  it('reads files with Windows line ends the same way', () => {
    const p = only(`${POD_HEAD}metadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n     ports: []\n`.replaceAll('\n', '\r\n'));
    expect(p).toMatchObject({ mistake: 'Indentation', position: { line: 9, column: 6 } });
    expect(p.message.en).toContain("keys above start at column 7 (line 8, 'image') and column 3 (line 6, 'containers')");
  });

  it('a key indented less than its siblings, at a column that fits no parent', () => {
    const p = only(`${POD_HEAD}metadata:\n  name: web\n  labels:\n    app: web\n   tier: front\n`);
    expect(p).toMatchObject({ mistake: 'Indentation', position: { line: 7, column: 4 } });
    expect(p.message.en).toBe(
      "YAML syntax error: 'tier' is indented to column 4, which lines up with no key above it; keys above start at column 5 (line 6, 'app') and column 3 (line 5, 'labels'). Line it up with the keys it belongs with",
    );
    expect(p.message.ko).toBe("YAML 구문 오류: 'tier'의 들여쓰기(4열)가 위의 어느 키와도 맞지 않는다. 위 키들의 시작 열: 5열(6행 'app'), 3열(5행 'labels'). 같은 단계의 키와 열을 맞추자");
    expect(p.detail).toMatch(/^BAD_INDENT: /);
  });

  it('a key indented deeper than the key above it, which already has a value', () => {
    const p = only(`${POD_HEAD}metadata:\n  name: web\n   labels: {}\n`);
    expect(p).toMatchObject({ mistake: 'Indentation', position: { line: 5, column: 4 } });
    expect(p.message.en).toBe("YAML syntax error: 'labels' (column 4) is indented deeper than 'name' on line 4 (column 3), which already has a value. Line the two keys up");
    expect(p.message.ko).toBe("YAML 구문 오류: 'labels'의 들여쓰기(4열)가 4행 'name'의 들여쓰기(3열)보다 깊은데, 'name'에는 이미 값이 있다. 두 키의 열을 맞추자");
    expect(p.detail).toMatch(/^BLOCK_AS_IMPLICIT_KEY: /);
  });

  it('the first key of a file indented, the next one not', () => {
    const p = only(' apiVersion: v1\nkind: Pod\n');
    expect(p).toMatchObject({ mistake: 'Indentation', position: { line: 2, column: 1 } });
    expect(p.message.en).toContain("keys above start at column 2 (line 1, 'apiVersion')");
    expect(p.message.ko).toContain("2열(1행 'apiVersion')");
  });

  it('a line of a text block (key: |) indented too little to stay in it', () => {
    const p = only('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata:\n  app.properties: |\n    color=blue\n  size=10\n');
    expect(p).toMatchObject({ mistake: 'Indentation', position: { line: 7, column: 3 } });
    expect(p.message.en).toBe("YAML syntax error: this line is indented less than the text of 'app.properties: |' on line 5, so YAML reads it as a new key: indent it to column 5 like the text above");
    expect(p.message.ko).toBe("YAML 구문 오류: 이 줄이 5행 'app.properties: |'의 텍스트보다 덜 들여 쓰여 YAML이 새 키로 읽는다. 위 텍스트처럼 5열에 맞추자");
  });

  it('a tab used for indentation, and nothing more about the lines it throws off', () => {
    const p = only(`${POD_HEAD}metadata:\n  name: web\nspec:\n  containers:\n    - name: web\n\t  image: nginx\n      ports: []\n  restartPolicy: Always\n`);
    expect(p).toMatchObject({ mistake: 'TabIndentation', position: { line: 8, column: 1 } });
    expect(p.message.en).toBe('YAML syntax error: a tab is used for indentation (YAML allows spaces only)');
    expect(p.message.ko).toBe('YAML 구문 오류: 들여쓰기에 탭을 썼다 (YAML은 공백만 허용한다)');
  });

  it('a missing colon after a key', () => {
    const p = only('apiVersion: v1\nkind Pod\nmetadata:\n  name: web\n');
    expect(p).toMatchObject({ mistake: 'MissingColon', position: { line: 2, column: 1 } });
    expect(p.message.en).toBe("YAML syntax error: 'kind Pod' has no colon after the key: write 'kind: Pod'");
    expect(p.message.ko).toBe("YAML 구문 오류: 'kind Pod'에서 키 뒤에 콜론(:)이 없다. 'kind: Pod'처럼 쓰자");
    const bare = only(`${POD_HEAD}metadata\n  name: web\n`);
    expect(bare).toMatchObject({ mistake: 'MissingColon', position: { line: 3, column: 1 } });
    expect(bare.message.en).toContain("write 'metadata:'");
  });

  it('a missing space after the colon (image:nginx)', () => {
    const p = only(`${POD_HEAD}metadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image:nginx\n`);
    expect(p).toMatchObject({ mistake: 'MissingSpaceAfterColon', position: { line: 7, column: 7 } });
    expect(p.message.en).toBe("YAML syntax error: 'image:nginx' needs a space after the colon: write 'image: nginx'");
    expect(p.message.ko).toBe("YAML 구문 오류: 'image:nginx'에서 콜론(:) 뒤에 공백이 없다. 'image: nginx'처럼 쓰자");
    expect(p.detail).toMatch(/^MISSING_CHAR: /);
    // Followed by another key, the package reports it differently; the mistake is the same.
    const mid = only(`${POD_HEAD}metadata:\n  name:web\n  labels: {}\n`);
    expect(mid).toMatchObject({ mistake: 'MissingSpaceAfterColon', position: { line: 4, column: 3 } });
    expect(mid.detail).toMatch(/^MULTILINE_IMPLICIT_KEY: /);
  });

  it('a list item whose dash does not line up with the items above', () => {
    const p = only(`${POD_HEAD}metadata: {name: web}\nspec:\n  containers:\n    - name: a\n      image: nginx\n   - name: b\n     image: redis\n`);
    expect(p).toMatchObject({ mistake: 'ListItemIndentation', position: { line: 8, column: 4 } });
    expect(p.message.en).toBe("YAML syntax error: this list item ('-' at column 4) does not line up with the item on line 6 ('-' at column 5). Items of one list start at the same column");
    expect(p.message.ko).toBe("YAML 구문 오류: 4열의 '-'로 시작하는 목록 항목이 6행의 항목(5열)과 열이 맞지 않는다. 한 목록의 항목은 같은 열에서 시작한다");
    const right = only(`${POD_HEAD}metadata: {name: web}\nspec:\n  containers:\n    - name: a\n      image: nginx\n     - name: b\n       image: redis\n`);
    expect(right).toMatchObject({ mistake: 'ListItemIndentation', position: { line: 8, column: 6 } });
    expect(right.detail).toMatch(/^BAD_INDENT: /);
  });

  it('a list whose dashes start left of the key it belongs to', () => {
    const p = only(`${POD_HEAD}metadata: {name: web}\nspec:\n  containers:\n - name: a\n   image: nginx\n`);
    expect(p).toMatchObject({ mistake: 'ListItemIndentation', position: { line: 6, column: 2 } });
    expect(p.message.en).toBe("YAML syntax error: this list item ('-' at column 2) is indented less than 'containers' on line 5 (column 3), the key it belongs to: move it to column 3 or further right");
    expect(p.message.ko).toBe("YAML 구문 오류: 2열의 '-'로 시작하는 목록 항목이 속한 키 'containers'(5행, 3열)보다 덜 들여 쓰였다. 3열이나 그보다 오른쪽으로 옮기자");
  });

  it('an unclosed quote: the only mistake that keeps "a closing quote is missing", pointing at the opening quote', () => {
    const p = only(`${POD_HEAD}metadata:\n  name: "web\n  labels: {}\n`);
    expect(p).toMatchObject({ mistake: 'UnclosedQuote', position: { line: 4, column: 9 } });
    expect(p.message.en).toBe('YAML syntax error: a closing quote is missing: the " that opens here is never closed (end the value with ")');
    expect(p.message.ko).toBe('YAML 구문 오류: 닫는 따옴표가 빠졌다: 여기서 연 "를 닫지 않았다 (값 끝에 "를 붙이자)');
    // An escaped quote does not close the string; a doubled single quote does not either.
    expect(only(`${POD_HEAD}metadata:\n  name: "web\\"\n`)).toMatchObject({ mistake: 'UnclosedQuote', position: { line: 4, column: 9 } });
    expect(only(`${POD_HEAD}metadata:\n  name: 'it''\n`).message.en).toContain("the ' that opens here is never closed");
  });

  it('an unclosed bracket, and a bracket closed with the wrong character', () => {
    const p = only(`${POD_HEAD}metadata: {name: web}\nspec:\n  containers:\n    - name: web\n      args: [--port, "80"\n      image: nginx\n`);
    expect(p).toMatchObject({ mistake: 'UnclosedBracket', position: { line: 7, column: 13 } });
    expect(p.message.en).toBe('YAML syntax error: a closing bracket is missing: the [ that opens here is never closed with ]');
    expect(p.message.ko).toBe('YAML 구문 오류: 닫는 괄호가 빠졌다: 여기서 연 [를 ]로 닫지 않았다');
    const wrong = only(`${POD_HEAD}metadata: {name: web]\n`);
    expect(wrong).toMatchObject({ mistake: 'UnclosedBracket', position: { line: 3, column: 11 } });
    expect(wrong.message.en).toBe('YAML syntax error: a bracket is closed with the wrong character: the { that opens here ends with ] instead of }');
    expect(wrong.message.ko).toBe('YAML 구문 오류: 괄호를 잘못 닫았다: 여기서 연 {를 }가 아니라 ]로 닫았다');
  });

  it('a duplicate key, with the line of its first occurrence', () => {
    const p = only(`${POD_HEAD}metadata:\n  name: web\n  labels:\n    app: web\n    app: shop\n`);
    expect(p).toMatchObject({ mistake: 'DuplicateKey', position: { line: 7, column: 5 } });
    expect(p.message.en).toBe("YAML syntax error: the same key appears twice in one mapping: 'app' (first on line 6). Keep one");
    expect(p.message.ko).toBe("YAML 구문 오류: 한 매핑에 같은 키가 두 번 나온다: 'app' (처음은 6행). 하나만 남기자");
    // One repeated root key is a duplicate, not a second object.
    expect(only('apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata: {name: a}\n').mistake).toBe('DuplicateKey');
  });

  it('two objects without --- between them, one problem for each object that starts without it', () => {
    const { problems } = loadManifests('app.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\napiVersion: v1\nkind: Service\nmetadata:\n  name: c\n');
    expect(problems.map((p) => [p.mistake, p.position.line, p.position.column])).toEqual([
      ['MissingDocumentSeparator', 5, 1],
      ['MissingDocumentSeparator', 9, 1],
    ]);
    expect(problems[0]!.message.en).toBe("YAML syntax error: 'apiVersion' appears again (first on line 1), so a second object starts here without a '---' line: add a line '---' before line 5");
    expect(problems[0]!.message.ko).toBe("YAML 구문 오류: 'apiVersion' 키가 다시 나온다(처음은 1행): 여기서 두 번째 오브젝트가 '---' 줄 없이 시작된다. 5행 앞에 '---' 줄을 넣자");
  });

  it('a value with ": " in it that needs quotes', () => {
    const p = only('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: greeting}\ndata:\n  message: Hello: world\n');
    expect(p).toMatchObject({ mistake: 'ColonInValue', position: { line: 5, column: 12 } });
    expect(p.message.en).toBe(`YAML syntax error: the value 'Hello: world' contains ': ', which YAML reads as the start of another key: quote the value, message: "Hello: world"`);
    expect(p.message.ko).toBe(`YAML 구문 오류: 값 'Hello: world' 안의 ': '를 YAML이 또 다른 키의 시작으로 읽는다. message: "Hello: world"처럼 값을 따옴표로 감싸자`);
    // A value that holds a double quote is suggested in single quotes.
    expect(only('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: g}\ndata:\n  msg: say "hi": now\n').message.en).toContain(`msg: 'say "hi": now'`);
  });

  it('other errors keep a short description, and the package message when there is none', () => {
    const at = only(`${POD_HEAD}metadata:\n  name: @web\n`);
    expect(at).toMatchObject({ mistake: 'Other', position: { line: 4, column: 9 } });
    expect(at.message.en).toBe('YAML syntax error: a value starts with a character that is not allowed (quote it)');
    const brace = only(`${POD_HEAD}metadata: {name: a}}\n`);
    expect(brace.message.en).toBe("YAML syntax error: there is an unexpected character: '}'");
    expect(brace.message.ko).toBe("YAML 구문 오류: 예상하지 못한 문자가 있다: '}'");
    const comma = only(`${POD_HEAD}metadata: {name: a}\nspec:\n  args: ["a" "b"]\n`);
    expect(comma.message.en).toBe('YAML syntax error: the YAML cannot be parsed (MISSING_CHAR: Missing , or : between flow sequence items)');
  });

  it('explains each document of a file on its own', () => {
    const { manifests, problems } = loadManifests('two.yaml', `${POD_HEAD}metadata: {name: a}\n---\n${POD_HEAD}metadata:\n  name: b\n   labels: {}\n`);
    expect(manifests.map((m) => m.object.metadata.name)).toEqual(['a']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ mistake: 'Indentation', position: { line: 9, column: 4 } });
    expect(problems[0]!.message.en).toContain("than 'name' on line 8");
  });
});
