/** Outcomes graders give about one object of the submission: it is missing, or the API server refused it. */
import type { ApplyResult } from '../backends/backend.ts';
import { text, type Text } from '../kube/text.ts';
import type { CheckContext, SubmittedObject } from './context.ts';
import { fail, type Outcome } from './grader.ts';

/** "There is no X", or, when files failed to load, that X could not be read. */
export function missingObject(ctx: CheckContext, what: Text, kind: string, apiVersion: string): Outcome {
  if (ctx.submission.problems.length > 0) {
    return fail(text(`${what.ko}을(를) 읽지 못했다: 먼저 매니페스트의 오류를 고치자.`, `no ${what.en} could be read: fix the errors in the manifests first.`));
  }
  return fail(text(`${what.ko}이(가) 없다: \`kind: ${kind}\`, \`apiVersion: ${apiVersion}\`인 오브젝트를 작성하자.`, `there is no ${what.en}: write an object with \`kind: ${kind}\` and \`apiVersion: ${apiVersion}\`.`));
}

/** The API server's refusal of a submitted object among `applied`, marked at the refused fields; undefined when it was accepted. */
export function rejectedObject<T>(applied: readonly ApplyResult[], x: SubmittedObject<T>): Outcome | undefined {
  const r = applied.find((a) => a.kind === x.object.kind && a.name === x.object.metadata.name);
  if (!r?.error) return undefined;
  return fail(
    text(`API 서버가 ${x.object.kind} ${x.object.metadata.name}을(를) 거부했다: ${r.error.message.ko}`, `the API server rejected ${x.object.kind} ${x.object.metadata.name}: ${r.error.message.en}`),
    r.error.fields.map((f) => x.at(f)),
  );
}
