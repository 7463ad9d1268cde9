/** The check most labs start with: every submitted file loaded and every object passed validation. */
import { formatPosition } from '../kube/position.ts';
import { text, type Text } from '../kube/text.ts';
import type { CheckContext } from './context.ts';
import { fail, pass, type Check, type Outcome } from './grader.ts';

/** Fails on the first load or validation problem (file:line), marking up to ten of them; passes with the object count. */
export function manifestsValid(ctx: CheckContext): Outcome {
  const { problems, manifests } = ctx.submission;
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length - 1;
    return fail(
      text(
        `${formatPosition(first.position)}: ${first.message.ko}${more > 0 ? ` (그 밖에 문제 ${more}개)` : ''}`,
        `${formatPosition(first.position)}: ${first.message.en}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
      ),
      problems.slice(0, 10).map((p) => p.position),
    );
  }
  if (manifests.length === 0) return fail(text('제출한 파일에 쿠버네티스 오브젝트가 하나도 없다.', 'the submitted files contain no Kubernetes object.'));
  return pass(text(`오브젝트 ${manifests.length}개를 읽었고 모두 유효하다.`, `${manifests.length} object(s) loaded, all valid.`));
}

/** Hints that suit any lab's manifests-valid check. */
export const manifestHints = {
  indentation: text('YAML은 들여쓰기에 공백만 쓴다. 같은 수준의 키는 같은 열에서 시작해야 한다.', 'YAML indents with spaces only; keys at the same level must start in the same column.'),
  dryRun: text('`kubectl apply --dry-run=server -f .`로 API 서버가 무엇을 거부하는지 볼 수 있다.', '`kubectl apply --dry-run=server -f .` shows what the API server rejects.'),
};

/** The check `manifests-valid` (manifestsValid), worth `points`, with the lab's hints. */
export function manifestsValidCheck(points: number, hints: Text[]): Check {
  return { id: 'manifests-valid', title: text('매니페스트를 읽을 수 있고 유효하다', 'The manifests load and are valid'), points, hints, run: manifestsValid };
}
