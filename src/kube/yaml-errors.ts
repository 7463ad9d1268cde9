import type { ErrorCode } from 'yaml';
import { text, type Text } from './text.ts';

/** What each parser error code of the `yaml` package means, said to a student. */
const MESSAGES: Partial<Record<ErrorCode, Text>> = {
  BAD_INDENT: text('들여쓰기가 맞지 않는다', 'the indentation is wrong'),
  TAB_AS_INDENT: text('들여쓰기에 탭을 썼다 (YAML은 공백만 허용한다)', 'a tab is used for indentation (YAML allows spaces only)'),
  DUPLICATE_KEY: text('같은 키가 두 번 나온다', 'the same key appears twice'),
  MISSING_CHAR: text('닫는 따옴표나 괄호가 빠졌다', 'a closing quote or bracket is missing'),
  UNEXPECTED_TOKEN: text('예상하지 못한 문자가 있다', 'there is an unexpected character'),
  BLOCK_AS_IMPLICIT_KEY: text('키 자리에 블록이 왔다 (콜론 뒤에 공백이 빠졌거나 들여쓰기가 틀렸다)', 'a block is used as a key (a space after a colon is missing, or the indentation is off)'),
  MULTILINE_IMPLICIT_KEY: text('키가 여러 줄에 걸쳐 있다 (콜론이 빠졌을 수 있다)', 'a key spans several lines (a colon may be missing)'),
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

/** What the error code means, or undefined for codes without a description of their own. */
export function yamlErrorText(code: ErrorCode): Text | undefined {
  return MESSAGES[code];
}
